/**
 * The shop owner checks the channels: 管理 → 渠道 shows e-mail and SMS set up and working, the last day's figures,
 * the mail that was not taken (with the reason and the mail to download), the texts sent and the shoppers' replies —
 * and a reply's ticket shows the shopper's SMS and kefu's answer by SMS on its timeline, and the call the agent logs.
 * A Taobao buyer's message (from a local server speaking TOP/TMC) reaches an agent's chat workspace marked 淘宝, and
 * the agent's answer goes back through Taobao's send call. An admin gives 小美 her extension, and she calls the
 * shopper from the customer file through the shop's telephony system (a local server speaking kefu's CTI contract).
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMail } from '../../server/src/channels/email-in/receive.ts';
import { deliverDueSms, queueReplySms } from '../../server/src/channels/sms/outbox.ts';
import { deliverDueIm } from '../../server/src/channels/marketplace/outbox.ts';
import { pollMarketplaces } from '../../server/src/channels/marketplace/setup.ts';
import { TAOBAO_CHAT_TOPIC } from '../../server/src/channels/marketplace/taobao.ts';
import { chinaTimestamp } from '../../server/src/channels/marketplace/signing.ts';
import { startFakeTop, type FakeTop } from '../../server/test/fixtures/marketplace-servers.ts';
import { startFakeAliyun, type FakeAliyun } from '../../server/test/fixtures/aliyun-sms-server.ts';
import { ctiEvent, startFakeCti, type FakeCti } from '../../server/test/fixtures/cti-server.ts';
import { ADMIN_MENU, OUTPUT, clickUntil, fillUntil, login, startHarness, type Harness, viaMenu } from './browser-harness.ts';

const TOKEN = 'e2e-sms-callback-token-0123456789';
let aliyun: FakeAliyun;
let top: FakeTop;
let cti: FakeCti;
const CTI_SECRET = 'e2e-cti-secret-0123456789';
const TB = { appKey: '23456789', secret: 'e2e-tb-secret-0123456789', session: 'e2e-session', group: 'kefu' };
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
  top = await startFakeTop(TB);
  cti = await startFakeCti(CTI_SECRET);
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
      TAOBAO_APP_KEY: TB.appKey,
      TAOBAO_APP_SECRET: TB.secret,
      TAOBAO_SESSION: TB.session,
      TAOBAO_TMC_GROUP: TB.group,
      TAOBAO_API_URL: top.url,
      CTI_WEBHOOK_SECRET: CTI_SECRET,
      CTI_CALL_URL: cti.url,
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
  // A Taobao buyer writes in 千牛; the shop's bot is off, so the chat waits for a person.
  await ctx.db
    .updateTable('shops')
    .set({ bot: JSON.stringify({ enabled: false, threshold: 0.6 }) })
    .execute();
  top.publish(TAOBAO_CHAT_TOPIC, {
    msg_id: 'tb-e2e-1',
    buyer_open_uid: 'AAHe2e-OpenUid-0001',
    msg_type: 'text',
    content: '亲，这款四件套有1.8米床的吗？',
    send_time: chinaTimestamp(new Date()),
  });
  await pollMarketplaces(ctx, app.chat);
});

afterAll(async () => {
  await harness?.close();
  await aliyun?.close();
  await top?.close();
  await cti?.close();
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
      // The marketplaces: Taobao polled and working, JD and Pinduoduo not connected.
      expect(await page.getByTestId('channel-health-taobao').getAttribute('data-health')).toBe('ok');
      expect(await page.getByTestId('channel-health-jd').getAttribute('data-health')).toBe('off');
      expect(await page.getByTestId('im-taobao').innerText()).toMatch(/拉取[\s\S]*23456789[\s\S]*1 条 \/ 1 个会话/);
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

  it('puts a Taobao buyer’s chat in the agent’s workspace marked 淘宝, and sends the answer back through Taobao', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'xiaomei', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.getByRole('menuitem', { name: /在线会话/ }).click();
      await page.getByTestId('status-switch').filter({ hasText: '在线' }).waitFor();
      const item = page.getByTestId('conv-item').filter({ hasText: '1.8米' });
      await item.waitFor();
      expect(await item.locator('[data-channel=taobao]').innerText()).toContain('淘宝');
      await item.click();
      await page.getByTestId('msg-in').filter({ hasText: '这款四件套有1.8米床的吗' }).waitFor();
      const input = page.getByTestId('chat-input');
      await input.pressSequentially('亲，有1.8米的，您看可以吗？');
      await input.press('Enter');
      await page.getByTestId('msg-out').filter({ hasText: '亲，有1.8米的' }).waitFor();
      // Platforms report no reads: the answer is not marked 未读 as a widget answer would be.
      expect(await page.getByTestId('messages').innerText()).not.toContain('未读');
      await expect
        .poll(async () => (await deliverDueIm(harness.ctx.db, harness.app.chat, harness.ctx.marketplaces!)).sent + top.sends.length)
        .toBeGreaterThan(0);
      expect(top.sends.at(-1)).toMatchObject({ buyer_open_uid: 'AAHe2e-OpenUid-0001', content: '亲，有1.8米的，您看可以吗？' });
      await page.screenshot({ path: resolve(OUTPUT, 'chat-taobao.png') });
    } finally {
      await context.close();
    }
  });

  it('lets 小美 call the shopper from the customer file once an admin has given her an extension', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'admin', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await viaMenu(page, ADMIN_MENU, /员工与角色/, /\/admin\/staff$/);
      const row = page.getByTestId('staff-table').locator('tbody tr').filter({ hasText: 'xiaomei' });
      await clickUntil(row.getByRole('button', { name: /编辑/ }), page.getByTestId('staff-form'));
      await fillUntil(page.locator('#staff-phone-extension'), '8001');
      await page.getByTestId('staff-form-ok').click();
      await page.getByTestId('staff-form').waitFor({ state: 'detached' });
      const extensionOf = (username: string) =>
        harness.ctx.db.selectFrom('users').select('phone_extension').where('username', '=', username).executeTakeFirstOrThrow();
      expect(await extensionOf('xiaomei')).toEqual({ phone_extension: '8001' });
      await context.clearCookies();

      await login(page, base, 'xiaomei', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      const { customer_id: customerId } = await harness.ctx.db
        .selectFrom('tickets')
        .select('customer_id')
        .where('id', '=', ticketId)
        .executeTakeFirstOrThrow();
      await page.goto(`${base}/customers/${customerId}`);
      await page.getByTestId('dial').click();
      await page.getByText('正在呼叫 139****4444：请接听分机 8001').waitFor();
      expect(cti.asked).toHaveLength(1);
      const asked = JSON.parse(cti.asked[0]!.body) as { callId: string; agentExtension: string; customerNumber: string };
      expect(asked).toMatchObject({ agentExtension: '8001', customerNumber: '13900004444' });
      // The CTI rings her, then the shopper; they talk for 1 min 35 s, and it says so on kefu's webhook.
      const moment = { callId: asked.callId, direction: 'out', customerNumber: '13900004444', agentExtension: '8001' };
      for (const [event, extra] of [
        ['answered', {}],
        ['ended', { durationSeconds: 95 }],
      ] as const) {
        const sent = ctiEvent(CTI_SECRET, { ...moment, event, at: new Date().toISOString(), ...extra });
        const res = await fetch(`${base}/api/channels/phone/events`, { method: 'POST', headers: sent.headers, body: sent.payload });
        expect(res.status).toBe(200);
      }
      await page.reload();
      const history = page.getByTestId('customer-history');
      await history.getByRole('tab', { name: /电话/ }).click();
      // Her call, beside the call-back logged by hand in the first test (2:00).
      const call = history.locator('tbody tr').filter({ hasText: '1:35' });
      await call.waitFor();
      expect(await call.innerText()).toMatch(/去电[\s\S]*1:35 · 小美[\s\S]*已接通/);
      expect(await history.locator('tbody tr').filter({ hasText: '2:00' }).innerText()).toMatch(/去电[\s\S]*电话确认/);
      await page.screenshot({ path: resolve(OUTPUT, 'customer-call.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
