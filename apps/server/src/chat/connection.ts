import { findUnstorableText, TokenBucket } from '@kefu/domain';
import type { ToAgentFrame } from '@kefu/protocol/chat/agent';
import { MAX_FRAME_BYTES, type ErrorFrame } from '@kefu/protocol/chat/common';
import type { ToShopperFrame } from '@kefu/protocol/chat/shopper';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import { clientErrorOf } from '../http/errors.ts';

const ERROR_CODES: Record<number, ErrorFrame['code']> = {
  400: 'invalid',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'rate_limited',
};

/** Every frame the server writes to a socket goes through here, typed by the protocol (never validated: the hot path). */
export function sendFrame(socket: WebSocket, frame: ToShopperFrame | ToAgentFrame): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

export function sendError(socket: WebSocket, code: ErrorFrame['code'], message: string, clientId?: unknown): void {
  sendFrame(socket, { type: 'error', code, message, ...(typeof clientId === 'string' && { clientId }) });
}

/**
 * Reads a socket's frames one at a time, in order: size and rate limits, JSON, schema; each valid frame
 * goes to `handle`, and whatever it throws becomes an error frame. The connection stays open.
 */
export function serveFrames<S extends z.ZodType>(
  socket: WebSocket,
  schema: S,
  handle: (frame: z.infer<S>) => Promise<void>,
  log: (err: unknown) => void,
) {
  const sends = new TokenBucket(10, 20);
  const frames = new TokenBucket(50, 100);
  let queue = Promise.resolve();
  socket.on('message', (raw: Buffer, isBinary: boolean) => {
    if (isBinary) return sendError(socket, 'bad_frame', 'send JSON text frames');
    if (raw.length > MAX_FRAME_BYTES) return sendError(socket, 'too_large', `a frame may hold at most ${MAX_FRAME_BYTES} bytes`);
    if (!frames.take()) return sendError(socket, 'rate_limited', 'too many frames; slow down');
    let data: unknown;
    try {
      data = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(socket, 'bad_frame', 'not JSON');
    }
    const clientId = (data as { clientId?: unknown } | null)?.clientId;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendError(socket, 'invalid', `${issue.path.join('.') || 'frame'}: ${issue.message}`, clientId);
    }
    const unstorable = findUnstorableText(parsed.data);
    if (unstorable) return sendError(socket, 'invalid', `${unstorable.path.join('.') || 'frame'}: ${unstorable.reason}`, clientId);
    const frame = parsed.data as { type: string };
    if (frame.type === 'send' && !sends.take()) return sendError(socket, 'rate_limited', 'at most 10 messages a second', clientId);
    queue = queue
      .then(() => handle(parsed.data))
      .catch((err: unknown) => {
        // The same mapping as HTTP: a value the database refuses is the client's error, not the server's.
        const clientError = clientErrorOf(err);
        if (clientError) return sendError(socket, ERROR_CODES[clientError.status] ?? 'invalid', clientError.message, clientId);
        log(err);
        sendError(socket, 'internal', 'the server could not do this; try again', clientId);
      });
  });
}

/**
 * ws does not read a frame over its maxPayload: it closes the connection with 1009 and says nothing a client shows.
 * Tell the client why first, as the protocol promises (an `error` frame `too_large`), then let it close cleanly.
 * For every socket the server accepts (`websocketServer.on('connection', answerOversizedFrames)`).
 */
export function answerOversizedFrames(socket: WebSocket): void {
  const close = socket.close.bind(socket);
  socket.close = (code?: number, reason?: string | Buffer) => {
    if (code === 1009)
      sendError(socket, 'too_large', `a frame may hold at most ${MAX_FRAME_BYTES} bytes; this one was far larger, so the connection is closed`);
    close(code, reason);
  };
}

/**
 * Holds the frames that arrive while a connection is still being set up (looking up the shop, the
 * session…), so none is lost; `release` hands them to the real handler in order.
 */
export function holdEarlyFrames(socket: WebSocket): { release(): void } {
  const early: [Buffer, boolean][] = [];
  const hold = (raw: Buffer, isBinary: boolean) => void early.push([raw, isBinary]);
  socket.on('message', hold);
  return {
    release() {
      socket.off('message', hold);
      for (const [raw, isBinary] of early) socket.emit('message', raw, isBinary);
    },
  };
}
