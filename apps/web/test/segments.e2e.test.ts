/**
 * The shop owner opens 客户分群 (管理): the customers per computed segment, the rules in Chinese; lowering the VIP
 * thresholds, saving and 立即重算 moves customers into VIP, and the last run's figures show it.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MENU, OUTPUT, login, pickOption, startHarness, type Harness, viaMenu } from './browser-harness.ts';

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 30, tickets: 6 });
  ({ browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

describe('customer segments page, in the browser', () => {
  it('edits a rule, recomputes and shows the counts change', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'admin', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await viaMenu(page, ADMIN_MENU, /客户分群/, /\/admin\/segments$/);

      const count = async (segment: string) =>
        Number((await page.getByTestId(`segment-count-${segment}`).locator('.ant-statistic-content-value').innerText()).replace(/,/g, ''));
      await page.getByTestId('segment-counts').waitFor();
      // The demo's segments were computed at seed end.
      await expect.poll(() => page.getByTestId('segments-last-run').innerText()).toMatch(/演示数据初始化[\s\S]*位客户/);
      await expect.poll(() => page.getByText('近 365 天下单 ≥ 5 笔且消费 ≥ ¥10,000.00').count()).toBe(1);
      const vipBefore = await count('vip');
      const total = async () => {
        let sum = 0;
        for (const s of ['vip', 'high_value', 'complaint_prone', 'at_risk', 'active', 'new', 'regular']) sum += await count(s);
        return sum;
      };
      const customers = await total();

      // The test id sits on the input itself or on its wrapper, depending on the Ant Design version.
      const field = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`);
      await field('threshold-vip-minOrders').fill('1');
      await field('threshold-vip-minSpendFen').fill('0.01');
      await field('threshold-vip-windowDays').fill('3650');
      await page.getByTestId('segments-save').click();
      await page.locator('.ant-message-notice').filter({ hasText: '规则已保存' }).waitFor();
      await expect.poll(() => page.getByText('近 3650 天下单 ≥ 1 笔且消费 ≥ ¥0.01').count()).toBe(1);

      await page.getByTestId('segments-recompute').click();
      await page.locator('.ant-message-notice').filter({ hasText: '已重算' }).waitFor();
      await expect.poll(() => page.getByTestId('segments-last-run').innerText()).toMatch(/由 .+ 手动触发/);
      await expect.poll(() => count('vip')).toBeGreaterThan(vipBefore);
      expect(await total()).toBe(customers);

      await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: resolve(OUTPUT, 'segments.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("shows a customer's segment on the customer page, and a supervisor overrides it with a reason", async () => {
    const customer = await harness.ctx.db.selectFrom('customers').select('id').where('segment', '=', 'vip').orderBy('id').executeTakeFirstOrThrow();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.goto(`${base}/customers/${customer.id}`);
      const panel = page.getByTestId('segment-panel');
      await expect.poll(() => panel.innerText()).toMatch(/VIP[\s\S]*规则计算[\s\S]*规则重算/);
      await panel.getByRole('button', { name: /人工指定分群/ }).click();
      // A lost click on the option would submit the select's default (the current segment, VIP) with the reason.
      await pickOption(page, page.getByTestId('override-segment'), '易投诉');
      await page.getByTestId('override-reason').fill('近期多次电话投诉，先按易投诉跟进');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await page.locator('.ant-message-notice').filter({ hasText: '已指定分群' }).waitFor();
      await expect.poll(() => panel.innerText()).toMatch(/易投诉[\s\S]*人工指定[\s\S]*近期多次电话投诉/);
      await page.mouse.move(0, 0);
      await panel.screenshot({ path: resolve(OUTPUT, 'segment-panel.png') });
      const stored = await harness.ctx.db
        .selectFrom('customers')
        .select(['segment', 'segment_override_reason'])
        .where('id', '=', customer.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ segment: 'complaint_prone', segment_override_reason: '近期多次电话投诉，先按易投诉跟进' });
    } finally {
      await context.close();
    }
  });
});
