/**
 * The shop owner opens 管理 › 员工与角色, adds an agent with a generated password (shown once), and sees the new
 * agent listed; the password works. A supervisor sees the staff page without the account actions; /users leads there.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MENU, OUTPUT, login, startHarness, type Harness, viaMenu } from './browser-harness.ts';

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 3, tickets: 2 });
  ({ browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

describe('staff page, in the browser', () => {
  it('an admin adds an agent and sees them listed', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'admin', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await viaMenu(page, ADMIN_MENU, /员工与角色/, /\/admin\/staff$/);
      const table = page.getByTestId('staff-table');
      await expect.poll(() => table.innerText()).toMatch(/小美[\s\S]*xiaomei/);

      await page.getByTestId('staff-add').click();
      await page.locator('#staff-username').fill('xiaoyu');
      await page.locator('#staff-display-name').fill('小雨');
      await page.getByTestId('staff-form-ok').click();
      const notice = page.getByTestId('secret-notice');
      await notice.waitFor();
      const password = (await notice.getByTestId('secret-value').innerText()).trim();
      expect(password).toMatch(/^[a-zA-Z2-9]{12}$/);
      await page.screenshot({ path: resolve(OUTPUT, 'staff-generated-password.png') });
      await page.getByRole('button', { name: '我已记下' }).click();

      const row = table.locator('tr', { hasText: 'xiaoyu' });
      await expect.poll(() => row.innerText()).toMatch(/小雨[\s\S]*客服专员/);
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'xiaoyu', password }),
      });
      expect(res.status).toBe(200);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: resolve(OUTPUT, 'staff.png') });
    } finally {
      await context.close();
    }
  });

  it('a supervisor reaches it from /users and sees no account actions', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.goto(`${base}/users`);
      await page.waitForURL(/\/admin\/staff$/);
      // The list may take longer than expect.poll's one second on a busy machine: wait as long as the page does.
      await page.getByTestId('staff-table').getByText('小美').first().waitFor();
      expect(await page.getByTestId('staff-add').count()).toBe(0);
      expect(await page.getByTestId('staff-deactivate').count()).toBe(0);
      expect(await page.getByTestId('staff-max-chats').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
