/**
 * Service-level notifications in a real browser: an agent working tickets (the chat workspace never opened) is
 * told of a breach on their ticket at once, follows the link, and a burst comes as a few notifications and a count;
 * the notifications socket does not put the agent online for chats.
 */
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepClocks } from '../../server/src/sla/sweep.ts';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ customers: 20, tickets: 20 });
});

afterAll(async () => {
  await harness?.close();
});

/** Breached-to-be clocks on the agent's tickets, due a minute ago (the seed's own clocks are put out of the way). */
async function dueClocks(agentId: number, count: number): Promise<{ id: number; number: string }[]> {
  const db = harness.ctx.db;
  await db.updateTable('sla_clocks').set({ state: 'cancelled' }).where('state', 'in', ['running', 'paused']).execute();
  const tickets = await db.selectFrom('tickets').select(['id', 'number']).where('assignee_id', '=', agentId).orderBy('id').limit(count).execute();
  expect(tickets).toHaveLength(count);
  await sql`insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, started_at, due_at, warn_at, total_ms)
    select 'ticket', t.id, t.id, 'first_response', now() - interval '31 minutes', now() - interval '1 minute', null, 1800000
    from unnest(${tickets.map((t) => t.id)}::int[]) as t(id)`.execute(db);
  return tickets;
}

describe('service-level notifications', () => {
  it('reach an agent on the tickets page, link to the ticket, and group a burst', async () => {
    const { browser, base, ctx, app } = harness;
    const agent = await ctx.db.selectFrom('users').select('id').where('username', '=', 'xiaomei').executeTakeFirstOrThrow();
    // Some tickets of hers, whatever the seed gave her.
    const mine = await ctx.db.selectFrom('tickets').select('id').orderBy('id').limit(8).execute();
    await ctx.db
      .updateTable('tickets')
      .set({ assignee_id: agent.id })
      .where(
        'id',
        'in',
        mine.map((t) => t.id),
      )
      .execute();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      const socket = page.waitForEvent('websocket', (ws) => ws.url().includes('/ws/agent'));
      await login(page, base, 'xiaomei', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      const ws = await socket;
      expect(ws.url()).toContain('presence=keep');
      await ws.waitForEvent('framereceived', (f) => String(f.payload).includes('"welcome"'));
      const presence = await ctx.db.selectFrom('agent_presence').select('status').where('user_id', '=', agent.id).executeTakeFirst();
      expect(presence?.status ?? 'offline').toBe('offline');

      const [one] = await dueClocks(agent.id, 1);
      expect(await sweepClocks(ctx.db, app.chat.hub)).toMatchObject({ breached: 1 });
      const toast = page.getByTestId('sla-notification');
      await toast.filter({ hasText: '已超时 · 首次响应' }).filter({ hasText: one!.number }).waitFor();
      await toast.getByTestId('sla-open').click();
      await page.waitForURL(new RegExp(`/tickets/${one!.id}$`));
      await toast.waitFor({ state: 'detached' });

      await dueClocks(agent.id, 6);
      expect(await sweepClocks(ctx.db, app.chat.hub)).toMatchObject({ breached: 6 });
      await page.getByTestId('sla-more').filter({ hasText: '另有 3 项超时' }).waitFor();
      expect(await toast.count()).toBe(3);
      await page.screenshot({ path: resolve(OUTPUT, 'e2e-sla-notifications.png') });
    } finally {
      await context.close();
    }
  }, 90_000);
});
