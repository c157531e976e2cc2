import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { z } from 'zod';
import { ImMessage, ImRefused, type ImReply, type ImSink, type MarketplaceIm } from './contract.ts';
import { idText, postForm } from './http.ts';
import { signParams } from './signing.ts';

/**
 * Pinduoduo over its open platform: calls are form POSTs to the router (`type`, client id, the shop's access token,
 * a Unix timestamp, data_type JSON, md5 signature — signing.ts). Buyers' messages come over Pinduoduo's message
 * service, a WebSocket kefu keeps open to `<wss>/<client_id>/<timestamp ms>/<sign>` (sign = base64 of the md5 hex of
 * client id + timestamp + secret): each `Common` frame is one message, acknowledged (`Ack` with its id) only after
 * kefu stored it; one not acknowledged is delivered again. kefu beats every 10 s and reconnects with back-off.
 */
export interface PddOptions {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  /** https://gw-api.pinduoduo.com/api/router; a test points it at its own server. */
  apiUrl: string;
  /** wss://message-api.pinduoduo.com/message */
  messageUrl: string;
  timeoutMs?: number;
  heartbeatMs?: number;
}

export const PDD_CHAT_TYPE = 'pdd_chat_BuyerMessage';
export const PDD_SEND_TYPE = 'pdd.chat.message.send';

/** Error codes a later try can get past: call frequency limits and the platform's own faults. */
const TRANSIENT_CODES = new Set(['70031', '70032', '50000', '50001', '52101', '52102', '52103']);

const Frame = z.object({
  commandType: z.string(),
  id: z.union([z.number(), z.string()]).optional(),
  message: z.object({ type: z.string(), content: z.string() }).optional(),
});
const PddChat = z.object({
  msg_id: z.union([z.string(), z.number()]),
  buyer_id: z.union([z.string(), z.number()]),
  buyer_nick: z.string().optional(),
  type: z.enum(['text', 'order', 'image']),
  content: z.string(),
  ts: z.number().int(),
});

/** The message service's URL signature. */
export function pddSocketSign(clientId: string, timestamp: string, secret: string): string {
  return Buffer.from(createHash('md5').update(`${clientId}${timestamp}${secret}`).digest('hex')).toString('base64');
}

export function pddIm(options: PddOptions): MarketplaceIm {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    platform: 'pdd',
    async send(buyerId: string, reply: ImReply) {
      const params: Record<string, string> = {
        type: PDD_SEND_TYPE,
        client_id: options.clientId,
        access_token: options.accessToken,
        timestamp: String(Math.floor(Date.now() / 1000)),
        data_type: 'JSON',
        buyer_id: buyerId,
        msg_type: reply.kind,
        content: reply.kind === 'text' ? reply.text : reply.orderNo,
      };
      params.sign = signParams(params, options.clientSecret);
      const answer = await postForm(options.apiUrl, params, timeoutMs);
      const error = answer.error_response as { error_code?: unknown; error_msg?: string; sub_code?: unknown; sub_msg?: string } | undefined;
      if (error) {
        const code = idText(error.error_code);
        throw new ImRefused(idText(error.sub_code) || code || 'error', error.sub_msg || error.error_msg || 'refused', !TRANSIENT_CODES.has(code));
      }
    },
    listen(sink: ImSink) {
      return new PddSocket(options, sink);
    },
  };
}

/** The message service connection: open while kefu runs, reconnecting after a drop (1 s, doubling to 30 s). */
class PddSocket {
  private socket: WebSocket | null = null;
  private closed = false;
  private retryMs = 1000;
  private beat: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: PddOptions,
    private readonly sink: ImSink,
  ) {
    this.connect();
  }

  private connect(): void {
    const ts = String(Date.now());
    const sign = encodeURIComponent(pddSocketSign(this.options.clientId, ts, this.options.clientSecret));
    const socket = new WebSocket(`${this.options.messageUrl}/${this.options.clientId}/${ts}/${sign}`);
    this.socket = socket;
    socket.on('open', () => {
      this.retryMs = 1000;
      this.sink.status(true);
      this.beat = setInterval(() => socket.send(JSON.stringify({ commandType: 'HeartBeat', time: Date.now() })), this.options.heartbeatMs ?? 10_000);
    });
    socket.on('message', (data) => void this.frame(socket, data.toString()));
    socket.on('error', (err) => this.sink.status(false, err.message));
    socket.on('close', () => {
      if (this.beat) clearInterval(this.beat);
      this.sink.status(false, 'disconnected');
      if (this.closed) return;
      this.retry = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 30_000);
    });
  }

  private async frame(socket: WebSocket, text: string): Promise<void> {
    let parsed: z.output<typeof Frame>;
    try {
      parsed = Frame.parse(JSON.parse(text));
    } catch {
      return this.sink.unreadable('?', 'frame: not a message service frame');
    }
    if (parsed.commandType !== 'Common' || parsed.id === undefined || !parsed.message) return;
    const id = idText(parsed.id);
    const read = readChat(parsed.message.type, parsed.message.content);
    try {
      if (typeof read === 'string') this.sink.unreadable(id, read);
      else await this.sink.deliver([read]);
    } catch (err) {
      // Not stored: no Ack, so the service delivers it again.
      this.sink.status(true, `not stored: ${(err as Error).message}`);
      return;
    }
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ commandType: 'Ack', id: parsed.id, time: Date.now() }));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.beat) clearInterval(this.beat);
    this.socket?.close();
  }
}

function readChat(type: string, content: string): ImMessage | string {
  if (type !== PDD_CHAT_TYPE) return `type ${type} is not the chat message`;
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return 'content: not JSON';
  }
  const chat = PddChat.safeParse(json);
  if (!chat.success) return `content.${chat.error.issues[0]?.path.join('.')}: ${chat.error.issues[0]?.message}`;
  const message = ImMessage.safeParse({
    id: idText(chat.data.msg_id),
    buyerId: idText(chat.data.buyer_id),
    buyerNick: chat.data.buyer_nick ?? null,
    kind: chat.data.type,
    body: chat.data.content,
    sentAt: new Date(chat.data.ts * 1000),
  });
  return message.success ? message.data : `content.${message.error.issues[0]?.path.join('.')}: ${message.error.issues[0]?.message}`;
}
