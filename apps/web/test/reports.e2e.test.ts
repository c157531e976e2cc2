/**
 * The reports in a real browser, over the demo shop's eight weeks of history: the supervisor opens 报表 → 数据看板,
 * reads the KPI cards against their targets, switches the trend, opens the cases behind an agent's number and one
 * conversation's transcript; checks 客服绩效 and downloads it as Excel; reads 咨询统计. An agent has no 报表.
 * Screenshots (1440×900, full page) go to SHOTS_DIR (default: test-output).
 */
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, startHarness, viaMenu, type Harness } from './browser-harness.ts';

const SHOTS = process.env.SHOTS_DIR ?? OUTPUT;

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 40, tickets: 40, history: true });
  ({ browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

async function newPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await login(page, base, username, 'kefu2026');
  await page.waitForURL(/\/(tickets|tasks)$/);
  return page;
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: resolve(SHOTS, `reports-${name}.png`), fullPage });

/** Charts animate in; a screenshot waits until they have settled. */
const settle = (page: Page) => page.waitForTimeout(800);

describe('reports in the browser', () => {
  it('shows the supervisor the KPIs against their targets, the trend, and the cases behind a number', async () => {
    const page = await newPage('zhuguan');
    try {
      await viaMenu(page, '报表', '数据看板', /\/reports$/);
      const csat = page.getByTestId('kpi-csat');
      await csat.getByTestId('kpi-value').filter({ hasText: /%$/ }).waitFor();
      await expect(csat.textContent()).resolves.toMatch(/满意度.*目标 ≥ 90%/);
      await expect(page.getByTestId('kpi-firstResponse').textContent()).resolves.toMatch(/目标 ≤ 30 秒/);
      await expect(page.getByTestId('kpi-escalationRate').textContent()).resolves.toMatch(/目标 ≤ 5%/);
      await expect(page.getByTestId('kpi-cards').locator('[data-trend]').count()).resolves.toBeGreaterThan(3);
      await page.getByTestId('trend-chart').locator('canvas').first().waitFor();
      await page.getByTestId('heatmap-chart').locator('canvas').first().waitFor();

      // What the cards say is what the API says for the same range.
      const shown = await csat.getByTestId('kpi-value').textContent();
      const url = new URL(page.url());
      // The default range: the last 30 China days, today included.
      const { from, to } = await page.evaluate(() => {
        const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
        return { from: day(Date.now() - 29 * 86_400_000), to: day(Date.now()) };
      });
      expect(url.search).toBe('');
      const api = await (await page.request.get(`${base}/api/reports/kpis?from=${from}&to=${to}`)).json();
      const value = (api.kpis as { key: string; value: number | null }[]).find((k) => k.key === 'csat')!.value!;
      expect(shown).toBe(`${(value * 100).toFixed(1).replace(/\.0+$/, '')}%`);
      await settle(page);
      await shot(page, 'dashboard');

      // The trend follows the card chosen; last month is one click away.
      await page.getByTestId('kpi-firstResponse').click();
      await page.getByTestId('trend').locator('.ant-segmented-item-selected').filter({ hasText: '平均首次响应' }).waitFor();
      await page.getByTestId('report-presets').getByText('上月').click();
      await page.waitForURL(/preset=lastMonth/);
      await page.getByTestId('kpi-csat').getByTestId('kpi-value').waitFor();

      // An agent's conversations, and one of them as it went.
      // The segmented control takes a click only once its thumb has moved to 上月 (a click during the move is lost).
      await page.getByTestId('report-presets').locator('.ant-segmented-item-selected').filter({ hasText: '上月' }).waitFor();
      await page.getByTestId('report-presets').getByText('近30天').click();
      await page.waitForURL(/preset=last30Days/);
      const breakdown = page.getByTestId('breakdown');
      const drawer = page.getByTestId('report-cases');
      // The table re-renders with the new period: a click on a row being replaced can be lost, so click until it opens.
      await expect
        .poll(
          async () => {
            if (await drawer.locator('.ant-table-row').count()) return true;
            if (!(await drawer.isVisible())) await breakdown.locator('.ant-table-row').first().getByRole('button').first().click({ timeout: 5000 });
            return false;
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe(true);
      await expect(drawer.locator('.ant-drawer-title').textContent()).resolves.toMatch(/^会话明细 · /);
      await drawer.getByTestId('case-conversation').first().click();
      const transcript = page.getByTestId('report-transcript');
      await transcript.locator('.kefu-transcript-line').first().waitFor();
      await settle(page);
      await shot(page, 'conversation', false);
    } finally {
      await page.context().close();
    }
  });

  it('lists every agent with drill-downs, and downloads the table as Excel', async () => {
    const page = await newPage('zhuguan');
    try {
      await page.goto(`${base}/reports/agents`);
      const table = page.getByTestId('agents-table');
      const xiaomei = table.locator('.ant-table-row').filter({ hasText: '小美' });
      await xiaomei.waitFor();
      await expect(table.locator('.ant-table-summary').textContent()).resolves.toContain('合计');
      await settle(page);
      await shot(page, 'agents');

      await xiaomei.getByTestId('agent-chats').click();
      const drawer = page.getByTestId('report-cases');
      await drawer.locator('.ant-table-row').first().waitFor();
      await expect(drawer.locator('.ant-table-row').first().textContent()).resolves.toContain('小美');
      await shot(page, 'agent-cases', false);
      await drawer.locator('.ant-drawer-close').click();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-excel').click()]);
      expect(download.suggestedFilename()).toMatch(/^客服绩效 \d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await download.path())!);
      const lines = workbook.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
      expect(lines[0]!.slice(1, 4)).toEqual(['客服', '会话', '工单']);
      expect(lines.some((l) => l[1] === '小美')).toBe(true);
      expect(lines.at(-1)![1]).toBe('合计');
    } finally {
      await page.context().close();
    }
  });

  it('counts what shoppers asked, and what is still unanswered', async () => {
    const page = await newPage('admin');
    try {
      await viaMenu(page, '报表', '咨询统计', /\/reports\/questions$/);
      await page.getByTestId('daily-chart').locator('canvas').first().waitFor();
      await page.getByTestId('intent-chart').locator('canvas').first().waitFor();
      await page.getByTestId('top-questions').locator('.ant-table-row').first().waitFor();
      await settle(page);
      await shot(page, 'questions');
    } finally {
      await page.context().close();
    }
  });

  it('has no reports for an agent', async () => {
    const page = await newPage('xiaomei');
    try {
      await expect(page.getByRole('menuitem', { name: '报表' }).count()).resolves.toBe(0);
      await page.goto(`${base}/reports`);
      await page.getByText('页面不存在').waitFor();
      expect((await page.request.get(`${base}/api/reports/kpis?from=2026-11-01&to=2026-11-30`)).status()).toBe(403);
    } finally {
      await page.context().close();
    }
  });
});
