import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails, mailer } from '../src/channels/email.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// E-mail in end to end: a real SMTP client delivers to kefu's SMTP endpoint; kefu's replies go out through a real
// SMTP server (the customer's mailbox here), and the customer's answers come back threaded.
const outbox: ParsedMail[] = [];
const customersMailbox = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      outbox.push(mail);
      callback();
    }, callback);
  },
});

const SHOP = 'kefu@shop.example';
let t: TestApp;
let agent: Client;
let smtp: Transporter;
let outboundUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => customersMailbox.listen(0, '127.0.0.1', resolve));
  outboundUrl = `smtp://127.0.0.1:${(customersMailbox.server.address() as AddressInfo).port}`;
  t = await createTestApp({
    EMAIL_IN_SMTP_PORT: '0',
    EMAIL_IN_SMTP_HOST: '127.0.0.1',
    EMAIL_IN_ADDRESSES: `${SHOP}, service@shop.example`,
    SMTP_URL: outboundUrl,
    MAIL_FROM: `暖橙客服 <${SHOP}>`,
  });
  await t.app.ready();
  agent = t.as('agent');
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: t.app.emailIn.port!, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  smtp.close();
  await t.close();
  await new Promise<void>((resolve) => customersMailbox.close(() => resolve()));
});

/** Raw RFC 5322 text, delivered over SMTP as is (envelope from the From unless given). */
async function deliver(raw: string | Buffer, envelope: { from: string; to?: string[] }) {
  return smtp.sendMail({ envelope: { from: envelope.from, to: envelope.to ?? [SHOP] }, raw });
}
const mail = (headers: string[], body: string) =>
  [...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
const inbound = () => t.ctx.db.selectFrom('email_inbound').selectAll().orderBy('id', 'desc').execute();
const ticketOf = (id: number) => t.ctx.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const entriesOf = (id: number) =>
  t.ctx.db.selectFrom('ticket_events').select(['kind', 'body', 'data']).where('ticket_id', '=', id).orderBy('id').execute();

describe('e-mail in', () => {
  let ticketId = 0;

  it('opens an e-mail ticket on a new customer file from a GBK mail, with its accepted attachments', async () => {
    const subject = `=?GBK?B?${iconv.encode('订单 10086 还没发货', 'gbk').toString('base64')}?=`;
    const name = `=?GB2312?B?${iconv.encode('林小姐', 'gb2312').toString('base64')}?=`;
    const text = iconv.encode('你好，我的睡衣订单还没发货，请尽快处理。', 'gbk').toString('base64');
    const raw = [
      `From: ${name} <Lin.Xiaojie@QQ.com>`,
      `To: ${SHOP}`,
      `Subject: ${subject}`,
      'Message-ID: <first-1@qq.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=gbk',
      'Content-Transfer-Encoding: base64',
      '',
      text,
      '--b',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fake invoice').toString('base64'),
      '--b',
      'Content-Type: application/x-msdownload; name="run.exe"',
      'Content-Disposition: attachment; filename="run.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('MZ not allowed').toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const sent = await deliver(raw, { from: 'lin.xiaojie@qq.com' });
    expect(sent.response).toMatch(/^250/);

    const [log] = await inbound();
    expect(log).toMatchObject({ outcome: 'created', from_address: 'lin.xiaojie@qq.com', subject: '订单 10086 还没发货', raw: null });
    ticketId = log!.ticket_id!;
    const ticket = await ticketOf(ticketId);
    expect(ticket).toMatchObject({
      channel: 'email',
      type: 'consultation',
      subject: '订单 10086 还没发货',
      description: '你好，我的睡衣订单还没发货，请尽快处理。',
    });
    const customer = await t.ctx.db.selectFrom('customers').select(['name']).where('id', '=', ticket.customer_id!).executeTakeFirstOrThrow();
    expect(customer.name).toBe('林小姐');
    const identity = await t.ctx.db
      .selectFrom('customer_identities')
      .select(['kind', 'value'])
      .where('customer_id', '=', ticket.customer_id!)
      .execute();
    expect(identity).toEqual([{ kind: 'email', value: 'lin.xiaojie@qq.com' }]);
    const files = await t.ctx.db
      .selectFrom('attachments')
      .select(['filename', 'content_type', 'uploaded_by'])
      .where('ticket_id', '=', ticketId)
      .execute();
    expect(files).toEqual([{ filename: 'invoice.pdf', content_type: 'application/pdf', uploaded_by: null }]);
    const skipped = (await entriesOf(ticketId)).find((e) => e.kind === 'customer_message');
    expect(skipped?.data).toMatchObject({ skippedAttachments: ['run.exe'] });
  });

  it('threads the agent’s e-mail reply and the customer’s answer to it into the same ticket, reopening it', async () => {
    const res = await agent({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, payload: { kind: 'reply', body: '您好，今天下午发出。' } });
    expect(res.statusCode, res.body).toBe(201);
    await deliverDueEmails(t.ctx.db, mailer(outboundUrl, `暖橙客服 <${SHOP}>`)!);
    const sentToCustomer = outbox.find((m) => m.text?.includes('今天下午发出'))!;
    expect(sentToCustomer.inReplyTo).toBe('<first-1@qq.com>');
    const ourId = sentToCustomer.messageId!;
    expect(ourId).toMatch(/^<kefu\.\d+\.[\w-]+@shop\.example>$/);
    const patch = await agent({
      method: 'PATCH',
      url: `/api/tickets/${ticketId}`,
      payload: { status: 'pending_customer', version: (await ticketOf(ticketId)).version },
    });
    expect(patch.statusCode, patch.body).toBe(200);

    await deliver(
      mail(
        [
          `From: lin.xiaojie@qq.com`,
          `To: ${SHOP}`,
          'Subject: Re: 订单 10086 还没发货',
          'Message-ID: <answer-2@qq.com>',
          `In-Reply-To: ${ourId}`,
          `References: <first-1@qq.com> ${ourId}`,
        ],
        '好的，谢谢！',
      ),
      { from: 'lin.xiaojie@qq.com' },
    );
    expect((await inbound())[0]).toMatchObject({ outcome: 'continued', ticket_id: ticketId });
    const entries = await entriesOf(ticketId);
    expect(entries.filter((e) => e.kind === 'customer_message').at(-1)).toMatchObject({
      body: '好的，谢谢！',
      data: { channel: 'email', from: 'lin.xiaojie@qq.com' },
    });
    expect((await ticketOf(ticketId)).status).toBe('open');
    // The agent sees it on the ticket's timeline.
    const timeline = json(await agent({ method: 'GET', url: `/api/tickets/${ticketId}/timeline` }));
    expect(JSON.stringify(timeline)).toContain('好的，谢谢！');
  });

  it('stores a message delivered twice once', async () => {
    const raw = mail(
      [`From: lin.xiaojie@qq.com`, `To: ${SHOP}`, 'Subject: Re: 订单', 'Message-ID: <twice-3@qq.com>', 'In-Reply-To: <answer-2@qq.com>'],
      '再确认一下地址',
    );
    await deliver(raw, { from: 'lin.xiaojie@qq.com' });
    await deliver(raw, { from: 'lin.xiaojie@qq.com' });
    const [second, first] = await inbound();
    expect([first!.outcome, second!.outcome]).toEqual(['continued', 'duplicate']);
    const copies = (await entriesOf(ticketId)).filter((e) => e.body === '再确认一下地址');
    expect(copies).toHaveLength(1);
  });

  it('continues by the ticket number in the subject only for that ticket’s customer', async () => {
    const { number } = await ticketOf(ticketId);
    await deliver(mail([`From: lin.xiaojie@qq.com`, `To: ${SHOP}`, `Subject: Re: [${number}] 发货`, 'Message-ID: <num-4@qq.com>'], '还有一件'), {
      from: 'lin.xiaojie@qq.com',
    });
    expect((await inbound())[0]).toMatchObject({ outcome: 'continued', ticket_id: ticketId });
    await deliver(mail([`From: stranger@163.com`, `To: ${SHOP}`, `Subject: Re: [${number}] 发货`, 'Message-ID: <num-5@163.com>'], '我也要'), {
      from: 'stranger@163.com',
    });
    const [log] = await inbound();
    expect(log!.outcome).toBe('created');
    expect(log!.ticket_id).not.toBe(ticketId);
  });

  it('ignores automatic replies and bounces, keeping them in quarantine with the reason', async () => {
    const before = await t.ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await deliver(mail([`From: wang@163.com`, `To: ${SHOP}`, 'Subject: 自动回复：我正在休假', 'Auto-Submitted: auto-replied'], '我正在休假'), {
      from: 'wang@163.com',
    });
    expect((await inbound())[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^auto_submitted/) });
    await deliver(mail([`From: Mail Delivery System <MAILER-DAEMON@mx.qq.com>`, `To: ${SHOP}`, 'Subject: 系统退信'], 'delivery failed'), {
      from: '',
    });
    const [bounce] = await inbound();
    expect(bounce).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^bounce/) });
    expect(Buffer.from(bounce!.raw!).toString()).toContain('delivery failed');
    await deliver(mail([`From: 暖橙客服 <${SHOP}>`, `To: service@shop.example`, 'Subject: 我们自己的邮件'], 'loop'), {
      from: SHOP,
      to: ['service@shop.example'],
    });
    expect((await inbound())[0]).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/^own_address/) });
    const after = await t.ctx.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a recipient kefu does not serve, and quarantines a message it cannot read', async () => {
    const rows = (await inbound()).length;
    await expect(
      deliver(mail(['From: a@b.cn', 'To: boss@shop.example', 'Subject: x'], 'x'), { from: 'a@b.cn', to: ['boss@shop.example'] }),
    ).rejects.toMatchObject({
      responseCode: 550,
    });
    expect((await inbound()).length).toBe(rows);
    const sent = await deliver(Buffer.from('this is not an e-mail at all\r\n'), { from: 'spam@x.cn' });
    expect(sent.response).toMatch(/^250/);
    expect((await inbound())[0]).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/^(no_sender|malformed)/) });
  });

  it('shows the admin the received mail, what was quarantined and why, and hands over its bytes as a download', async () => {
    const admin = t.as('admin');
    const overview = await admin({ method: 'GET', url: '/api/channels' });
    expect(overview.statusCode, overview.body).toBe(200);
    expect(json(overview).email).toMatchObject({
      health: 'ok',
      inbound: { port: t.app.emailIn.port, addresses: [SHOP, 'service@shop.example'], maxMb: 10 },
      outbound: { enabled: true },
    });
    const counts = json(overview).email.inbound.last24h;
    const rows = await inbound();
    for (const outcome of ['created', 'continued', 'duplicate', 'refused', 'ignored']) {
      expect(counts[outcome], outcome).toBe(rows.filter((r) => r.outcome === outcome).length);
    }
    const page = await admin({ method: 'GET', url: '/api/channels/email/inbound?outcome=ignored&limit=2' });
    expect(page.statusCode, page.body).toBe(200);
    const { items, nextBefore } = json(page);
    expect(items).toHaveLength(2);
    expect(items.every((i: { outcome: string; quarantined: boolean }) => i.outcome === 'ignored' && i.quarantined)).toBe(true);
    expect(nextBefore).toBe(items[1].id);
    const raw = await admin({ method: 'GET', url: `/api/channels/email/inbound/${items[0].id}/raw` });
    expect(raw.statusCode).toBe(200);
    expect(raw.headers['content-type']).toBe('message/rfc822');
    expect(raw.headers['content-disposition']).toMatch(/^attachment/);
    expect(raw.body).toContain(items[0].subject === '我们自己的邮件' ? 'loop' : 'From:');
    const created = rows.find((r) => r.outcome === 'created')!;
    expect((await admin({ method: 'GET', url: `/api/channels/email/inbound/${created.id}/raw` })).statusCode).toBe(404);
    expect((await admin({ method: 'GET', url: '/api/channels/email/inbound?outcome=lost' })).statusCode).toBe(400);
    expect((await agent({ method: 'GET', url: '/api/channels/email/inbound' })).statusCode).toBe(403);
  });

  it('stores text the database could not hold (a NUL byte) without it, instead of failing for ever', async () => {
    await deliver(mail([`From: nul@qq.com`, `To: ${SHOP}`, 'Subject: 坏\u0000字符', 'Message-ID: <nul-7@qq.com>'], '第一行\u0000第二行'), {
      from: 'nul@qq.com',
    });
    const [log] = await inbound();
    expect(log!.outcome).toBe('created');
    expect(await ticketOf(log!.ticket_id!)).toMatchObject({ subject: '坏字符', description: '第一行第二行' });
  });

  it('opens a new ticket for an answer to a closed one', async () => {
    for (const status of ['solved', 'closed']) {
      const version = (await ticketOf(ticketId)).version;
      const moved = await t.as('supervisor')({ method: 'PATCH', url: `/api/tickets/${ticketId}`, payload: { status, version } });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    await deliver(
      mail(
        [`From: lin.xiaojie@qq.com`, `To: ${SHOP}`, 'Subject: Re: 订单', 'Message-ID: <late-6@qq.com>', 'In-Reply-To: <answer-2@qq.com>'],
        '又有问题了',
      ),
      { from: 'lin.xiaojie@qq.com' },
    );
    const [log] = await inbound();
    expect(log!.outcome).toBe('created');
    expect((await ticketOf(log!.ticket_id!)).customer_id).toBe((await ticketOf(ticketId)).customer_id);
  });
});
