import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Tells the other kefu processes that events were committed, so they deliver too (their listeners, their leases). */
export interface Wake {
  /** Coalesced: many rings in one turn of the event loop send one message. */
  ring(): void;
  onRing(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Redis pub/sub on `<prefix>:events`, with the same connection settings as the chat bus (chat/bus.ts). A lost
 * message costs only latency: the `events.deliver` job finds what is waiting.
 */
export async function redisWake(url: string, prefix: string, onError: (err: Error) => void): Promise<Wake> {
  const channel = `${prefix}:events`;
  const me = randomUUID();
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(channel);
  const listeners: (() => void)[] = [];
  subscriber.on('message', (_channel: string, from: string) => {
    if (from !== me) for (const listener of listeners) listener();
  });
  let ringing = false;
  return {
    ring: () => {
      if (ringing) return;
      ringing = true;
      queueMicrotask(() => {
        ringing = false;
        publisher.publish(channel, me).catch(onError);
      });
    },
    onRing: (listener) => void listeners.push(listener),
    close: async () => {
      await subscriber.quit();
      await publisher.quit();
    },
  };
}
