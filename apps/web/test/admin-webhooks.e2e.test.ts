/**
 * The shop owner connects the ERP: 管理 → 集成 Webhook, adds a subscription to new tickets, keeps the secret shown
 * once, tests the receiver, and reads the delivery log — a ticket opened afterwards arrives signed; when the
 * receiver starts failing the page says so, and 重新推送 sends the failed delivery again.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../server/src/integrations/signing.ts';
import { ADMIN_MENU, OUTPUT, clickUntil, fillUntil, login, startHarness, type Harness, viaMenu } from './browser-harness.ts';

const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let answer = 200;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(answer).end();
  });
});

let harness: Harness;
let browser: Browser;
let base: string;
let url: string;

beforeAll(async () => {
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/erp/kefu`;
  harness = await startHarness({ customers: 3, tickets: 2 }, { WEBHOOK_PRIVATE_TARGETS: 'allow' });
  ({ browser, base } = harness);
  await harness.app.events.deliverNow();
});

afterAll(async () => {
  await harness?.close();
  receiver.closeAllConnections();
  await new Promise<void>((done) => receiver.close(() => done()));
});

describe('webhooks page, in the browser', () => {
  it('adds a subscription, tests it, and shows deliveries and failures', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'admin', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await viaMenu(page, ADMIN_MENU, /集成 Webhook/, /\/admin\/webhooks$/);
      await page.getByText('还没有订阅').waitFor();

      await clickUntil(page.getByTestId('webhook-add'), page.getByTestId('webhook-form'));
      await fillUntil(page.getByTestId('webhook-url'), url);
      await fillUntil(page.getByTestId('webhook-description'), '金蝶 ERP');
      // The form has set its starting values by now (the fills held), so a tick stays ticked.
      for (const event of ['新建工单', '售后状态变化']) await page.getByTestId('webhook-events').getByText(event).click();
      const ticked = page.getByTestId('webhook-events').locator('label.ant-checkbox-wrapper-checked');
      await expect.poll(() => ticked.allInnerTexts()).toEqual([expect.stringMatching(/新建工单/), expect.stringMatching(/售后状态变化/)]);
      await page.getByRole('button', { name: /保\s*存/ }).click();

      const secret = await page.getByTestId('secret-value').innerText();
      expect(secret).toMatch(/^whsec_/);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-webhooks-secret.png') });
      await page.getByRole('button', { name: '我已记下' }).click();

      const row = page.getByTestId('webhook-table').locator('tbody tr[data-row-key]');
      await expect.poll(() => row.innerText()).toMatch(/金蝶 ERP[\s\S]*新建工单[\s\S]*售后状态变化[\s\S]*尚未推送/);

      await row.getByTestId('webhook-ping').click();
      await page.locator('.ant-message-notice').filter({ hasText: '接收方已回应 HTTP 200' }).waitFor();
      expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['ping']);
      expect(verifySignature(secret, received[0]!.headers, received[0]!.body)).toBe(true);
      await expect.poll(() => row.getByTestId('webhook-health').innerText()).toMatch(/正常/);

      // A ticket opened now reaches the ERP; then the ERP breaks and the next one fails.
      const agent = await harness.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xiaomei', password: 'kefu2026' } });
      const cookie = agent.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const open = (subject: string) =>
        harness.app.inject({ method: 'POST', url: '/api/tickets', headers: { cookie }, payload: { type: 'consultation', subject } });
      expect((await open('发票抬头要改')).statusCode).toBe(201);
      await harness.app.events.deliverNow();
      await harness.app.webhooks.deliverDue();
      await expect.poll(() => received.map((r) => JSON.parse(r.body).type)).toEqual(['ping', 'ticket.created']);
      answer = 500;
      expect((await open('快递破损')).statusCode).toBe(201);
      await harness.app.events.deliverNow();
      await harness.app.webhooks.deliverDue();

      await page.reload();
      await expect.poll(() => row.getByTestId('webhook-health').innerText()).toMatch(/推送失败[\s\S]*连续失败 1 次[\s\S]*500/);
      await row.getByTestId('webhook-log-open').click();
      const log = page.getByTestId('webhook-log');
      await expect.poll(() => log.locator('tbody tr[data-row-key]').count()).toBe(3);
      await expect
        .poll(() => log.innerText())
        .toMatch(/新建工单[\s\S]*待推送[\s\S]*HTTP 500[\s\S]*新建工单[\s\S]*已送达[\s\S]*HTTP 200[\s\S]*测试推送/);
      await expect.poll(() => page.getByTestId('webhook-log-counts').innerText()).toMatch(/已送达\s*2[\s\S]*待推送\s*1/);
      await page.waitForTimeout(300);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-webhooks-log.png') });
      await page.keyboard.press('Escape');
      await log.waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-webhooks.png') });
      await row.getByTestId('webhook-log-open').click();

      // The failed one, given up on, is sent again from the log once the ERP is back.
      await harness.ctx.db.updateTable('webhook_sends').set({ status: 'failed' }).where('status', '=', 'pending').execute();
      answer = 200;
      await page.getByTestId('webhook-log-filter').getByText('失败').click();
      await expect.poll(() => log.locator('tbody tr[data-row-key]').count()).toBe(1);
      await log.getByTestId('webhook-redeliver').click();
      await page.locator('.ant-message-notice').filter({ hasText: '已重新排队推送' }).waitFor();
      await harness.app.webhooks.deliverDue();
      // The ERP saw it twice: once answered 500, once 200.
      await expect.poll(() => received.filter((r) => r.body.includes('ticket.created')).length).toBe(3);
      await page.getByTestId('webhook-log-filter').getByText('全部').click();
      await expect.poll(() => page.getByTestId('webhook-log-counts').innerText()).toMatch(/已送达\s*3[\s\S]*待推送\s*0[\s\S]*已放弃\s*0/);
    } finally {
      await context.close();
    }
  });
});
