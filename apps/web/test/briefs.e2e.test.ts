/**
 * The briefs in a real browser: the Friday run makes this week's after-sales brief and the monthly needs report; the
 * supervisor opens 报表 › 简报, reads the weekly brief (figures, kinds against last week, products with defects, risks,
 * advice) and downloads its PDF; the product department sees only the needs report; the shop owner generates one now.
 * Screenshots go to SHOTS_DIR (default: test-output).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledBrief } from '../../server/src/reports/briefs/service.ts';
import { login, OUTPUT, startHarness, viaMenu, type Harness } from './browser-harness.ts';

const SHOTS = process.env.SHOTS_DIR ?? OUTPUT;
const PRODUCT = '高腰阔腿牛仔裤';
const COMPLAINTS = ['裤腿偏短，尺码偏小', '尺码偏小，腰围紧', '洗了一次就掉色，尺码也偏小'];
const DAY = 86_400_000;

let harness: Harness;
let browser: Browser;
let base: string;

/** A request as the agent xiaomei, through the API the web app uses. */
async function asAgent(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const login = await harness.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xiaomei', password: 'kefu2026' } });
  const cookie = login.cookies.find((c) => c.name === 'kefu_session')!;
  return harness.app.inject({ method, url, payload: payload as object, headers: { cookie: `kefu_session=${cookie.value}` } });
}

/** A shopper's size return on the jeans, delivered two days ago. */
async function sizeReturn(description: string, n: number) {
  const sku = (await harness.ctx.db.selectFrom('products').select('sku').where('name', '=', PRODUCT).executeTakeFirstOrThrow()).sku;
  const delivered = new Date(Date.now() - 2 * DAY);
  const order = await asAgent('POST', '/api/orders', {
    platform: 'taobao',
    orderNo: `BRIEF2026${n}`,
    status: 'delivered',
    buyerNick: `brief_buyer_${n}`,
    receiver: { name: '周女士', phone: '13812345678', province: '上海市', city: '上海市', address: '南京西路 1 号' },
    lines: [{ sku, title: PRODUCT, quantity: 1, unitPriceFen: 13_900 }],
    createdAt: new Date(delivered.getTime() - 2 * DAY).toISOString(),
    paidAt: new Date(delivered.getTime() - 2 * DAY).toISOString(),
    shippedAt: new Date(delivered.getTime() - DAY).toISOString(),
    deliveredAt: delivered.toISOString(),
  });
  expect(order.statusCode, order.body).toBe(201);
  const { id: orderId, lines } = order.json().order;
  const opened = await asAgent('POST', '/api/aftersales', {
    orderId,
    kind: 'return',
    reason: 'size',
    description,
    lines: [{ lineId: lines[0].id, quantity: 1 }],
    goodsIntact: true,
  });
  expect(opened.statusCode, opened.body).toBe(201);
}

beforeAll(async () => {
  harness = await startHarness({ customers: 30, tickets: 80 });
  ({ browser, base } = harness);
  await harness.app.events.deliverNow();
  for (const [i, text] of COMPLAINTS.entries()) await sizeReturn(text, i);
  const jeans = await harness.ctx.db.selectFrom('products').select('id').where('name', '=', PRODUCT).executeTakeFirstOrThrow();
  const suggestion = await asAgent('POST', '/api/tickets', {
    type: 'suggestion',
    subject: '希望牛仔裤出加长款',
    description: '个子高，裤长不够',
    productId: jeans.id,
  });
  expect(suggestion.statusCode, suggestion.body).toBe(201);
  await harness.app.events.deliverNow();
  // The runs that will happen once this week and this month have ended.
  const now = Date.now();
  await runScheduledBrief(harness.ctx.db, null, 'weekly_aftersales', new Date(now + 7 * DAY));
  const monthEnd = new Date(now + 8 * 3600_000);
  const nextMonth = Date.UTC(monthEnd.getUTCFullYear(), monthEnd.getUTCMonth() + 1, 1) - 8 * 3600_000 + 9 * 3600_000;
  await runScheduledBrief(harness.ctx.db, null, 'monthly_needs', new Date(nextMonth));
});

afterAll(async () => {
  await harness?.close();
});

async function newPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await login(page, base, username, 'kefu2026');
  await page.waitForURL(/\/(tickets|tasks)$/);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: resolve(SHOTS, `briefs-${name}.png`), fullPage: true });

describe('briefs in the browser', () => {
  it('shows the supervisor the weekly after-sales brief with its figures, and its PDF', async () => {
    const page = await newPage('zhuguan');
    try {
      await viaMenu(page, '报表', '简报', /\/reports\/briefs$/);
      const list = page.getByTestId('brief-list');
      await list.getByText('售后分析周报').first().waitFor();
      await expect(list.locator('.ant-table-row').count()).resolves.toBe(2);
      await shot(page, 'list');

      await list.getByRole('link', { name: /售后分析周报/ }).click();
      await page.getByTestId('brief-page').waitFor();
      await page.getByTestId('brief-kind-chart').locator('canvas').waitFor();
      const defects = page.getByTestId('brief-defects');
      const jeans = defects.locator('.ant-table-row').filter({ hasText: PRODUCT });
      await expect(jeans.textContent()).resolves.toMatch(/尺码不合适 \d+/);
      await expect(jeans.textContent()).resolves.toContain('尺码不准');
      await expect(page.getByTestId('brief-advice').textContent()).resolves.toMatch(new RegExp(`「${PRODUCT}」本周有 \\d+ 起质量相关售后或投诉`));
      await page.waitForTimeout(500); // the chart's bars grow in
      await shot(page, 'weekly');

      const href = await page.getByTestId('brief-pdf').getAttribute('href');
      const pdf = await page.request.get(`${base}${href}`);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const file = await pdf.body();
      expect(file.subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(resolve(SHOTS, 'briefs-weekly.pdf'), file);
    } finally {
      await page.context().close();
    }
  });

  it('gives the product department the monthly needs report only', async () => {
    const page = await newPage('chanpin');
    try {
      await page.getByRole('menuitem', { name: '简报' }).click();
      const list = page.getByTestId('brief-list');
      await list.getByText('客户需求月报').first().waitFor();
      await expect(list.locator('.ant-table-row').count()).resolves.toBe(1);
      await list.getByRole('link', { name: /客户需求月报/ }).click();
      await page.getByTestId('brief-suggestions').waitFor();
      await expect(page.getByTestId('brief-suggestions').textContent()).resolves.toContain('希望牛仔裤出加长款');
      await shot(page, 'monthly');
    } finally {
      await page.context().close();
    }
  });

  it('lets the shop owner generate the last week’s brief now', async () => {
    const page = await newPage('admin');
    try {
      await page.goto(`${base}/reports/briefs`);
      await page.getByTestId('brief-generate').click();
      const made = page.waitForResponse((r) => r.url().endsWith('/api/reports/briefs') && r.request().method() === 'POST');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      expect((await made).status()).toBe(201);
      await page.waitForURL(/\/reports\/briefs\/\d+$/);
      await page.getByTestId('brief-page').waitFor();
      await expect(page.getByTestId('brief-after-sales').textContent()).resolves.toMatch(/新增售后单\d+/);
    } finally {
      await page.context().close();
    }
  });
});
