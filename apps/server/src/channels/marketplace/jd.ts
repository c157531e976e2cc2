import { z } from 'zod';
import { ImPushRefused, ImRefused, type ImMessage, type ImPush, type ImReply, type MarketplaceIm } from './contract.ts';
import { idText, postForm } from './http.ts';
import { checkedMessage, jsonField, readSignedFields } from './push.ts';
import { chinaTimestamp, signParams } from './signing.ts';

/**
 * JD (京麦 / 咚咚) over the JD Open Platform (JOS): calls are form POSTs to routerjson with the app key, the seller's
 * access token, a China-time timestamp, v 2.0, the business parameters as one JSON (`360buy_param_json`) and an md5
 * signature (signing.ts). Buyers' messages are pushed to kefu: one message per request, its fields signed the same way
 * with the app secret, refused when the signature, the app key or the timestamp (5 minutes) is wrong. Buyers are known
 * by their JD buyer id (the encrypted pin).
 */
export interface JdOptions {
  appKey: string;
  appSecret: string;
  accessToken: string;
  /** https://api.jd.com/routerjson; a test points it at its own server. */
  apiUrl: string;
  timeoutMs?: number;
}

export const JD_CHAT_TOPIC = 'jd_dd_ChatMessage';
export const JD_SEND_METHOD = 'jingdong.dd.message.send';

/** JOS codes a later try can get past: the platform busy, its back end unavailable, call limits. */
const TRANSIENT_CODES = new Set(['1', '67', '19', '44']);

/** A pushed chat message: the buyer, what they sent, when (ms). */
const JdChat = z.object({
  msgId: z.union([z.string(), z.number()]),
  buyerId: z.string(),
  buyerNick: z.string().optional(),
  type: z.enum(['text', 'order', 'image']),
  content: z.string(),
  time: z.number().int(),
});

export function jdIm(options: JdOptions): MarketplaceIm {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    platform: 'jd',
    async send(buyerId: string, reply: ImReply) {
      const params: Record<string, string> = {
        method: JD_SEND_METHOD,
        app_key: options.appKey,
        access_token: options.accessToken,
        timestamp: chinaTimestamp(new Date()),
        v: '2.0',
        '360buy_param_json': JSON.stringify({
          buyerId,
          type: reply.kind,
          content: reply.kind === 'text' ? reply.text : reply.orderNo,
        }),
      };
      params.sign = signParams(params, options.appSecret);
      const answer = await postForm(options.apiUrl, params, timeoutMs);
      const error = answer.error_response as { code?: unknown; zh_desc?: string; en_desc?: string } | undefined;
      if (error) {
        const code = idText(error.code);
        throw new ImRefused(code || 'error', error.zh_desc || error.en_desc || 'refused', !TRANSIENT_CODES.has(code));
      }
      // JOS answers under "<method with _>_responce" (its own spelling), with the call's result code inside.
      const body = answer[`${JD_SEND_METHOD.replace(/\./g, '_')}_responce`] as
        { code?: unknown; returnType?: { success?: boolean; message?: string } } | undefined;
      if (!body) throw new ImRefused('unreadable', 'no send answer', false);
      if (body.returnType && body.returnType.success === false) throw new ImRefused('refused', body.returnType.message ?? 'refused', true);
    },
    readPush(push: ImPush): ImMessage[] {
      const fields = readSignedFields(push.body, 'app_key', options.appKey, options.appSecret);
      if (fields.topic !== JD_CHAT_TOPIC) throw new ImPushRefused(400, `topic: ${fields.topic ?? 'missing'} is not the chat topic`);
      const chat = JdChat.safeParse(jsonField(fields, 'content'));
      if (!chat.success) {
        const issue = chat.error.issues[0]!;
        throw new ImPushRefused(400, `content.${issue.path.join('.')}: ${issue.message}`);
      }
      return [
        checkedMessage(
          {
            id: idText(chat.data.msgId),
            buyerId: chat.data.buyerId,
            buyerNick: chat.data.buyerNick ?? null,
            kind: chat.data.type,
            body: chat.data.content,
            sentAt: new Date(chat.data.time),
          },
          'content',
        ),
      ];
    },
  };
}
