/**
 * The shop owner checks the channels: 管理 → 渠道 shows e-mail and SMS set up and working, the last day's figures,
 * the mail that was not taken (with the reason and the mail to download), the texts sent and the shoppers' replies —
 * and a reply's ticket shows the shopper's SMS and kefu's answer by SMS on its timeline, and the call the agent logs.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMail } from '../../server/src/channels/email-in/receive.ts';
import { deliverDueSms, queueReplySms } from '../../server/src/channels/sms/outbox.ts';
import { startFakeAliyun, type FakeAliyun } from '../../server/test/fixtures/aliyun-sms-server.ts';
import { ADMIN_MENU, OUTPUT, clickUntil, fillUntil, login, startHarness, type Harness, viaMenu } from './browser-harness.ts';

const TOKEN = 'e2e-sms-callback-token-0123456789';
let aliyun: FakeAliyun;
let harness: Harness;
let browser: Browser;
let base: string;
let ticketId = 0;

const mail = (headers: string[], body: string) =>
  Buffer.from([...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));

beforeAll(async () => {
  aliyun = await startFakeAliyun({
    accessKeyId: 'LTAI5tE2e',
    accessKeySecret: 'e2e-secret-0123456789',
    signName: '暖橙家居',
    templates: { SMS_200001: ['code'], SMS_200002: ['content'] },
  });
  harness = await startHarness(
    { customers: 3, tickets: 2 },
    {
      SMS_PROVIDER: 'aliyun',
      SMS_ALIYUN_ACCESS_KEY_ID: 'LTAI5tE2e',
      SMS_ALIYUN_ACCESS_KEY_SECRET: 'e2e-secret-0123456789',
      SMS_ALIYUN_ENDPOINT: aliyun.url,
      SMS_SIGN_NAME: '暖橙家居',
      SMS_TEMPLATE_VERIFICATION: 'SMS_200001',
      SMS_TEMPLATE_NOTICE: 'SMS_200002',
      SMS_CALLBACK_TOKEN: TOKEN,
      EMAIL_IN_SMTP_PORT: '0',
      EMAIL_IN_SMTP_HOST: '127.0.0.1',
      EMAIL_IN_ADDRESSES: 'kefu@shop.example',
    },
  );
  ({ browser, base } = harness);
  const { app, ctx } = harness;
  const up = (seq: number, phone: string, content: string) =>
    app.inject({
      method: 'POST',
      url: `/api/channels/sms/aliyun/${TOKEN}/up`,
      payload: [{ phone_number: phone, send_time: '2026-12-01 10:00:00', content, sign_name: '暖橙家居', dest_code: '01', sequence_id: seq }],
    });
  expect((await up(1, '13900004444', '请问床单有1.8米的吗？想买两条')).statusCode).toBe(200);
  expect((await up(2, '13900005555', 'TD')).statusCode).toBe(200);
  const inbound = await ctx.db.selectFrom('sms_inbound').select('ticket_id').where('sequence_id', '=', '1').executeTakeFirstOrThrow();
  ticketId = inbound.ticket_id!;
  await ctx.db.transaction().execute((tx) => queueReplySms(tx, ticketId, '您好，1.8米的有货，两条可以一起下单，包邮。'));
  expect(await deliverDueSms(ctx.db, ctx.sms!)).toMatchObject({ sent: 1 });
  const envelope = { from: 'wang@163.com', to: ['kefu@shop.example'], remoteAddress: '127.0.0.1' };
  const options = { ownAddresses: ['kefu@shop.example'] };
  await receiveMail(
    ctx.db,
    mail(['From: 王先生 <wang@163.com>', 'To: kefu@shop.example', 'Subject: 发票怎么开', 'Message-ID: <a1@163.com>'], '请问发票怎么开？'),
    envelope,
    options,
  );
  await receiveMail(
    ctx.db,
    mail(
      ['From: wang@163.com', 'To: kefu@shop.example', 'Subject: 自动回复：我正在休假', 'Auto-Submitted: auto-replied', 'Message-ID: <a2@163.com>'],
      '我正在休假',
    ),
    envelope,
    options,
  );
});

afterAll(async () => {
  await harness?.close();
  await aliyun?.close();
});

describe('channels page, in the browser', () => {
  it('shows both channels working, their figures and logs, and a reply’s ticket with the texts on its timeline', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'admin', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await viaMenu(page, ADMIN_MENU, /^渠道$/, /\/admin\/channels$/);
      await expect.poll(() => page.getByTestId('channel-health-email').getAttribute('data-health')).toBe('ok');
      expect(await page.getByTestId('channel-health-sms').getAttribute('data-health')).toBe('ok');
      await page.getByText('【暖橙家居】').waitFor();
      expect(await page.getByTestId('figure-sms-replies').locator('.ant-statistic-content-value').innerText()).toBe('2');
      expect(await page.getByTestId('figure-sms-opt-outs').locator('.ant-statistic-content-value').innerText()).toBe('0');
      expect(await page.getByTestId('figure-email-ignored').locator('.ant-statistic-content-value').innerText()).toBe('1');

      const mails = page.getByTestId('email-inbound-table');
      await mails.getByText('自动回复：我正在休假').waitFor();
      await expect.poll(() => mails.locator('tbody tr').count()).toBe(2);
      const ignored = mails.locator('tbody tr').filter({ hasText: '我正在休假' });
      expect(await ignored.innerText()).toContain('已忽略');
      expect(await ignored.getByTestId('email-raw').getAttribute('href')).toMatch(/^\/api\/channels\/email\/inbound\/\d+\/raw$/);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-channels.png'), fullPage: true });

      await page.getByRole('tab', { name: '短信发送记录' }).click();
      const texts = page.getByTestId('sms-message-table');
      await texts.getByText('139****4444').waitFor();
      expect(await texts.innerText()).toContain('工单回复');
      expect(await texts.innerText()).not.toContain('13900004444');

      await page.getByRole('tab', { name: '短信回复' }).click();
      const replies = page.getByTestId('sms-reply-table');
      await replies.getByText('请问床单有1.8米的吗？想买两条').waitFor();
      expect(await replies.locator('tbody tr').filter({ hasText: 'TD' }).innerText()).toContain('已忽略');
      await page.screenshot({ path: resolve(OUTPUT, 'admin-channels-replies.png'), fullPage: true });
      await replies.getByRole('link', { name: `工单 #${ticketId}` }).click();
      await page.waitForURL(new RegExp(`/tickets/${ticketId}$`));
      await page.getByText('已发送短信至 139****4444').waitFor();
      await page.getByText('请问床单有1.8米的吗？想买两条').first().waitFor();
      expect(await page.getByTestId('ticket-tags').locator('[data-channel=sms]').innerText()).toContain('短信');
      // The agent calls the shopper back and logs the call on the ticket.
      await clickUntil(page.getByTestId('call-log-open'), page.getByTestId('call-log-form'));
      await fillUntil(page.getByTestId('call-minutes'), '2');
      await fillUntil(page.getByTestId('call-note'), '电话确认：两条1.8米床单，米白色，今天下单');
      await page.getByRole('button', { name: '保存' }).click();
      const call = page.getByTestId('event-call');
      await call.waitFor();
      expect(await call.innerText()).toMatch(/致电 139\*\*\*\*4444 · 通话 2 分 0 秒[\s\S]*电话确认：两条1.8米床单/);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-channels-ticket.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
