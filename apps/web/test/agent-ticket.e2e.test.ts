/**
 * The agent's day in a real browser: log in, find a ticket, reply, set it to 待客户回复.
 * Runs against the built web app (apps/web/dist) served by an in-process server on a fresh, seeded database.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginAs, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 30, tickets: 40 });
  ({ browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

function login(page: Page, username: string, password: string) {
  return loginAs(page, base, username, password);
}

describe('agent works a ticket in the browser', () => {
  it('logs in, replies and sets the ticket to 待客户回复', async () => {
    const page = await newPage();
    try {
      await login(page, 'xiaomei', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await expect(page.getByTestId('current-user').textContent()).resolves.toBe('小美');
      await page.locator('.ant-table-row').first().waitFor();

      // Search in Chinese; take a ticket that is still 新建 or 处理中.
      const searched = page.waitForResponse((r) => r.url().includes('/api/tickets?') && r.url().includes('q='));
      await page.getByTestId('ticket-search').locator('input').fill('尺码');
      await page.getByTestId('ticket-search').locator('input').press('Enter');
      await searched;
      await page.locator('.ant-table-row').filter({ hasText: '尺码' }).first().waitFor();
      let candidates = page
        .locator('.ant-table-row')
        .filter({ hasText: '尺码' })
        .filter({ hasText: /新建|处理中/ });
      if ((await candidates.count()) === 0) {
        await page.goto(`${base}/tickets?status=new,open`);
        await page.locator('.ant-table-row').first().waitFor();
        candidates = page.locator('.ant-table-row');
      }
      await candidates.first().locator('a[href^="/tickets/"]').first().click();
      await page.waitForURL(/\/tickets\/\d+$/);
      const ticketId = Number(/\/tickets\/(\d+)$/.exec(page.url())![1]);
      await page.getByTestId('ticket-subject').waitFor();

      // Reply to the customer.
      const reply = `您好，这款建议选M码，您看可以吗？（测试 ${Date.now()}）`;
      await page.getByTestId('composer-input').fill(reply);
      await page.getByTestId('composer-send').click();
      await page.getByTestId('event-reply').filter({ hasText: reply }).waitFor();
      // A reply opens a new ticket; wait until the page shows 处理中 before changing the status.
      await page.getByTestId('ticket-status').filter({ hasText: '处理中' }).waitFor();

      // Change the status through the side panel.
      await page.getByTestId('status-select').locator('.ant-select').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: '待客户回复' }).filter({ visible: true }).click();
      await page.getByTestId('ticket-status').filter({ hasText: '待客户回复' }).waitFor();
      await page.getByTestId('event-status').filter({ hasText: '小美 将状态从 处理中 改为 待客户回复' }).waitFor();

      expect(await page.getByTestId('ticket-status').textContent()).toBe('待客户回复');
      expect(await page.getByTestId('event-reply').filter({ hasText: reply }).count()).toBe(1);
      await page.screenshot({ path: resolve(OUTPUT, 'ticket-page.png'), fullPage: true });

      // The server stored both.
      const ticket = await (await page.request.get(`${base}/api/tickets/${ticketId}`)).json();
      expect(ticket.ticket.status).toBe('pending_customer');
      const timeline = await (await page.request.get(`${base}/api/tickets/${ticketId}/timeline`)).json();
      const events = timeline.events as { kind: string; body: string | null; data: { from?: string; to?: string }; actorName: string }[];
      expect(events.some((e) => e.kind === 'reply' && e.body === reply && e.actorName === '小美')).toBe(true);
      expect(events.some((e) => e.kind === 'status' && e.data.to === 'pending_customer')).toBe(true);
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('shows an error on the login page for a wrong password', async () => {
    const page = await newPage();
    try {
      await login(page, 'xiaomei', 'wrong-password');
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('用户名或密码错误');
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await page.context().close();
    }
  }, 30_000);
});
