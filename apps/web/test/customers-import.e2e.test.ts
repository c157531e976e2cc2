/**
 * A supervisor imports customers from a spreadsheet in the browser: the check lists a bad row in Chinese, naming its
 * column, and 导入 stays disabled; the corrected file checks clean and imports, and the new customer is listed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickUntil, login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ customers: 40, tickets: 4 });
});

afterAll(async () => {
  await harness?.close();
});

function csv(name: string, rows: string[][]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kefu-import-')), name);
  writeFileSync(path, ['姓名,手机,生日', ...rows.map((r) => r.join(','))].join('\n'));
  return path;
}

describe('customer import in the browser', () => {
  it('shows the bad row in Chinese, then imports the corrected file', async () => {
    const { browser, base } = harness;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.goto(`${base}/customers`);
      await clickUntil(page.getByTestId('customer-import'), page.locator('.ant-modal'));

      await page.locator('.ant-modal input[type=file]').setInputFiles(csv('bad.csv', [['导入测试甲', '12345', '1990-13-40']]));
      const report = page.getByTestId('customer-import-report');
      await clickUntil(page.getByTestId('customer-import-check'), report.getByText('「手机」').first());
      await expect(report.innerText()).resolves.toMatch(/「生日」.*不是有效的日期/);
      expect(await page.getByTestId('customer-import-confirm').isDisabled()).toBe(true);
      await page.screenshot({ path: resolve(OUTPUT, 'customers-import-errors.png') });

      await page.locator('.ant-modal input[type=file]').setInputFiles(csv('good.csv', [['导入测试甲', '13912345678', '1990-08-15']]));
      await clickUntil(page.getByTestId('customer-import-check'), page.locator('[data-testid=customer-import-confirm]:enabled'));
      await page.getByTestId('customer-import-confirm').click();
      await page.locator('.ant-modal').waitFor({ state: 'hidden' });
      const found = await (await page.request.get(`${base}/api/customers?q=${encodeURIComponent('导入测试甲')}`)).json();
      expect(found.customers.map((c: { name: string }) => c.name)).toContain('导入测试甲');
    } finally {
      await context.close();
    }
  }, 90_000);
});
