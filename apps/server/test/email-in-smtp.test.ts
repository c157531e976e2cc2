import { connect } from 'node:net';
import iconv from 'iconv-lite';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInboundMail } from '../src/channels/email-in/parse.ts';
import { screenInboundMail } from '../src/channels/email-in/screen.ts';
import { startSmtpEndpoint, withReturnPath, type SmtpEnvelope } from '../src/channels/email-in/smtp-endpoint.ts';

// kefu's inbound SMTP endpoint on loopback, with nodemailer as the sending MTA.
const MAX_BYTES = 50_000;
const RATE = 3;
const received: { raw: Buffer; envelope: SmtpEnvelope }[] = [];
const logged: { level: 'warn' | 'error'; msg: string }[] = [];
let onMailHook: (() => Promise<void>) | null = null;
let endpoint: Awaited<ReturnType<typeof startSmtpEndpoint>>;

beforeAll(async () => {
  endpoint = await startSmtpEndpoint({
    host: '127.0.0.1',
    port: 0,
    acceptRecipients: (address) => address === 'kefu@shop.example',
    maxBytes: MAX_BYTES,
    ratePerSenderPerMinute: RATE,
    onMail: async (raw, envelope) => {
      if (onMailHook) await onMailHook();
      received.push({ raw, envelope });
    },
    log: { warn: (_obj, msg) => logged.push({ level: 'warn', msg }), error: (_obj, msg) => logged.push({ level: 'error', msg }) },
  });
});
afterAll(async () => {
  await endpoint.close();
});

const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: endpoint.port, secure: false, ignoreTLS: true });

/** Sends raw bytes as they are (no rewriting by nodemailer), with an explicit envelope. */
async function sendRaw(raw: Buffer, from: string, to: string[] = ['kefu@shop.example']) {
  const t = transport();
  try {
    return await t.sendMail({ envelope: { from, to }, raw });
  } finally {
    t.close();
  }
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => ({ responseCode: 250 }),
    (err: { responseCode?: number }) => ({ responseCode: err.responseCode }),
  );

/** Speaks SMTP by hand: each command goes out after the previous reply; returns every reply, greeting first. */
function dialog(commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(endpoint.port, '127.0.0.1');
    const replies: string[] = [];
    const queue = [...commands];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A reply is complete at its last line, the one with a space after the code.
      for (let m = /^\d{3} .*\r\n/m.exec(buffer); m; m = /^\d{3} .*\r\n/m.exec(buffer)) {
        replies.push(buffer.slice(0, m.index + m[0].length));
        buffer = buffer.slice(m.index + m[0].length);
        const next = queue.shift();
        if (next === undefined) {
          socket.end('QUIT\r\n');
          resolve(replies);
          return;
        }
        socket.write(`${next}\r\n`);
      }
    });
    socket.on('error', reject);
  });
}

const ORDER = '我的订单还没发货，请尽快处理';
const gbkMail = (from: string) =>
  Buffer.concat([
    Buffer.from(
      `From: =?gbk?B?${iconv.encode('张三', 'gbk').toString('base64')}?= <${from}>\r\nTo: kefu@shop.example\r\n` +
        `Subject: =?gbk?B?${iconv.encode(ORDER, 'gbk').toString('base64')}?=\r\nMessage-ID: <m-${Date.now()}@qq.com>\r\n` +
        'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
    ),
    iconv.encode(`${ORDER}\r\n.\r\n..以点开头的一行\r\n`, 'gbk'),
  ]);

