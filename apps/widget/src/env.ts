// Browser implementations of the connection's socket and storage.

import type { KeyValueStore, SocketFactory } from './connection.ts';

export const browserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.open();
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') handlers.message(e.data);
  };
  ws.onclose = (e) => handlers.close(e.code);
  return { send: (data) => ws.send(data), close: () => ws.close() };
};

/** localStorage, or memory when it is blocked (private mode, storage disabled). */
export function browserStorage(): KeyValueStore {
  const memory = new Map<string, string>();
  let ls: Storage | null = null;
  try {
    ls = window.localStorage;
    ls.setItem('kefu.probe', '1');
    ls.removeItem('kefu.probe');
  } catch {
    ls = null;
  }
  return {
    get: (k) => {
      try {
        return ls ? ls.getItem(k) : (memory.get(k) ?? null);
      } catch {
        return memory.get(k) ?? null;
      }
    },
    set: (k, v) => {
      try {
        if (ls) {
          if (v === null) ls.removeItem(k);
          else ls.setItem(k, v);
          return;
        }
      } catch {
        /* quota: fall back to memory */
      }
      if (v === null) memory.delete(k);
      else memory.set(k, v);
    },
  };
}

/** ws(s)://host/ws/shopper for an http(s) origin. */
export function socketUrl(origin: string): string {
  return `${origin.replace(/^http/, 'ws')}/ws/shopper`;
}
