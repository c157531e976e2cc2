import { EventEmitter } from 'node:events';
import type { ToAgentFrame } from '@kefu/protocol/chat/agent';
import type { ToShopperFrame } from '@kefu/protocol/chat/shopper';
import { Redis } from 'ioredis';

/**
 * A frame and who it is for: a shopper's browser(s), an agent's, every supervisor and admin, the staff on a ticket's
 * page (but `exceptUserId`, the one it is about), or the supervisors watching a conversation.
 */
export type ChatEvent =
  | { target: { kind: 'visitor'; id: number }; frame: ToShopperFrame }
  | {
      target:
        | { kind: 'agent'; id: number }
        | { kind: 'supervisors' }
        | { kind: 'ticket'; id: number; exceptUserId: number }
        | { kind: 'watchers'; id: number };
      frame: ToAgentFrame;
    }
  /** Closes every socket of a staff member whose way in has ended (deactivated, new password or role). */
  | { target: { kind: 'agent'; id: number }; close: { code: number; reason: string } };
export type Target = ChatEvent['target'];

/**
 * Carries chat events to the process that holds the recipient's socket. In one process that is an
 * in-process emitter; with REDIS_URL, Redis pub/sub, so a shopper on one process reaches an agent on another.
 */
export interface Bus {
  /** Resolves once the event is handed on (Redis has taken it); a failure is reported to onError, not thrown. */
  publish(event: ChatEvent): Promise<void>;
  subscribe(handler: (event: ChatEvent) => void): void;
  close(): Promise<void>;
}

export function localBus(): Bus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: async (event) => void emitter.emit('event', event),
    subscribe: (handler) => void emitter.on('event', handler),
    close: async () => void emitter.removeAllListeners(),
  };
}

export async function redisBus(url: string, prefix: string, onError: (err: Error) => void): Promise<Bus> {
  const CHANNEL = `${prefix}:chat`;
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscriber = new Redis(url, { lazyConnect: true });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(CHANNEL);
  const handlers: ((event: ChatEvent) => void)[] = [];
  subscriber.on('message', (_channel: string, text: string) => {
    const event = JSON.parse(text) as ChatEvent;
    for (const h of handlers) h(event);
  });
  return {
    publish: (event) => publisher.publish(CHANNEL, JSON.stringify(event)).then(() => undefined, onError),
    subscribe: (handler) => void handlers.push(handler),
    close: async () => {
      await subscriber.quit();
      await publisher.quit();
    },
  };
}
