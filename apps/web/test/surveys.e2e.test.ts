/**
 * Satisfaction surveys in a real browser: a solved ticket's survey link opens on a phone, the shopper gives four
 * stars and a comment; the agent sees the answer on the ticket, the supervisor on 满意度调查 with the CSAT figure
 * and the comment linked to its ticket. Screenshots go to SHOTS_DIR (default: test-output).
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

const SHOTS = process.env.SHOTS_DIR ?? OUTPUT;
const COMMENT = '处理很快，客服态度也好';

let harness: Harness;
let browser: Browser;
let base: string;
let ticket: { id: number; number: string };
let token: string;

async function asAgent(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const signed = await harness.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xiaomei', password: 'kefu2026' } });
  const cookie = `kefu_session=${signed.cookies.find((c) => c.name === 'kefu_session')!.value}`;
  return harness.app.inject({ method, url, payload, headers: { cookie } });
}

beforeAll(async () => {
  harness = await startHarness({ customers: 10, tickets: 10 });
  ({ browser, base } = harness);
  await harness.app.events.deliverNow(); // the listeners start here, as at boot
  const customer = await asAgent('POST', '/api/customers', { name: '周女士', identities: [{ kind: 'email', value: 'zhou.survey@example.com' }] });
  expect(customer.statusCode, customer.body).toBe(201);
  const created = await asAgent('POST', '/api/tickets', {
    type: 'problem_order',
    subject: '收到的杯子有裂纹',
    customerId: customer.json().customer.id,
  });
  expect(created.statusCode, created.body).toBe(201);
  const opened = created.json().ticket;
  const solved = await asAgent('PATCH', `/api/tickets/${opened.id}`, { version: opened.version, status: 'solved' });
  expect(solved.statusCode, solved.body).toBe(200);
  ticket = { id: opened.id, number: opened.number };
  await harness.app.events.deliverNow();
  const send = await harness.ctx.db
    .selectFrom('outreach_sends')
    .select('link')
    .where('dedupe_key', '=', `survey:ticket:${ticket.id}`)
    .executeTakeFirstOrThrow();
  token = /\/s\/([\w-]+)$/.exec(send.link!)![1]!;
});

afterAll(async () => {
  await harness?.close();
});

async function staffPage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await login(page, base, username, 'kefu2026');
  await page.waitForURL(/\/tickets$/);
  return page;
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: resolve(SHOTS, `surveys-${name}.png`), fullPage });

describe('satisfaction surveys in the browser', () => {
  it('lets the shopper answer the link on a phone, once', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/s/${token}?lang=en`);
      await page.getByRole('heading', { name: 'How did we do?' }).waitFor();
      await shot(page, 'page-en');
      await page.getByRole('link', { name: '中文' }).click();
      await page.getByRole('heading', { name: '服务满意度评价' }).waitFor();
      const text = await page.locator('body').textContent();
      expect(text).not.toContain('周女士');
      expect(text).not.toContain('zhou.survey');
      await page.locator('label[for="s4"]').click();
      await page.locator('textarea#comment').fill(COMMENT);
      await shot(page, 'page-filled');
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByRole('heading', { name: '感谢您的评价！' }).waitFor();
      await shot(page, 'thanks');
      // The link again: already answered, no second form.
      await page.goto(`${base}/s/${token}`);
      await expect(page.locator('body').textContent()).resolves.toContain('已经提交过了');
      expect(await page.locator('form').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows the answer on the ticket', async () => {
    const page = await staffPage('xiaomei');
    try {
      await page.goto(`${base}/tickets/${ticket.id}`);
      const card = page.getByTestId('survey-result');
      await card.getByTestId('survey-score').filter({ hasText: '4 星' }).waitFor();
      await expect(card.textContent()).resolves.toContain(COMMENT);
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'ticket', false);
    } finally {
      await page.context().close();
    }
  });

  it('shows the supervisor the response rate, CSAT against the goal and the comment', async () => {
    const page = await staffPage('zhuguan');
    try {
      await page.getByRole('menuitem', { name: '满意度调查' }).click();
      await page.waitForURL(/\/surveys$/);
      await page.getByTestId('surveys-csat').waitFor();
      await expect(page.getByTestId('surveys-csat').textContent()).resolves.toContain('目标 90.0%');
      const row = page.getByTestId('survey-comments').locator('.ant-table-row').filter({ hasText: COMMENT });
      await row.waitFor();
      await expect(row.getByTestId('survey-case-link').textContent()).resolves.toBe(ticket.number);
      await shot(page, 'supervisor');
      await row.getByTestId('survey-case-link').click();
      await page.waitForURL(new RegExp(`/tickets/${ticket.id}$`));
    } finally {
      await page.context().close();
    }
  });
});
