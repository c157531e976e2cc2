/**
 * 回访 in a real browser: the agent opens 我的回访 from the menu, opens a follow-up due today with its script and
 * case, records "reached, with a problem", and the follow-up is done with a ticket opened; the supervisor sees the
 * summary report. Screenshots go to SHOTS_DIR (default: test-output).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

const SHOTS = process.env.SHOTS_DIR ?? OUTPUT;
const PROBLEM = '客户反映睡衣洗后掉色';

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness({ customers: 20, tickets: 5 });
  page = await harness.browser.newPage({ viewport: { width: 1400, height: 900 } });
});
afterAll(async () => {
  await harness?.close();
});

describe('回访', () => {
  it('lets the agent record an outcome from the queue, opening a ticket for a problem', async () => {
    const db = harness.ctx.db;
    const xiaomei = await db.selectFrom('users').select('id').where('username', '=', 'xiaomei').executeTakeFirstOrThrow();
    const target = await db
      .selectFrom('follow_ups')
      .innerJoin('customers', 'customers.id', 'follow_ups.customer_id')
      .select(['follow_ups.id', 'customers.name'])
      .where('follow_ups.owner_id', '=', xiaomei.id)
      .where('follow_ups.reason', '=', 'delivered')
      .where('follow_ups.state', '=', 'open')
      .where('follow_ups.due_at', '>', new Date())
      .executeTakeFirstOrThrow();

    await login(page, harness.base, 'xiaomei', 'kefu2026');
    await page.waitForURL(/\/tickets$/);
    await page.getByRole('menuitem', { name: /(^|\s)回访$/ }).click();
    await page.waitForURL(/\/follow-ups$/);
    const row = page.getByTestId('follow-up-table').locator('tr', { hasText: target.name });
    await row.first().waitFor();
    await page.screenshot({ path: resolve(SHOTS, 'follow-ups-queue.png'), fullPage: true });

    await row.first().getByTestId('follow-up-open').click();
    const drawer = page.getByTestId('follow-up-drawer');
    await drawer.getByTestId('follow-up-script').waitFor();
    await expect(drawer.getByTestId('follow-up-script').textContent()).resolves.toContain('小美');
    await drawer.getByText('已联系，发现问题').click();
    await drawer.getByTestId('follow-up-note').fill(PROBLEM);
    await page.screenshot({ path: resolve(SHOTS, 'follow-ups-drawer.png'), fullPage: true });
    await drawer.getByTestId('follow-up-save').click();
    await page.getByText(/已新建工单 #\d+/).waitFor();

    const done = await db.selectFrom('follow_ups').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ state: 'done', outcome: 'problem', outcome_note: PROBLEM });
    const ticket = await db.selectFrom('tickets').selectAll().where('id', '=', done.ticket_id!).executeTakeFirstOrThrow();
    expect(ticket.subject).toContain(PROBLEM);
    await page
      .getByTestId('follow-up-tabs')
      .getByText(/已完成/)
      .click();
    await page.getByTestId('follow-up-table').locator('tr', { hasText: '已联系，发现问题' }).first().waitFor();
  });

  it('shows the supervisor everyone’s queue and the summary report', async () => {
    await page.context().clearCookies();
    await login(page, harness.base, 'zhuguan', 'kefu2026');
    await page.waitForURL(/\/tickets$/);
    await page.goto(`${harness.base}/follow-ups?tab=all`);
    await page.getByTestId('follow-up-table').waitFor();
    await page.screenshot({ path: resolve(SHOTS, 'follow-ups-all.png'), fullPage: true });
    await page.getByRole('tab', { name: '回访总结报告' }).click();
    const report = page.getByTestId('follow-up-report');
    await report.waitFor();
    await expect(report.textContent()).resolves.toContain('合计');
    await page.screenshot({ path: resolve(SHOTS, 'follow-ups-report.png'), fullPage: true });
    await page.getByTestId('follow-up-settings').click();
    await page.getByRole('dialog').getByText('订单金额', { exact: false }).or(page.getByRole('dialog').getByText('大额订单')).first().waitFor();
    await page.screenshot({ path: resolve(SHOTS, 'follow-ups-settings.png'), fullPage: true });
  });
});
