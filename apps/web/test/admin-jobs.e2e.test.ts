/**
 * The shop owner opens 后台任务: every scheduled job is listed with its Chinese name, and since the test server
 * runs with SWEEP_INTERVAL_MS=0 the page says the jobs are off; 立即运行 runs one and its run count goes up.
 * A supervisor has no such menu entry and gets the not-found page at the address.
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

describe('background jobs page, in the browser', () => {
  it('lists the jobs for an admin and runs one now', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'admin', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await viaMenu(page, ADMIN_MENU, /后台任务/, /\/admin\/jobs$/);

      const table = page.getByTestId('job-table');
      const row = (name: string) => table.locator(`tr[data-row-key="${name}"]`);
      await row('webhooks.prune-deliveries').waitFor();
      await expect
        .poll(() => row('webhooks.prune-deliveries').innerText())
        .toMatch(/清理 Webhook 记录[\s\S]*每 10 分钟[\s\S]*全部进程一次[\s\S]*未运行/);
      await expect.poll(() => row('chat.dispatch').innerText()).toMatch(/会话分配[\s\S]*每个进程/);
      await expect.poll(() => table.locator('tbody tr[data-row-key]').count()).toBeGreaterThanOrEqual(6);
      await expect.poll(() => page.getByTestId('jobs-disabled').innerText()).toMatch(/后台任务未开启/);
      await expect.poll(() => row('webhooks.prune-deliveries').innerText()).toMatch(/不自动运行/);

      const runCount = () => row('webhooks.prune-deliveries').getByTestId('job-run-count').innerText();
      expect(await runCount()).toBe('0');
      await row('webhooks.prune-deliveries').getByTestId('job-run').click();
      await page.locator('.ant-message-notice').filter({ hasText: '「清理 Webhook 记录」已运行' }).waitFor();
      await expect.poll(runCount).toBe('1');
      await expect.poll(() => row('webhooks.prune-deliveries').innerText()).toMatch(/正常/);

      await row('chat.dispatch').getByTestId('job-run').click();
      await expect.poll(() => row('chat.dispatch').getByTestId('job-run-count').innerText()).toBe('1');
      await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
      await page.mouse.move(0, 0);
      await page.waitForTimeout(400);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-jobs.png') });
    } finally {
      await context.close();
    }
  });

  it('is not there for a supervisor', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.getByRole('menuitem', { name: /任务/ }).first().waitFor();
      expect(await page.getByRole('menuitem', { name: /后台任务/ }).count()).toBe(0);
      await page.goto(`${base}/admin/jobs`);
      await page.getByText('页面不存在').waitFor();
      expect(await page.getByTestId('job-table').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
