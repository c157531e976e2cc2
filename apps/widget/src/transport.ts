// What the connection runs on, passed in so it runs without a browser in tests (the socket, the clock, the
// storage), its options, the reconnect delay and the ids of sends.

import type { PageContext } from './protocol.ts';

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export interface SocketHandlers {
  open(): void;
  message(data: string): void;
  close(code: number): void;
}
export interface SocketLike {
  send(data: string): void;
  close(): void;
}
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ConnectionOptions {
  /** ws(s)://host/ws/shopper */
  url: string;
  shop: string;
  socket: SocketFactory;
  storage: KeyValueStore;
  clock?: Clock;
  random?: () => number;
  uuid?: () => string;
  /** A send not acknowledged within this time means a dead socket: drop it and reconnect. */
  ackTimeoutMs?: number;
  /** No `resumed` within this time: go ready anyway, so the pending sends are not held back for ever. */
  resumeTimeoutMs?: number;
  /** A hole in the seqs still open after this time is fetched with a resume (it may only be a message overtaken on the way). */
  gapWaitMs?: number;
  /** The shop page the shopper writes from, sent with each text message (the bot answers "这件" from its product). */
  page?: () => PageContext | null;
}

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

/** Reconnect delay after `attempt` failed tries: 0.5 s, 1 s, 2 s, 4 s, 5 s, 5 s… with ±20 % jitter, never over 5 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(Math.min(MAX_DELAY_MS, base * (0.8 + 0.4 * random())));
}

export function randomUuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  // crypto.randomUUID needs a secure context; shop pages on plain http still have getRandomValues.
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function readJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
