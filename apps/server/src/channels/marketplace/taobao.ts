import { z } from 'zod';
import { ImMessage, ImRefused, type ImBatch, type ImReply, type MarketplaceIm } from './contract.ts';
import { idText, postForm } from './http.ts';
import { chinaTimestamp, parseChinaTimestamp, signParams, type SignMethod } from './signing.ts';

/**
 * Taobao / Tmall (旺旺 / 千牛) over the Taobao Open Platform (TOP): every call is a form POST to the router with the
 * app key, the seller's session, a China-time timestamp and a signature (signing.ts; md5, hmac or hmac-sha256).
 * Buyers' chat messages come through the message service (TMC) by polling: `taobao.tmc.messages.consume` hands out a
 * batch of the app's group, `taobao.tmc.messages.confirm` acknowledges it once kefu has stored it — a batch not
 * confirmed is handed out again, so nothing is lost, and kefu stores each message id once. Buyers are known by their
 * OpenUid (Taobao no longer gives their nick). Replies go out with the cloud customer-service send call.
 */
export interface TaobaoOptions {
  appKey: string;
  appSecret: string;
  /** The seller's authorisation (TOP session key). */
  session: string;
  /** https://eco.taobao.com/router/rest; a test points it at its own server. */
  apiUrl: string;
  /** The TMC group the app's chat topic is delivered to. */
  group: string;
  signMethod?: SignMethod;
  timeoutMs?: number;
}

/** The TMC topic buyers' chat messages arrive on, and the call that sends a reply (the app subscribes and is granted both). */
export const TAOBAO_CHAT_TOPIC = 'taobao_qianniu_CloudKefuMessage';
export const TAOBAO_SEND_METHOD = 'taobao.qianniu.cloudkefu.message.send';

/** TOP error codes a later try can get past: call limits, the platform's own faults and timeouts. */
const TRANSIENT_CODES = new Set(['7', '10', '11', '520']);

const TmcMessage = z.object({ id: z.union([z.number(), z.string()]), topic: z.string(), content: z.string() });
const ConsumeAnswer = z.object({
  tmc_messages_consume_response: z.object({
    messages: z.object({ tmc_message: z.array(z.unknown()) }).optional(),
  }),
});
/** A chat message's content: the buyer's OpenUid, what they sent and when; `direction` says who wrote it. */
const ChatContent = z.object({
  msg_id: z.union([z.number(), z.string()]),
  direction: z.enum(['buyer', 'seller']).default('buyer'),
  buyer_open_uid: z.string(),
  buyer_nick: z.string().optional(),
  msg_type: z.enum(['text', 'order', 'image']),
  content: z.string(),
  send_time: z.string(),
});

export function taobaoIm(options: TaobaoOptions): MarketplaceIm {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signMethod = options.signMethod ?? 'hmac-sha256';

  async function call(method: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const all: Record<string, string> = {
      method,
      app_key: options.appKey,
      session: options.session,
      timestamp: chinaTimestamp(new Date()),
      format: 'json',
      v: '2.0',
      sign_method: signMethod,
      ...params,
    };
    all.sign = signParams(all, options.appSecret, signMethod);
    const answer = await postForm(options.apiUrl, all, timeoutMs);
    const error = answer.error_response as { code?: unknown; msg?: string; sub_code?: string; sub_msg?: string } | undefined;
    if (error) {
      const code = idText(error.code);
      const transient = TRANSIENT_CODES.has(code) || /^isp\./.test(error.sub_code ?? '');
      throw new ImRefused(error.sub_code || code || 'error', error.sub_msg || error.msg || 'refused', !transient);
    }
    return answer;
  }

  return {
    platform: 'taobao',
    async send(buyerId: string, reply: ImReply) {
      await call(TAOBAO_SEND_METHOD, {
        buyer_open_uid: buyerId,
        msg_type: reply.kind,
        content: reply.kind === 'text' ? reply.text : reply.orderNo,
      });
    },
    async poll(): Promise<ImBatch> {
      const answer = ConsumeAnswer.safeParse(await call('taobao.tmc.messages.consume', { group_name: options.group, quantity: '200' }));
      if (!answer.success) throw new ImRefused('unreadable', 'the consume answer is not the TMC shape', false);
      const batch: ImBatch = { messages: [], unreadable: [], confirm: async () => {} };
      const ids: string[] = [];
      for (const raw of answer.data.tmc_messages_consume_response.messages?.tmc_message ?? []) {
        const tmc = TmcMessage.safeParse(raw);
        if (!tmc.success) continue; // without an id it cannot be confirmed either: TOP hands it out again, then drops it
        ids.push(idText(tmc.data.id));
        const read = readChat(tmc.data.topic, tmc.data.content);
        if (typeof read === 'string') batch.unreadable.push({ id: idText(tmc.data.id), reason: read });
        else if (read) batch.messages.push(read);
      }
      batch.confirm = async () => {
        if (ids.length) await call('taobao.tmc.messages.confirm', { group_name: options.group, s_message_ids: ids.join(',') });
      };
      return batch;
    },
  };
}

/** A TMC message as a buyer's message; null for one kefu has no use for (the shop's own side); a string says why not. */
function readChat(topic: string, content: string): ImMessage | null | string {
  if (topic !== TAOBAO_CHAT_TOPIC) return `topic ${topic} is not the chat topic`;
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return 'content is not JSON';
  }
  const chat = ChatContent.safeParse(json);
  if (!chat.success) return `content: ${chat.error.issues[0]?.path.join('.')} ${chat.error.issues[0]?.message}`;
  if (chat.data.direction === 'seller') return null;
  const sentAt = parseChinaTimestamp(chat.data.send_time);
  const message = ImMessage.safeParse({
    id: idText(chat.data.msg_id),
    buyerId: chat.data.buyer_open_uid,
    buyerNick: chat.data.buyer_nick ?? null,
    kind: chat.data.msg_type,
    body: chat.data.content,
    sentAt,
  });
  return message.success ? message.data : `${message.error.issues[0]?.path.join('.')}: ${message.error.issues[0]?.message}`;
}
