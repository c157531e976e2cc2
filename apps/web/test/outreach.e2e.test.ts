/**
 * 触达设置与记录 in a real browser: an admin finds the page in 管理, reads the send log and its counts, changes the
 * quiet hours' cap, and edits a shopper notification (a variable the event does not offer is refused on the field).
 * A supervisor reads the same page without editing. Screenshots go to SHOTS_DIR (default: test-output).
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MENU, OUTPUT, login, startHarness, type Harness, viaMenu } from './browser-harness.ts';

const SHOTS = process.env.SHOTS_DIR ?? OUTPUT;
let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 20, tickets: 10 });
  ({ browser, base } = harness);
});
afterAll(async () => {
  await harness?.close();
});

async function staffPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await login(page, base, username, 'kefu2026');
  await page.waitForURL(/\/tickets$/);
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: resolve(SHOTS, `outreach-${name}.png`), fullPage: false });

describe('outreach settings and log in the browser', () => {
  it('lets an admin read the log, change the cap and edit a notification template', async () => {
    const page = await staffPage('admin');
    await viaMenu(page, ADMIN_MENU, '触达设置与记录', /\/admin\/outreach$/);
    const log = page.getByTestId('outreach-log');
    await log.locator('tbody tr').first().waitFor();
    const seeded = await harness.ctx.db.selectFrom('outreach_sends').select('title').where('state', '=', 'sent').execute();
    expect(seeded.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('outreach-counts').textContent()).toContain(String(seeded.length));
    await shot(page, 'log');

    await page.getByTestId('outreach-filter-state').click();
    await page.getByTitle('待发送').click();
    await expect.poll(() => log.locator('tbody tr').filter({ hasText: '已发送' }).count()).toBe(0);

    await page.getByRole('tab', { name: '发送规则' }).click();
    const cap = page.getByTestId('outreach-cap-count');
    await cap.fill('3');
    await page.getByTestId('outreach-settings-save').click();
    await page.getByText('发送规则已保存').waitFor();
    const settings = await harness.ctx.db.selectFrom('outreach_settings').select(['cap_count', 'quiet_start']).executeTakeFirstOrThrow();
    expect(settings).toEqual({ cap_count: 3, quiet_start: 21 * 60 });
    await shot(page, 'settings');

    await page.getByRole('tab', { name: '客户通知模板' }).click();
    const card = page.getByTestId('template-order.confirmed');
    const body = card.locator('textarea');
    await body.fill('亲，订单 {{orderNo}} 已确认，运单 {{trackingNo}}');
    await card.getByRole('button', { name: '保存模板' }).click();
    await card.getByText(/trackingNo.*is not available here/).waitFor();
    await body.fill('亲，{{customerName}}，您的订单 {{orderNo}} 已确认。');
    await card.getByRole('button', { name: '保存模板' }).click();
    await page.getByText('模板已保存').waitFor();
    const saved = await harness.ctx.db
      .selectFrom('notification_templates')
      .select('body')
      .where('key', '=', 'order.confirmed')
      .executeTakeFirstOrThrow();
    expect(saved.body).toBe('亲，{{customerName}}，您的订单 {{orderNo}} 已确认。');
    await shot(page, 'templates');
    await page.context().close();
  });

  it('shows supervisors the rules without letting them change them, and agents not at all', async () => {
    const page = await staffPage('zhuguan');
    await viaMenu(page, ADMIN_MENU, '触达设置与记录', /\/admin\/outreach$/);
    await page.getByRole('tab', { name: '发送规则' }).click();
    await page.getByText('仅管理员可修改发送规则。').waitFor();
    expect(await page.getByTestId('outreach-settings-save').count()).toBe(0);
    await page.context().close();

    const agent = await staffPage('xiaomei');
    expect(await agent.getByRole('menuitem', { name: '触达设置与记录' }).count()).toBe(0);
    await agent.goto(`${base}/admin/outreach`);
    await agent.getByText('页面不存在').waitFor();
    await agent.context().close();
  });
});
