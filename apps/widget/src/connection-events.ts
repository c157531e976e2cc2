// What the connection tells its listener: its status, each server frame, and sends the server refused.

import type { ServerFrame } from './protocol.ts';

/**
 * idle: not started; connecting: socket opening / waiting for `welcome`; resuming: `resume` sent, waiting for
 * `resumed`; ready: sends go straight out; waiting: disconnected, a retry is scheduled; stopped: stop() was called.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'resuming' | 'ready' | 'waiting' | 'stopped';

export type ConnectionEvent =
  | { type: 'status'; status: ConnectionStatus; retryInMs?: number }
  | { type: 'frame'; frame: ServerFrame }
  /** A send the server refused (error frame with its clientId); kept in `failed` until retry() or discard(). */
  | { type: 'failed'; clientId: string; code: string };
