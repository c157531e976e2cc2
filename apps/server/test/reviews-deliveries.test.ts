import { Writable } from 'node:stream';
import type { ReviewInput } from '@kefu/protocol/api/reviews';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Db } from '../src/db/database.ts';
import { ingestDelivery } from '../src/reviews/delivery-queue.ts';
import { storeDeliveries } from '../src/reviews/ingest.ts';
import { readPolicies } from '../src/sla/policies.ts';
import { createTestContext } from './helpers.ts';
import { deliverReviews, review, REVIEW_SECRET } from './reviews-fixture.ts';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestContext();
  db = t.ctx.db;
  close = t.close;
});
afterAll(async () => {
  await close();
});

const input = (overrides: Record<string, unknown> = {}) => review(overrides) as unknown as ReviewInput;
const remembered = async (signature: string) =>
  (await db.selectFrom('review_webhook_deliveries').select('signature').where('signature', '=', signature).execute()).length;
const storedIds = async (externalIds: string[]) =>
  (await db.selectFrom('reviews').select('id').where('external_id', 'in', externalIds).execute()).map((r) => r.id);

describe('deliveries stored together', () => {
  it('keeps each delivery its own replay guard and answer; a review in two deliveries is received by the first', async () => {
    const shared = input({ stars: 1, content: '质量太差了' });
    const [own, mine, theirs] = [input(), input(), input()];
    await storeDeliveries(db, [{ signature: 'sig-old', reviews: [theirs] }], 'webhook', await readPolicies(db));
    const outcomes = await storeDeliveries(
      db,
      [
        { signature: 'sig-a', reviews: [own, shared] },
        { signature: 'sig-old', reviews: [mine] },
        { signature: 'sig-b', reviews: [shared, shared] },
      ],
      'webhook',
      await readPolicies(db),
    );
    const [sharedId] = await storedIds([shared.reviewId]);
    const [ownId] = await storedIds([own.reviewId]);
    expect(outcomes).toEqual([
      { received: 2, duplicates: 0, ids: [ownId, sharedId] },
      'replayed',
      { received: 0, duplicates: 2, ids: [sharedId, sharedId] },
    ]);
    expect(await storedIds([mine.reviewId])).toEqual([]);
    expect(await remembered('sig-a')).toBe(1);
    expect(await remembered('sig-b')).toBe(1);
    const events = await db.selectFrom('domain_events').select('id').where('subject', '=', `review:${sharedId}`).execute();
    expect(events).toHaveLength(1);
    const clocks = await db
      .selectFrom('sla_clocks')
      .select('metric')
      .where('subject_kind', '=', 'review')
      .where('subject_id', '=', sharedId!)
      .execute();
    expect(clocks).toEqual([{ metric: 'review_reply' }]);
  });

  it('gathers deliveries that arrive together; one that fails fails alone and writes nothing', async () => {
    const [first, good] = [input(), input()];
    // A star count the table refuses (the webhook's schema would have refused it sooner): its statement fails.
    const bad = input({ stars: 9 });
    const outcomes = await Promise.allSettled([
      ingestDelivery(db, 'sig-first', [first]),
      ingestDelivery(db, 'sig-bad', [bad]),
      ingestDelivery(db, 'sig-good', [good]),
      ingestDelivery(db, 'sig-good', [good]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const [firstId] = await storedIds([first.reviewId]);
    const [goodId] = await storedIds([good.reviewId]);
    expect(outcomes[0]).toMatchObject({ value: { received: 1, duplicates: 0, ids: [firstId] } });
    expect(outcomes[2]).toMatchObject({ value: { received: 1, duplicates: 0, ids: [goodId] } });
    expect(outcomes[3]).toMatchObject({ value: 'replayed' });
    expect(await storedIds([bad.reviewId])).toEqual([]);
    expect(await remembered('sig-bad')).toBe(0);
  });
});

describe('the webhook log', () => {
  it('logs refusals but no access lines for deliveries', async () => {
    const { ctx, close: closeApp } = await createTestContext({ LOG_LEVEL: 'info', ORDER_WEBHOOK_SECRET: REVIEW_SECRET });
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(ctx, { logStream });
    try {
      const t = { app } as Parameters<typeof deliverReviews>[0];
      expect((await deliverReviews(t, { review: review() })).statusCode).toBe(200);
      expect((await deliverReviews(t, { review: review() }, { signature: `sha256=${'0'.repeat(64)}` })).statusCode).toBe(401);
      await app.inject({ method: 'GET', url: '/healthz' });
    } finally {
      await app.close();
      await closeApp();
    }
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url?: string }; reqId?: string });
    expect(logged.filter((l) => /review webhook refused: headers.x-kefu-signature/.test(l.msg))).toHaveLength(1);
    expect(logged.filter((l) => l.msg === 'incoming request' && l.req?.url === '/api/webhooks/reviews')).toEqual([]);
    // The app's other routes still log their requests.
    expect(logged.some((l) => l.msg === 'incoming request')).toBe(true);
  });
});
