import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails, mailer } from '../src/channels/email.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';

// A real SMTP peer on loopback receives what kefu sends.
const received: ParsedMail[] = [];
let refuse = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(_address, _session, callback) {
    callback(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }) : undefined);
  },
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      received.push(mail);
      callback();
    }, callback);
  },
});

let t: TestApp;
let smtpUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await createTestApp({ SMTP_URL: smtpUrl, MAIL_FROM: '暖橙客服 <kefu@nuancheng.example>' });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function ticketFor(email: string | null) {
  const customer = json(
    await t.as('agent')({
      method: 'POST',
      url: '/api/customers',
      payload: {
        name: '邮件顾客',
        identities: email ? [{ kind: 'email', value: email }] : [{ kind: 'phone', value: `139${String(Date.now()).slice(-8)}` }],
      },
    }),
  ).customer;
  return json(
    await t.as('agent')({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'consultation', subject: '大码什么时候补货', customerId: customer.id },
    }),
  ).ticket;
}

const mail = () => mailer(smtpUrl, '暖橙客服 <kefu@nuancheng.example>')!;

describe('answering a customer by e-mail', () => {
  it('sends a public reply to the customer and records it on the timeline', async () => {
    const ticket = await ticketFor('wang@qq.com');
    const res = await t.as('agent')({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { kind: 'reply', body: '您好，大码下周一补货。' },
    });
    expect(json(res).message.emailed).toBe(true);
    await t.as('agent')({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '内部：已催仓库' } });
    expect(await deliverDueEmails(t.ctx.db, mail())).toEqual({ sent: 1, failed: 0 });
    const got = received.at(-1)!;
    expect(got.subject).toBe(`Re: [${ticket.number}] 大码什么时候补货`);
    expect(got.text).toContain('您好，大码下周一补货。');
    expect(got.text).not.toContain('内部');
    expect((got.to as { text: string }).text).toBe('wang@qq.com');
    const events = json(await t.as('agent')({ url: `/api/tickets/${ticket.id}/timeline` })).events.map((e: { kind: string }) => e.kind);
    expect(events).toContain('email_sent');
    expect(await deliverDueEmails(t.ctx.db, mail())).toEqual({ sent: 0, failed: 0 });
  });

  it('queues nothing for a customer without an e-mail address', async () => {
    const ticket = await ticketFor(null);
    const res = await t.as('agent')({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '好的' } });
    expect(json(res).message.emailed).toBe(false);
  });

  it('keeps a refused e-mail and retries it later, without losing it', async () => {
    const ticket = await ticketFor('li@163.com');
    await t.as('agent')({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '稍后重试的回复' } });
    refuse = true;
    expect(await deliverDueEmails(t.ctx.db, mail())).toEqual({ sent: 0, failed: 1 });
    const row = await t.ctx.db.selectFrom('email_outbox').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/mailbox unavailable/);
    refuse = false;
    await t.ctx.db
      .updateTable('email_outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .where('id', '=', row.id)
      .execute();
    expect(await deliverDueEmails(t.ctx.db, mail())).toEqual({ sent: 1, failed: 0 });
    expect(received.at(-1)!.text).toContain('稍后重试的回复');
  });
});
