/**
 * The shop owner's 设置 page: the admin pages linked from one place, the approval limit changed in the form and read
 * back from the API, the embed code naming the shop's key with the real widget in the preview, the bot, shared quick
 * replies and forbidden phrases; then the change found in 审计日志. A supervisor reads the policies but cannot save.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MENU, OUTPUT, fillUntil, login, startHarness, type Harness, viaMenu } from './browser-harness.ts';

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

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const path = resolve(OUTPUT, `settings-${name}.png`);
  await page.screenshot({ path });
  mkdirSync('/tmp/shots', { recursive: true });
  copyFileSync(path, `/tmp/shots/settings-${name}.png`);
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name }).click();

describe('settings, in the browser', () => {
  it('lets the shop owner change every setting from one page', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'admin', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await viaMenu(page, ADMIN_MENU, /^设置$/, /\/settings$/);
      for (const key of ['staff', 'groups', 'sla', 'quality', 'tokens', 'jobs', 'audit']) await page.getByTestId(`settings-link-${key}`).waitFor();
      await shot(page, 'index');

      // 订单检查与售后: the approval limit in yuan, saved as fen.
      await tab(page, '订单检查与售后');
      const limit = page.getByTestId('afterSalePolicy-form').getByLabel('退款审批额度');
      await expect.poll(() => limit.inputValue()).toBe('200.00');
      await limit.fill('350');
      await page.getByTestId('afterSalePolicy-save').click();
      await page.locator('.ant-message-notice').filter({ hasText: '已保存' }).waitFor();
      await expect.poll(() => page.getByTestId('afterSalePolicy-version').innerText()).toBe('版本 1');
      const settings = await (await page.request.get(`${base}/api/settings`)).json();
      expect(settings.settings.afterSalePolicy.value.approvalLimitFen).toBe(35_000);
      await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
      await shot(page, 'policy');

      // 店铺与插件: the embed code names the shop's key; the preview loads the real widget.
      await tab(page, '店铺与插件');
      const { shops } = await (await page.request.get(`${base}/api/shops`)).json();
      const key = shops[0].key as string;
      await expect
        .poll(() => page.getByTestId('embed-code').innerText())
        .toBe(`<script src="${base}/widget/widget.js" data-shop="${key}" async></script>`);
      expect(await page.getByTestId('shop-key').innerText()).toBe(key);
      await page.frameLocator('[data-testid=widget-preview]').locator('button.launcher').waitFor();
      await shot(page, 'shop');

      // 智能客服: switched on.
      await tab(page, '智能客服');
      await page.getByTestId('bot-enabled').click();
      await page.getByTestId('bot-save').click();
      await page.locator('.ant-message-notice').filter({ hasText: '智能客服设置已保存' }).waitFor();
      const bot = (await (await page.request.get(`${base}/api/shops`)).json()).shops[0].bot;
      expect(bot.enabled).toBe(true);
      await shot(page, 'bot');

      // 快捷回复: a shared one created, then edited in place.
      await tab(page, '快捷回复');
      await page.getByTestId('qr-new').click();
      const form = page.getByTestId('qr-form');
      await fillUntil(form.getByLabel('标题'), '预售发货');
      await fillUntil(form.getByLabel('内容'), '亲，付款后 48 小时内发货哦～');
      await fillUntil(form.getByLabel('快捷键'), '/fh');
      await page.getByRole('button', { name: '保存' }).click();
      const row = page.getByTestId('qr-table').locator('tr', { hasText: '预售发货' });
      await row.waitFor();
      await row.getByTestId('qr-edit').click();
      // The edit form opens with the reply's text; a fill before that would be replaced by it.
      await expect.poll(() => form.getByLabel('内容').inputValue()).toContain('48 小时');
      await fillUntil(form.getByLabel('内容'), '亲，付款后 24 小时内发货哦～');
      await page.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => row.innerText()).toContain('24 小时内发货');
      const replies = (await (await page.request.get(`${base}/api/quick-replies`)).json()).quickReplies;
      expect(replies.find((q: { title: string }) => q.title === '预售发货')).toMatchObject({ body: '亲，付款后 24 小时内发货哦～', version: 2 });
      await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
      await shot(page, 'quick-replies');

      // 服务忌语: one added with its suggestion.
      await tab(page, '服务忌语');
      await page.getByLabel('忌语', { exact: true }).fill('爱买不买');
      await page.getByLabel('建议说法', { exact: true }).fill('我来帮您看一下');
      await page.getByTestId('phrase-add').click();
      await page.getByTestId('phrase-table').locator('tr', { hasText: '爱买不买' }).waitFor();
      await page.locator('.ant-message-notice').last().waitFor({ state: 'detached' });
      await shot(page, 'phrases');

      // 审计日志: the change to the approval limit, by name, with a link back to the settings.
      await page.goto(`${base}/settings`);
      await page.getByTestId('settings-link-audit').click();
      await page.waitForURL(/\/admin\/audit$/);
      const table = page.getByTestId('audit-table');
      await table.getByText('修改店铺设置').first().waitFor();
      await page.getByTestId('audit-action-filter').click();
      await page.keyboard.type('修改快捷回复');
      await page.keyboard.press('Enter');
      await expect.poll(() => table.locator('tbody tr[data-row-key]').count()).toBe(1);
      expect(await table.locator('tbody tr[data-row-key]').innerText()).toMatch(/王店长[\s\S]*修改快捷回复[\s\S]*快捷回复 #\d+/);
      const href = await page.getByTestId('audit-export').getAttribute('href');
      expect(href).toBe('/api/audit.xlsx?action=quick_reply.update');
      await shot(page, 'audit');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows a supervisor the policies read-only', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.goto(`${base}/settings?tab=policy`);
      await page.getByText('您可以查看这些设置；只有管理员可以修改。').waitFor();
      expect(await page.getByTestId('afterSalePolicy-save').count()).toBe(0);
      expect(await page.getByRole('tab', { name: '店铺与插件' }).count()).toBe(0);
      expect(await page.getByTestId('settings-link-staff').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
