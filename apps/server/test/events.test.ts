import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { recordEvent, recordEvents } from '../src/events/record.ts';
import { EventRoom } from '../src/events/room.ts';
import { pruneEvents } from '../src/events/store.ts';
import type { Delivered } from '../src/events/types.ts';
import type { AppContext } from '../src/http/context.ts';
import { createTestContext } from './helpers.ts';

let ctx: AppContext;
let close: () => Promise<void>;
beforeAll(async () => ({ ctx, close } = await createTestContext()));
afterAll(() => close());

const rooms: EventRoom[] = [];
beforeEach(async () => {
  for (const table of ['event_retries', 'event_listeners', 'domain_events'] as const) await ctx.db.deleteFrom(table).execute();
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.stop()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(20)) if (ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}

/** Test events: customer `c`'s n-th merge, so each subject has a sequence to check the order by. */
const merged = (c: number, n: number) => ({ type: 'customer.merged' as const, payload: { customerId: c, sourceId: n } });
type Merged = Delivered<'customer.merged'>;
const seq = (got: Merged[]) => got.map((e) => `${e.payload.customerId}/${e.payload.sourceId}`);
/** Customer `c`'s events in the order they were delivered. */
const sourcesOf = (got: Merged[], c: number) => got.filter((e) => e.payload.customerId === c).map((e) => e.payload.sourceId);
const TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** A kefu process's room with a listener that keeps what it gets; `fails` says which deliveries throw. */
function processWith(owner: string, options: { listener?: string; fails?: (e: Merged) => boolean; db?: Db } = {}) {
  const got: Merged[] = [];
  const errors: string[] = [];
  const room = new EventRoom(options.db ?? ctx.db, { owner, log: { error: (_obj, msg) => errors.push(msg) } });
  room.on('customer.merged', options.listener ?? 'test.log', async (event) => {
    if (options.fails?.(event)) throw new Error('listener down');
    got.push(event);
  });
  rooms.push(room);
  return { room, got, errors };
}

const stored = async () => (await ctx.db.selectFrom('domain_events').select('id').execute()).length;

describe('recording', () => {
  it("is part of the caller's transaction: a rolled-back change records nothing", async () => {
    const { room, got } = processWith('a');
    await room.start();
    await expect(
      ctx.db.transaction().execute(async (tx) => {
        await recordEvent(tx, merged(1, 1));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await stored()).toBe(0);
    await recordEvent(ctx.db, merged(1, 2));
    await until('the committed event', () => got.length === 1);
    await room.deliverNow();
    expect(seq(got)).toEqual(['1/2']);
  });
});

describe('delivery in one process', () => {
  it('stops after the pass in progress, not after the backlog, and delivers the rest when asked', async () => {
    const got: Merged[] = [];
    const room = new EventRoom(ctx.db, { owner: 'a', log: { error: () => undefined }, batchSize: 10 });
    room.on('customer.merged', 'test.slow', async (event) => {
      await sleep(5);
      got.push(event);
    });
    rooms.push(room);
    const backlog = Array.from({ length: 300 }, (_, i) => merged(1, i + 1));
    await room.start();
    await recordEvents(ctx.db, backlog);
    await until('the first delivery', () => got.length > 0);
    const stopping = Date.now();
    await room.stop();
    // 300 events at 5 ms each are 1.5 s of work: a close waits for one pass of 10, not for all of them.
    expect(Date.now() - stopping).toBeLessThan(1000);
    expect(got.length).toBeLessThan(300);
    const after = got.length;
    await sleep(200);
    expect(got.length).toBe(after);
    await room.deliverNow();
    expect(sourcesOf(got, 1)).toEqual(backlog.map((e) => e.payload.sourceId));
  });

  it('starts at the commit, not before and without waiting for a sweep', async () => {
    const { room, got } = processWith('a');
    await room.start();
    await ctx.db.transaction().execute(async (tx) => {
      await recordEvent(tx, merged(1, 1));
      await sleep(150);
      expect(got).toEqual([]);
    });
    // No job runs in this test: only the commit can have started the delivery.
    await until('delivery after the commit', () => got.length === 1, 2000);
    expect(got[0]).toMatchObject({ type: 'customer.merged', subject: 'customer:1', payload: { customerId: 1, sourceId: 1 } });
  });

  it("gives each listener every subject's events once, in commit order, however the commits interleave", async () => {
    const { room, got } = processWith('a');
    await room.start();
    await Promise.all(
      [1, 2, 3].map(async (c) => {
        for (let n = 1; n <= 10; n++) await ctx.db.transaction().execute((tx) => recordEvent(tx, merged(c, n)));
      }),
    );
    await recordEvents(ctx.db, [merged(4, 1), merged(4, 2), merged(4, 3)]);
    await until('33 events', () => got.length >= 33);
    await room.deliverNow();
    expect(new Set(got.map((e) => e.id)).size).toBe(33);
    for (const c of [1, 2, 3, 4]) expect(sourcesOf(got, c)).toEqual(c === 4 ? [1, 2, 3] : TEN);
    const positions = got.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('delivers an event whose transaction took its id early but committed late', async () => {
    const { room, got } = processWith('a');
    await room.start();
    // The slow transaction took its id before the quick one, and commits after the quick one was delivered.
    const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('domain_events', 'id')) as id`.execute(ctx.db);
    await recordEvent(ctx.db, merged(1, 1));
    await until('the quick one', () => got.length === 1);
    await sql`insert into domain_events (id, subject, type, payload) overriding system value
      values (${rows[0]!.id}, 'customer:2', 'customer.merged', ${JSON.stringify({ customerId: 2, sourceId: 1 })}::jsonb)`.execute(ctx.db);
    await until('the slow one', () => got.length === 2);
    expect(seq(got)).toEqual(['1/1', '2/1']);
  });

  it('retries a failed delivery with back-off, holding back only that subject for that listener', async () => {
    let down = true;
    const log = processWith('a', { fails: (e) => down && seq([e])[0] === '1/1' });
    const other: Merged[] = [];
    log.room.on('customer.merged', 'test.other', (e) => void other.push(e));
    await log.room.start();
    for (const [c, n] of [
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
    ] as const)
      await recordEvent(ctx.db, merged(c, n));
    await until('the other listener', () => other.length === 4);
    await until('the other subject', () => log.got.length === 2);
    await log.room.deliverNow();
    expect(seq(log.got)).toEqual(['2/1', '2/2']); // 1/2 waits behind 1/1
    expect(log.errors).toContain('event listener failed');
    expect(await ctx.db.selectFrom('event_retries').select(['listener', 'subject', 'attempts', 'last_error']).orderBy('event_id').execute()).toEqual([
      { listener: 'test.log', subject: 'customer:1', attempts: 1, last_error: 'listener down' },
      { listener: 'test.log', subject: 'customer:1', attempts: 0, last_error: null },
    ]);

    const { rows } = await sql<{ later: boolean }>`select next_attempt_at > now() as later from event_retries where attempts = 1`.execute(ctx.db);
    expect(rows).toEqual([{ later: true }]);

    down = false;
    const retryAt = (at: Date) => ctx.db.updateTable('event_retries').set({ next_attempt_at: at }).where('attempts', '=', 1).execute();
    await retryAt(new Date(Date.now() + 3_600_000));
    await log.room.deliverNow();
    expect(seq(log.got)).toEqual(['2/1', '2/2']); // not due yet
    await retryAt(new Date(Date.now() - 1000));
    await log.room.deliverNow(); // what the events.deliver job does
    expect(seq(log.got)).toEqual(['2/1', '2/2', '1/1', '1/2']);
    expect(await ctx.db.selectFrom('event_retries').selectAll().execute()).toEqual([]);
  });

  it('parks an event whose payload does not match its schema instead of handing it on', async () => {
    const { room, got, errors } = processWith('a');
    await room.deliverNow(); // registers the listener
    await sql`insert into domain_events (subject, type, payload) values ('customer:1', 'customer.merged', '{"customerId":"one"}')`.execute(ctx.db);
    await recordEvent(ctx.db, merged(2, 1));
    await room.deliverNow();
    expect(seq(got)).toEqual(['2/1']);
    expect(errors).toEqual(['event listener failed']);
    expect((await ctx.db.selectFrom('event_retries').select('last_error').executeTakeFirstOrThrow()).last_error).toMatch(/customerId/);
  });

  it('gives a listener added later what happens from then on', async () => {
    await recordEvent(ctx.db, merged(1, 1));
    const { room, got } = processWith('a', { listener: 'test.new' });
    await room.deliverNow();
    await recordEvent(ctx.db, merged(1, 2));
    await room.deliverNow();
    expect(seq(got)).toEqual(['1/2']);
  });
});

describe('waking and batches', () => {
  it('wakes only the listeners of the types a commit recorded', async () => {
    const { room, got } = processWith('a');
    const created: number[] = [];
    room.on('customer.created', 'test.created', (e) => void created.push(e.payload.customerId));
    await room.start();
    await room.deliverNow(); // the start's own round is over
    const passes = async () =>
      Object.fromEntries(
        (await ctx.db.selectFrom('event_listeners').select(['name', 'seen_at']).execute()).map((l) => [l.name, l.seen_at.getTime()]),
      );
    const before = await passes();
    await recordEvent(ctx.db, { type: 'customer.created', payload: { customerId: 5 } });
    await until('the created listener', () => created.length === 1);
    await sleep(200);
    const after = await passes();
    expect(after['test.created']).toBeGreaterThan(before['test.created']!);
    // The merge listener was not claimed, read and released for an event it does not take.
    expect(after['test.log']).toBe(before['test.log']);
    expect(got).toEqual([]);
  });

  it('gives a batch listener what is waiting in one call, and one event at a time when the batch fails', async () => {
    const calls: number[][] = [];
    const errors: string[] = [];
    const room = new EventRoom(ctx.db, { owner: 'a', log: { error: (_obj, msg) => errors.push(msg) } });
    room.onBatch('customer.merged', 'test.batch', (events) => {
      const sources = events.map((e) => e.payload.sourceId);
      if (sources.includes(3)) throw new Error('three is refused');
      calls.push(sources);
    });
    rooms.push(room);
    await room.deliverNow();
    await recordEvents(ctx.db, [merged(1, 1), merged(2, 2), merged(1, 4)]);
    await room.deliverNow();
    expect(calls).toEqual([[1, 2, 4]]);

    await recordEvents(ctx.db, [merged(1, 5), merged(2, 3), merged(2, 6), merged(3, 7)]);
    await room.deliverNow();
    // The batch failed, then each went alone: 2/3 is parked and 2/6 waits behind it; the other subjects go on.
    expect(calls.slice(1)).toEqual([[5], [7]]);
    expect(errors).toEqual(['event batch failed; one at a time', 'event listener failed']);
    expect(await ctx.db.selectFrom('event_retries').select(['subject', 'attempts']).orderBy('event_id').execute()).toEqual([
      { subject: 'customer:2', attempts: 1 },
      { subject: 'customer:2', attempts: 0 },
    ]);

    // With a subject parked, the next batch leaves that subject's new events waiting behind it.
    await recordEvents(ctx.db, [merged(2, 8), merged(4, 9)]);
    await room.deliverNow();
    expect(calls.slice(3)).toEqual([[9]]);
    expect(await ctx.db.selectFrom('event_retries').select('subject').execute()).toHaveLength(3);
  });
});

describe('delivery across processes', () => {
  it('never gives one event to one listener twice when two processes race, and keeps each subject in order', async () => {
    const a = processWith('process-a', { listener: 'test.once' });
    const b = processWith('process-b', { listener: 'test.once' });
    await Promise.all([a.room.start(), b.room.start()]);
    await Promise.all(
      [1, 2, 3, 4].map(async (c) => {
        for (let n = 1; n <= 10; n++) await recordEvent(ctx.db, merged(c, n));
      }),
    );
    await until('40 deliveries', () => a.got.length + b.got.length >= 40);
    await Promise.all([a.room.deliverNow(), b.room.deliverNow()]);
    const all = [...a.got, ...b.got].sort((x, y) => x.position - y.position);
    expect(all).toHaveLength(40);
    expect(new Set(all.map((e) => e.id)).size).toBe(40);
    for (const c of [1, 2, 3, 4]) expect(sourcesOf(all, c)).toEqual(TEN);
  });

  it('delivers, at the next start, what a process that died after its commit left undelivered', async () => {
    await processWith('earlier', { listener: 'test.recover' }).room.deliverNow(); // the listener existed before
    // The dying process committed these, and died before its room delivered them.
    await recordEvents(ctx.db, [merged(1, 1), merged(1, 2)]);
    const next = processWith('next', { listener: 'test.recover' });
    await next.room.start();
    await until('the left events', () => next.got.length === 2);
    expect(seq(next.got)).toEqual(['1/1', '1/2']);
  });

  it("waits while another process holds a listener's lease, and takes over when a dead holder's lease expires", async () => {
    const { room, got } = processWith('alive', { listener: 'test.lease' });
    await room.deliverNow();
    await ctx.db
      .updateTable('event_listeners')
      .set({ lease_owner: 'dead', lease_until: new Date(Date.now() + 3_600_000) })
      .execute();
    await recordEvent(ctx.db, merged(1, 1));
    await room.deliverNow();
    expect(got).toEqual([]);
    await ctx.db
      .updateTable('event_listeners')
      .set({ lease_until: new Date(Date.now() - 1000) })
      .execute();
    await room.deliverNow(); // what the events.deliver job does
    expect(seq(got)).toEqual(['1/1']);
    expect(await ctx.db.selectFrom('event_listeners').select(['lease_owner', 'delivered_count']).executeTakeFirstOrThrow()).toEqual({
      lease_owner: null,
      delivered_count: 1,
    });
  });
});

describe('pruning', () => {
  it('deletes old events every listener has passed, keeping parked and undelivered ones', async () => {
    const { room } = processWith('a', { fails: (e) => e.payload.sourceId === 2 });
    await room.deliverNow();
    await recordEvents(ctx.db, [merged(1, 1), merged(2, 2), merged(3, 3)]);
    await room.deliverNow(); // 2/2 fails and is parked
    await recordEvent(ctx.db, merged(4, 4)); // not delivered yet
    // A listener no process has had for 30 days (removed from the code) holds nothing back.
    const monthAgo = new Date(Date.now() - 31 * 86_400_000);
    await ctx.db.insertInto('event_listeners').values({ name: 'test.removed', position: 0, seen_at: monthAgo }).execute();
    await sql`update domain_events set occurred_at = now() - interval '8 days'`.execute(ctx.db);
    expect(await pruneEvents(ctx.db)).toBe(2);
    const left = await ctx.db.selectFrom('domain_events').select('payload').orderBy('id').execute();
    expect(left.map((e) => e.payload.sourceId)).toEqual([2, 4]);
    expect((await ctx.db.selectFrom('event_listeners').select('name').execute()).map((l) => l.name)).toEqual(['test.log']);
  });
});
