/** The dispatcher under a burst: many asks at once are served by a few runs, and every ask is served. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import type { FanOut } from '../src/conversations/fan-out.ts';
import { Routing } from '../src/conversations/routing.ts';
import type { AgentSuggestions } from '../src/conversations/suggestions.ts';
import { connectShopper, resetChat, startChatApp, text, type ChatApp } from './chat-setup.ts';
import type { TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let agents: ChatApp['agents'];
beforeAll(async () => ({ t, base, agents } = await startChatApp()));
afterAll(() => t.close());
beforeEach(() => resetChat(t));

/** A Routing of its own on the test's database, counting the dispatcher's transactions and what it tells. */
function countingRouting() {
  const counts = { transactions: 0, assigned: [] as number[] };
  const db = new Proxy(t.ctx.db, {
    get(target, property) {
      if (property === 'transaction') counts.transactions++;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Db;
  const fanOut = {
    hub: { toShopper: () => {} },
    systemLine: async () => {},
    conversation: async (id: number) => void counts.assigned.push(id),
    queue: async () => {},
  } as unknown as FanOut;
  return { routing: new Routing(db, fanOut, { onArrival: () => {} } as unknown as AgentSuggestions), counts };
}

/** Shoppers whose conversations wait in the queue: no agent is online when they write. */
async function waiting(n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { c } = await connectShopper(base);
    c.send(text(`第${i}个问题：这件衣服什么时候发货？`));
    ids.push(((await c.type('ack')).conversationId as number) ?? 0);
  }
  return ids;
}

const online = () =>
  t.ctx.db
    .insertInto('agent_presence')
    .values(Object.values(agents).map((a) => ({ user_id: a.id, status: 'online', max_chats: 50 })))
    .execute();

describe('dispatching a burst', () => {
  it('serves many asks at once with a few runs, and assigns everyone waiting', async () => {
    const ids = await waiting(6);
    await online();
    const { routing, counts } = countingRouting();
    await Promise.all(Array.from({ length: 20 }, () => routing.dispatchAndTell()));
    // One run, and one more for the asks that came while it ran: not twenty runs one after the other.
    expect(counts.transactions).toBeLessThanOrEqual(2);
    expect(counts.assigned.sort()).toEqual([...ids].sort());
    const statuses = await t.ctx.db.selectFrom('conversations').select('status').where('id', 'in', ids).execute();
    expect(statuses.every((s) => s.status === 'active')).toBe(true);
  });
});
