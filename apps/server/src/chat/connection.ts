import { TokenBucket } from '@kefu/domain';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { MAX_FRAME_BYTES } from './frames.ts';

const ERROR_CODES: Record<number, string> = { 400: 'invalid', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 429: 'rate_limited' };

export function sendFrame(socket: WebSocket, frame: Record<string, unknown>): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
}

export function sendError(socket: WebSocket, code: string, message: string, clientId?: unknown): void {
  sendFrame(socket, { type: 'error', code, message, ...(typeof clientId === 'string' && { clientId }) });
}

/**
 * Reads a socket's frames one at a time, in order: size and rate limits, JSON, schema; each valid frame
 * goes to `handle`, and whatever it throws becomes an error frame. The connection stays open.
 */
export function serveFrames<S extends z.ZodType>(socket: WebSocket, schema: S, handle: (frame: z.infer<S>) => Promise<void>, log: (err: unknown) => void) {
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
    const frame = parsed.data as { type: string };
    if (frame.type === 'send' && !sends.take()) return sendError(socket, 'rate_limited', 'at most 10 messages a second', clientId);
    queue = queue.then(() => handle(parsed.data)).catch((err: unknown) => {
      if (err instanceof HttpError) return sendError(socket, ERROR_CODES[err.status] ?? 'invalid', err.message, clientId);
      log(err);
      sendError(socket, 'internal', 'the server could not do this; try again', clientId);
    });
  });
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
