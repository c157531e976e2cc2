import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../src/events/record.ts';
import { EventRoom } from '../src/events/room.ts';
import { redisWake, type Wake } from '../src/events/wake.ts';
import type { AppContext } from '../src/http/context.ts';
import { createTestContext } from './helpers.ts';

// Two processes on one database. The recording one has no listener for the event; the other learns of the commit
// only through Redis. `withoutPlugins()` gives the other process its own Kysely, which hears none of the first's commits.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `kefu-test-${randomUUID().slice(0, 8)}`;
let ctx: AppContext;
let close: () => Promise<void>;
const wakes: Wake[] = [];
const rooms: EventRoom[] = [];
beforeAll(async () => ({ ctx, close } = await createTestContext()));
afterAll(async () => {
  for (const room of rooms) await room.stop();
  for (const wake of wakes) await wake.close();
  await close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = { error: (obj: object, msg: string) => console.error(msg, obj) };

async function wake() {
  const w = await redisWake(REDIS_URL, PREFIX, (err) => console.error(err));
  wakes.push(w);
  return w;
}

describe('delivery woken through Redis', () => {
  it('starts in another process at once when a process commits events', async () => {
    const recorder = new EventRoom(ctx.db, { log, wake: await wake(), owner: 'recorder' });
    const got: number[] = [];
    const other = new EventRoom(ctx.db.withoutPlugins(), { log, wake: await wake(), owner: 'other' }).on(
      'customer.created',
      'test.redis',
      (e) => void got.push(e.payload.customerId),
    );
    const gotWithoutRedis: number[] = [];
    const deaf = new EventRoom(ctx.db.withoutPlugins(), { log, owner: 'deaf' }).on(
      'customer.created',
      'test.no-redis',
      (e) => void gotWithoutRedis.push(e.payload.customerId),
    );
    rooms.push(recorder, other, deaf);
    await Promise.all([recorder.start(), other.start(), deaf.start()]);
    await Promise.all(rooms.map((room) => room.deliverNow())); // the start's own round is over

    await recordEvent(ctx.db, { type: 'customer.created', payload: { customerId: 7 } });
    for (const deadline = Date.now() + 3000; got.length === 0 && Date.now() < deadline;) await sleep(20);
    expect(got).toEqual([7]);
    // Without Redis the other process hears nothing until its events.deliver job runs.
    expect(gotWithoutRedis).toEqual([]);
    await deaf.deliverNow();
    expect(gotWithoutRedis).toEqual([7]);
  });
});