describe('the inbound SMTP endpoint', () => {
  it('advertises SIZE and neither AUTH nor STARTTLS', async () => {
    const [, ehlo] = await dialog(['EHLO test.example']);
    expect(ehlo).toMatch(new RegExp(`^250[- ]SIZE ${MAX_BYTES}\r?$`, 'm'));
    expect(ehlo).not.toMatch(/AUTH|STARTTLS/);
  });

  it('hands a message on with its exact bytes, only then answering 250', async () => {
    const raw = gbkMail('ZhangSan@QQ.com');
    let stored = false;
    onMailHook = async () => {
      await new Promise((r) => setTimeout(r, 150));
      stored = true;
    };
    try {
      const info = await sendRaw(raw, 'ZhangSan@QQ.com', ['Kefu@Shop.Example']);
      expect(stored).toBe(true);
      expect(info.response).toMatch(/^250/);
    } finally {
      onMailHook = null;
    }
    const got = received.at(-1)!;
    // Dot-stuffing is undone: the lines starting with "." arrive as they were written.
    expect(got.raw.equals(raw)).toBe(true);
    // smtp-server lower-cases the domain of MAIL FROM; RCPT TO is lower-cased by the endpoint.
    expect(got.envelope).toEqual({ from: 'ZhangSan@qq.com', to: ['kefu@shop.example'], remoteAddress: '127.0.0.1' });
    const mail = await parseInboundMail(got.raw);
    expect(mail).toMatchObject({ kind: 'mail', subject: ORDER, from: { address: 'zhangsan@qq.com', name: '张三' } });
    expect(mail.kind === 'mail' && mail.text).toBe(`${ORDER}\n.\n..以点开头的一行`);
  });

  it('receives what nodemailer composes, Chinese subject included', async () => {
    const t = transport();
    await t.sendMail({ from: '李四 <lisi@163.com>', to: 'kefu@shop.example', subject: `Re: 回复：${ORDER}`, text: '谢谢' });
    t.close();
    const mail = await parseInboundMail(received.at(-1)!.raw);
    expect(mail).toMatchObject({ kind: 'mail', subject: `Re: 回复：${ORDER}`, text: '谢谢' });
  });

  it('refuses an unknown recipient with 550 and passes nothing on', async () => {
    const before = received.length;
    expect(await rejection(sendRaw(gbkMail('a@qq.com'), 'a@qq.com', ['nobody@shop.example']))).toEqual({ responseCode: 550 });
    expect(received.length).toBe(before);
  });

  it('delivers to the accepted recipients only when some are unknown', async () => {
    const info = await sendRaw(gbkMail('b@qq.com'), 'b@qq.com', ['nobody@shop.example', 'kefu@shop.example']);
    expect(info.rejected).toEqual(['nobody@shop.example']);
    expect(received.at(-1)!.envelope.to).toEqual(['kefu@shop.example']);
  });

  it('refuses an oversized message with 552 and passes nothing on', async () => {
    const before = received.length;
    const big = Buffer.concat([gbkMail('big@qq.com'), Buffer.from(`${'x'.repeat(998)}\r\n`.repeat(60))]);
    expect(big.length).toBeGreaterThan(MAX_BYTES);
    // Undeclared size: refused after DATA, where the endpoint checks stream.sizeExceeded (and logs it).
    expect(await rejection(sendRaw(big, 'big@qq.com'))).toEqual({ responseCode: 552 });
    expect(logged.some((l) => l.msg.includes('oversized'))).toBe(true);
    // Declared with MAIL FROM ... SIZE= (nodemailer itself would not even try): refused before any byte is sent.
    const replies = await dialog(['EHLO test.example', `MAIL FROM:<big2@qq.com> SIZE=${MAX_BYTES + 1}`]);
    expect(replies[2]).toMatch(/^552 /);
    expect(received.length).toBe(before);
  });

  it('defers a sender over its rate with 451, counting the address case-insensitively, and leaves others alone', async () => {
    for (let i = 0; i < RATE; i++) await sendRaw(gbkMail('flood@spam.example'), i % 2 ? 'FLOOD@spam.example' : 'flood@spam.example');
    const before = received.length;
    expect(await rejection(sendRaw(gbkMail('flood@spam.example'), 'Flood@Spam.Example'))).toEqual({ responseCode: 451 });
    expect(received.length).toBe(before);
    await sendRaw(gbkMail('calm@qq.com'), 'calm@qq.com');
    expect(received.length).toBe(before + 1);
  });

  it('answers 451 when storing fails, so the sender retries, and accepts the retry', async () => {
    onMailHook = () => Promise.reject(new Error('database down'));
    const before = received.length;
    try {
      const { responseCode } = await rejection(sendRaw(gbkMail('retry@qq.com'), 'retry@qq.com'));
      expect(responseCode).toBe(451);
      expect(responseCode! >= 400 && responseCode! < 500).toBe(true);
    } finally {
      onMailHook = null;
    }
    expect(received.length).toBe(before);
    expect(logged.some((l) => l.level === 'error')).toBe(true);
    await sendRaw(gbkMail('retry@qq.com'), 'retry@qq.com');
    expect(received.length).toBe(before + 1);
  });

  it('passes the null sender of a bounce on, which withReturnPath makes visible to screening', async () => {
    const dsn = Buffer.from('From: Mail Delivery <relay@mx.example>\r\nTo: kefu@shop.example\r\nSubject: 退回\r\n\r\nfailed\r\n');
    await sendRaw(dsn, '');
    const got = received.at(-1)!;
    expect(got.envelope.from).toBe('');
    const mail = await parseInboundMail(withReturnPath(got.raw, got.envelope.from));
    if (mail.kind !== 'mail') throw new Error('refused');
    expect(mail.headers.returnPath).toBe('<>');
    expect(screenInboundMail(mail, ['kefu@shop.example'])).toMatchObject({ accept: false, reason: 'bounce' });
    const ordinary = await parseInboundMail(withReturnPath(got.raw, 'relay@mx.example'));
    expect(ordinary.kind === 'mail' && screenInboundMail(ordinary, [])).toEqual({ accept: true });
  });
});
