/** The dispatcher under a burst: many asks at once are served by a few runs, and every ask is served. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import type { FanOut } from '../src/conversations/fan-out.ts';
import { queuePositions } from '../src/conversations/dispatch.ts';
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

describe('queue positions', () => {
  it('rank web shoppers among every waiting conversation, marketplace buyers too, and come back only for the web', async () => {
    const [webFirst] = await waiting(1);
    // A JD buyer's conversation waits too (no socket to tell), then a second web shopper.
    const shop = await t.ctx.db.selectFrom('shops').select(['id', 'default_group_id']).orderBy('id').executeTakeFirstOrThrow();
    const buyer = await t.ctx.db
      .insertInto('visitors')
      .values({ shop_id: shop.id, token_hash: `jd-${Date.now()}`, channel: 'jd', external_id: `jd_queue_${Date.now()}`, name: '京东买家' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const jd = await t.ctx.db
      .insertInto('conversations')
      .values({ shop_id: shop.id, visitor_id: buyer.id, group_id: shop.default_group_id, status: 'queued', channel: 'jd' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [webSecond] = await waiting(1);
    const positions = (await queuePositions(t.ctx.db)).sort((a, b) => a.position - b.position);
    expect(positions.map((p) => [p.conversationId, p.position])).toEqual([
      [webFirst, 1],
      [webSecond, 3],
    ]);
    expect(positions.some((p) => p.conversationId === jd.id)).toBe(false);
  });
});
