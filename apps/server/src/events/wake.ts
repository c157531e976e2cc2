import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Tells the other kefu processes that events of these types were committed and sequenced, so their listeners of
 * those types deliver too (the recording process may not have them, or their leases).
 */
export interface Wake {
  /** Coalesced: many rings in one turn of the event loop send one message with all their types. */
  ring(types: string[]): void;
  onRing(listener: (types: string[]) => void): void;
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
  const listeners: ((types: string[]) => void)[] = [];
  subscriber.on('message', (_channel: string, text: string) => {
    const message = parseRing(text);
    if (message && message.from !== me) for (const listener of listeners) listener(message.types);
  });
  let ringing: Set<string> | undefined;
  return {
    ring: (types) => {
      if (ringing) return void types.forEach((t) => ringing!.add(t));
      const pending = (ringing = new Set(types));
      queueMicrotask(() => {
        ringing = undefined;
        publisher.publish(channel, JSON.stringify({ from: me, types: [...pending] })).catch(onError);
      });
    },
    onRing: (listener) => void listeners.push(listener),
    close: async () => {
      await subscriber.quit();
      await publisher.quit();
    },
  };
}

const RING = z.object({ from: z.string(), types: z.array(z.string()) });

/** A message from another kefu process; one that does not parse (another version, another sender) is ignored. */
function parseRing(text: string): z.infer<typeof RING> | null {
  try {
    const parsed = RING.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
