/**
 * 客户关怀 in a real browser: the supervisor opens the page from the menu, sees the campaigns of the demo, edits the
 * birthday greeting with a live preview for a sample customer (an unknown variable is refused, naming it), reads
 * the coming days' greetings with their counts and the coupons with what was granted. Screenshots go to SHOTS_DIR.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

const SHOTS = process.env.SHOTS_DIR ?? OUTPUT;

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 40, tickets: 5 });
  ({ browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

async function staffPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await login(page, base, username, 'kefu2026');
  await page.waitForURL(/\/tickets$/);
  return page;
}

describe('客户关怀', () => {
  it('shows the campaigns and edits a greeting with its preview', async () => {
    const page = await staffPage('zhuguan');
    await page.getByRole('menuitem', { name: '客户关怀' }).click();
    await page.waitForURL(/\/care$/);
    const birthday = page.getByRole('row', { name: /生日祝福/ });
    await birthday.getByRole('switch').waitFor();
    expect(await birthday.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await page.screenshot({ path: resolve(SHOTS, 'care-campaigns.png'), fullPage: true });

    await birthday.getByRole('button', { name: '编辑' }).click();
    const preview = page.getByTestId('care-preview');
    await preview.getByText('示例客户：王小明').waitFor();
    expect(await preview.innerText()).toMatch(/亲爱的王小明，今天是您的生日.*20元专享券（满100元可用，券码 [0-9A-F]{4}-/s);
    await page.screenshot({ path: resolve(SHOTS, 'care-edit-preview.png') });

    // A misspelt variable is refused by the server, on the field.
    const body = page.getByLabel('正文');
    await body.fill('{{nmae}}，生日快乐！');
    await page.getByRole('button', { name: '保存' }).click();
    await page
      .getByText(/\{\{nmae\}\}/)
      .first()
      .waitFor();
    await body.fill('{{name}}，生日快乐！{{shopName}}送您{{couponAmount}}元券：{{couponCode}}');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    const saved = await harness.ctx.db.selectFrom('care_campaigns').select('body').where('name', '=', '生日祝福').executeTakeFirstOrThrow();
    expect(saved.body).toBe('{{name}}，生日快乐！{{shopName}}送您{{couponAmount}}元券：{{couponCode}}');
  });

  it('lists the coming greetings and the coupons with their counts', async () => {
    const page = await staffPage('zhuguan');
    await page.goto(`${base}/care?tab=calendar`);
    const calendar = page.getByTestId('care-calendar');
    await calendar
      .getByText(/位客户/)
      .first()
      .waitFor();
    // The 元旦 greeting goes out three days ahead, to every customer of the demo (when that is within the 30 days).
    const today = new Date(Date.now() + 8 * 3600_000);
    const newYear = Date.UTC(today.getUTCFullYear() + 1, 0, 1);
    if (newYear - 3 * 86_400_000 - today.getTime() < 29 * 86_400_000) {
      expect(await calendar.innerText()).toMatch(/元旦问候（\d{4}-01-01）\s*40 位客户/);
    }
    await page.screenshot({ path: resolve(SHOTS, 'care-calendar.png'), fullPage: true });

    await page.getByRole('tab', { name: '优惠券' }).click();
    const row = page.getByRole('row', { name: /生日专享券/ });
    await row.waitFor();
    const granted = await harness.ctx.db
      .selectFrom('coupon_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('definition_id', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(granted.n)).toBeGreaterThan(0);
    expect(await row.innerText()).toContain('¥20.00');
    expect(await row.innerText()).toContain(String(Number(granted.n)));
    await page.screenshot({ path: resolve(SHOTS, 'care-coupons.png'), fullPage: true });

    await page.goto(`${base}/care?tab=log`);
    await page.getByRole('row', { name: /生日/ }).first().waitFor();
    await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await page.screenshot({ path: resolve(SHOTS, 'care-log.png'), fullPage: true });
  });

  it('is not offered to an agent', async () => {
    const page = await staffPage('xiaomei');
    expect(await page.getByRole('menuitem', { name: '客户关怀' }).count()).toBe(0);
    await page.goto(`${base}/care`);
    await page
      .getByText(/找不到|不存在|404/)
      .first()
      .waitFor();
  });
});
