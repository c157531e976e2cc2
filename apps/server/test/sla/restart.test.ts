import { expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createTestContext } from '../helpers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('acts once, at start, on a promise that fell due while kefu was down', async () => {
  const { ctx, close } = await createTestContext({ SWEEP_INTERVAL_MS: '200' });
  try {
    // Written while no kefu runs: an order's confirmation was due ten minutes ago.
    const policy = await ctx.db.selectFrom('sla_policies').select('id').where('name', '=', '默认').executeTakeFirstOrThrow();
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    await ctx.db
      .insertInto('sla_clocks')
      .values({
        subject_kind: 'order',
        subject_id: 424242,
        ticket_id: null,
        metric: 'order_confirm',
        policy_id: policy.id,
        started_at: at(-40),
        due_at: at(-10),
        warn_at: at(-16),
        total_ms: 30 * 60_000,
      })
      .execute();
    const app = await buildApp(ctx, { logger: false });
    await app.ready(); // the jobs start with the app
    try {
      const breached = async () =>
        (await ctx.db.selectFrom('sla_clocks').select('breached_at').where('subject_id', '=', 424242).executeTakeFirstOrThrow()).breached_at;
      for (const deadline = Date.now() + 20_000; !(await breached()) && Date.now() < deadline;) await sleep(100);
      expect(await breached()).not.toBeNull();
      await sleep(1500); // more sweeps run: nothing more happens
      const events = await ctx.db.selectFrom('domain_events').select('payload').where('type', '=', 'sla.breached').execute();
      expect(events.filter((e) => (e.payload as { subjectId: number }).subjectId === 424242)).toHaveLength(1);
      // Breached, never warned afterwards: a breach supersedes the warning.
      expect(
        (await ctx.db.selectFrom('sla_clocks').select('warned_at').where('subject_id', '=', 424242).executeTakeFirstOrThrow()).warned_at,
      ).toBeNull();
    } finally {
      await app.close();
    }
  } finally {
    await close();
  }
});
