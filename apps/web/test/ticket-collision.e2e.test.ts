/**
 * Collision on a ticket in real browsers: 小美 and the supervisor open the same ticket; each sees the other viewing,
 * then typing; a reply by one warns the other, who is still writing, before theirs goes; a closed tab disappears.
 * Also the supervisor's live monitor (旁听) of a conversation. Screenshots go to test-output/.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 10, tickets: 10 });
  ({ browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

async function newPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await login(page, base, username, 'kefu2026');
  await page.waitForURL(/\/(tickets|chat)/);
  return page;
}

describe('collision on a ticket', () => {
  it('shows who else is viewing and typing, warns of their reply, and drops a closed tab', async () => {
    const ticket = await harness.ctx.db
      .selectFrom('tickets')
      .select('id')
      .where('status', 'in', ['new', 'open'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const xiaomei = await newPage('xiaomei');
    const lead = await newPage('zhuguan');
    try {
      await xiaomei.goto(`${base}/tickets/${ticket.id}`);
      await xiaomei.getByTestId('ticket-subject').waitFor();
      await lead.goto(`${base}/tickets/${ticket.id}`);
      await lead.getByTestId('ticket-subject').waitFor();

      // Each sees the other, without waiting for a repeat (the newcomer's arrival is answered at once).
      await xiaomei.getByTestId('ticket-viewer').filter({ hasText: '正在查看' }).waitFor({ timeout: 8000 });
      await lead.getByTestId('ticket-viewer').filter({ hasText: '小美 正在查看' }).waitFor({ timeout: 8000 });

      // 小美 writes a reply: the supervisor sees her typing.
      await xiaomei.getByTestId('composer-input').fill('您好，我们已为您');
      await lead.getByTestId('ticket-viewer').filter({ hasText: '小美 正在输入…' }).waitFor({ timeout: 8000 });
      await lead.screenshot({ path: resolve(OUTPUT, 'ticket-collision.png') });

      // The supervisor replies meanwhile: 小美 is warned before hers goes, and can review it.
      await lead.getByTestId('composer-input').fill('您好，补发已安排，预计明天送达。');
      await lead.getByTestId('composer-send').click();
      await xiaomei.getByTestId('collision-replied').waitFor({ timeout: 8000 });
      expect(await xiaomei.getByTestId('collision-replied').textContent()).toContain('刚刚回复了');
      expect(await xiaomei.getByTestId('composer-send').isDisabled()).toBe(true);
      await xiaomei.screenshot({ path: resolve(OUTPUT, 'ticket-collision-replied.png') });

      // The supervisor's tab closes: 小美 no longer sees them.
      await lead.context().close();
      await expect.poll(() => xiaomei.getByTestId('ticket-viewer').count(), { timeout: 8000 }).toBe(0);
    } finally {
      await xiaomei.context().close();
      await lead
        .context()
        .close()
        .catch(() => {});
    }
  });

  it('offers the quick replies in the ticket reply box', async () => {
    const ticket = await harness.ctx.db.selectFrom('tickets').select('id').orderBy('id').executeTakeFirstOrThrow();
    const page = await newPage('xiaomei');
    try {
      await page.goto(`${base}/tickets/${ticket.id}`);
      await page.getByTestId('composer-input').fill('/');
      await page.getByTestId('quick-replies').waitFor();
      expect(await page.getByTestId('quick-reply').count()).toBeGreaterThan(0);
      await page.screenshot({ path: resolve(OUTPUT, 'ticket-quick-replies.png') });
      await page.getByTestId('composer-input').press('Enter');
      await expect.poll(async () => (await page.getByTestId('composer-input').inputValue()).length).toBeGreaterThan(1);
    } finally {
      await page.context().close();
    }
  });
});
