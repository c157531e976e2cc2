/**
 * The demo shop as `npm start` makes it, history included (seed/history.ts): a supervisor's report pages show eight
 * weeks of work on first sight — KPIs against their targets, every agent with chats and CSAT, the questions shoppers
 * asked — and the hourly defect sweep (run here by hand, as the job does at start) finds the jacket whose zip keeps
 * failing.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDefects } from '../../server/src/reports/defects/sweep.ts';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 120, tickets: 30, history: true });
  ({ browser, base } = harness);
  await sweepDefects(harness.ctx.db);
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

async function shot(page: Page, name: string) {
  // Charts animate in.
  await page.waitForTimeout(900);
  await page.screenshot({ path: resolve(OUTPUT, `history-${name}.png`), fullPage: true });
  await page.screenshot({ path: `/tmp/shots/history-${name}.png`, fullPage: true });
}

describe('the demo history on the report pages', () => {
  it('fills the dashboard, the agents table, the questions and the defect alarms', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(20_000);
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);

      await page.goto(`${base}/reports`);
      const csat = page.getByTestId('kpi-csat').getByTestId('kpi-value');
      await csat.filter({ hasText: /%$/ }).waitFor();
      const value = Number((await csat.textContent())!.replace(/[^\d.]/g, ''));
      expect(value).toBeGreaterThanOrEqual(80);
      expect(value).toBeLessThanOrEqual(100);
      await page.getByTestId('heatmap-chart').locator('canvas').first().waitFor();
      await shot(page, 'dashboard');

      await page.goto(`${base}/reports/agents`);
      const table = page.getByTestId('agents-table');
      for (const name of ['小美', '阿杰', '丽娜']) await table.locator('.ant-table-row').filter({ hasText: name }).first().waitFor();
      await shot(page, 'agents');

      await page.goto(`${base}/reports/questions`);
      await page.getByTestId('top-questions').locator('.ant-table-row').first().waitFor();
      await expect.poll(() => page.getByTestId('reports-questions').innerText()).toMatch(/物流|尺码|退货|大码|穿什么码/);
      await shot(page, 'questions');

      await page.goto(`${base}/reports/alarms`);
      const alarm = page.locator('.ant-table-row').filter({ hasText: '摇粒绒外套' });
      await alarm.waitFor();
      expect(await alarm.innerText()).toMatch(/拉链/);
      await shot(page, 'alarms');
    } finally {
      await context.close();
    }
  });
});
