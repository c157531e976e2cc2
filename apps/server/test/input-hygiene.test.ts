import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientErrorOf } from '../src/http/errors.ts';
import { ChatClient } from './chat-client.ts';
import { MULTIPART, multipartFile } from './fuzz/multipart.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let admin: Client;
let base: string;
let ticketId: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = t.as('admin');
  await t.ctx.db.insertInto('shops').values({ key: 'hygiene', name: '测试店', identity_secret: 'secret-hygiene' }).execute();
  const ticket = await admin({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '输入检查' } });
  ticketId = json(ticket).ticket.id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
});

const count = async (table: 'forbidden_phrases' | 'customers' | 'attachments' | 'messages' | 'conversations' | 'orders' | 'faq_entries') =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('text the database cannot store', () => {
  it('refuses NUL in a body field with 400 naming the field, and stores nothing', async () => {
    const before = await count('customers');
    const res = await admin({ method: 'POST', url: '/api/customers', payload: { name: '张\u0000三' } });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields).toEqual([{ field: 'body.name', reason: expect.stringMatching(/NUL/) }]);
    expect(await count('customers')).toBe(before);
  });

  it('refuses NUL in a query parameter with 400', async () => {
    const res = await admin({ method: 'GET', url: '/api/customers?q=%00' });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0].field).toBe('querystring.q');
  });

  it('refuses a forbidden phrase with a lone surrogate and does not store it', async () => {
    const before = await count('forbidden_phrases');
    const res = await admin({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '滚\uD800' } });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0]).toEqual({ field: 'body.phrase', reason: expect.stringMatching(/surrogate/) });
    expect(await count('forbidden_phrases')).toBe(before);
  });

  it("answers a database refusal of the client's data with 400, as a backstop", () => {
    const pgError = (code: string) => Object.assign(new Error('refused'), { code });
    for (const code of ['22021', '22P05', '54000', '22003']) expect(clientErrorOf(pgError(code))?.status, code).toBe(400);
    expect(clientErrorOf(pgError('XX000'))).toBeNull();
  });
});

describe('words longer than the search index allows', () => {
  const longUrl = `https://shop.example.com/item?ref=${'a'.repeat(3000)}`;

  it('saves a reply with a long URL and keeps it searchable', async () => {
    const reply = await admin({
      method: 'POST',
      url: `/api/tickets/${ticketId}/messages`,
      payload: { kind: 'reply', body: `退款链接在这里 ${longUrl}` },
    });
    expect(reply.statusCode).toBe(201);
    const found = await admin({ method: 'GET', url: `/api/tickets?q=${encodeURIComponent('退款链接')}` });
    expect(json(found).tickets.map((x: { id: number }) => x.id)).toContain(ticketId);
  });

  it('creates a ticket whose description holds a word over 2047 bytes', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'consultation', subject: '长链接', description: `看 https://shop.example.com/${'x'.repeat(3000)}` },
    });
    expect(res.statusCode).toBe(201);
  });

  it("keeps saving replies when the ticket's index has reached its size limit", async () => {
    const created = await admin({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '很多回复' } });
    const id = json(created).ticket.id;
    // 10 distinct 1,900-byte words a reply: 56 replies hold more words than a tsvector's 1 MiB.
    for (let i = 0; i < 56; i++) {
      const body = Array.from({ length: 10 }, (_, j) => `w${i}x${j}${'q'.repeat(1900)}`).join(' ');
      const res = await admin({ method: 'POST', url: `/api/tickets/${id}/messages`, payload: { kind: 'note', body } });
      expect(res.statusCode, `reply ${i}`).toBe(201);
    }
  });
});

describe('files that cannot be read', () => {
  const upload = (url: string, payload: Buffer) => admin({ method: 'POST', url, payload, headers: MULTIPART });
  const ORDER_IMPORT = '/api/orders/import?platform=taobao&dryRun=false';
  const FAQ_IMPORT = '/api/knowledge/faqs/import?dryRun=false';

  it('answers a corrupt .xlsx with 400 naming the file', async () => {
    const corrupt = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]);
    for (const url of [ORDER_IMPORT, FAQ_IMPORT]) {
      const res = await upload(url, multipartFile('orders.xlsx', corrupt));
      expect(res.statusCode, url).toBe(400);
      expect(json(res).fields[0].field).toBe('file');
    }
  });

  it('answers a CSV quote error with 400 naming the file and line', async () => {
    const header = '订单编号,订单状态,订单创建时间,宝贝标题,宝贝数量,价格\n';
    const res = await upload(ORDER_IMPORT, multipartFile('orders.csv', `${header}A1,已付款,2026-01-01 10:00,帽"子,1,10\n`));
    expect(res.statusCode).toBe(400);
    expect(json(res).message).toMatch(/^file: not a readable CSV.*line 2/);
    const faq = await upload(FAQ_IMPORT, multipartFile('faq.csv', '标准问题,答案\n问,答"案\n'));
    expect(faq.statusCode).toBe(400);
    expect((await count('orders')) + (await count('faq_entries'))).toBe(0);
  });

  it('answers a CSV cell holding NUL with 400 naming the line, and imports nothing', async () => {
    const res = await upload(FAQ_IMPORT, multipartFile('faq.csv', '标准问题,答案\n怎么退货,七天无理由\n怎么换货,七天\u0000换货\n'));
    expect(res.statusCode).toBe(400);
    expect(json(res).message).toMatch(/line 3, column 2: .*NUL/);
    expect(await count('faq_entries')).toBe(0);
  });

  it('answers a broken multipart body with 400 on every upload route', async () => {
    const cut = multipartFile('a.txt', 'hello world', 'text/plain').subarray(0, 110);
    for (const url of [ORDER_IMPORT, FAQ_IMPORT, `/api/tickets/${ticketId}/attachments`, '/api/chat/files']) {
      for (const [payload, headers] of [
        [cut, MULTIPART],
        [Buffer.from('--x\r\nbroken'), { 'content-type': 'multipart/form-data' }],
      ] as const) {
        const res = await admin({ method: 'POST', url, payload, headers });
        expect(res.statusCode, `${url} ${headers['content-type']}`).toBe(400);
      }
    }
  });

  it('answers an Excel upload that breaks off with 400 instead of waiting forever', async () => {
    const xlsx = multipartFile('orders.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(300, 9)]));
    for (const url of [ORDER_IMPORT, FAQ_IMPORT]) {
      const res = await upload(url, xlsx.subarray(0, 200));
      expect(res.statusCode, url).toBe(400);
      expect(json(res).message).toMatch(/^file: the upload broke off/);
    }
  }, 10_000);

  it('refuses an attachment whose name holds NUL, and stores nothing', async () => {
    const before = await count('attachments');
    const res = await upload(`/api/tickets/${ticketId}/attachments`, multipartFile('', 'hello', 'text/plain', "filename*=UTF-8''note%00.txt"));
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0].field).toBe('file');
    expect(await count('attachments')).toBe(before);
  });
});

describe('product image links', () => {
  it('accepts http(s) URLs and site paths, refuses javascript: and data:', async () => {
    const product = await t.ctx.db
      .insertInto('products')
      .values({ sku: 'IMG-1', name: '帽子', category: '服饰', price_fen: 1000 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const patch = (images: string[], version: number) => admin({ method: 'PATCH', url: `/api/products/${product.id}`, payload: { version, images } });
    for (const bad of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', '//evil.example/a.png']) {
      const res = await patch([bad], 1);
      expect(res.statusCode, bad).toBe(400);
      expect(json(res).fields[0].field).toBe('body.images.0');
    }
    const ok = await patch(['https://img.example.com/a.png', '/api/chat/files/abcdefghijkl'], 1);
    expect(ok.statusCode).toBe(200);
  });
});

describe('socket frames', () => {
  async function shopper() {
    const c = await ChatClient.connect(`${base}/ws/shopper?shop=hygiene`);
    await c.type('welcome');
    return c;
  }
  async function agent() {
    const c = await ChatClient.connect(`${base}/ws/agent`, { cookie: t.users.admin!.cookie });
    await c.type('welcome');
    return c;
  }

  it('answers ids and sequence numbers of 2^31 and above with `invalid`, never `internal`', async () => {
    const [s, a] = await Promise.all([shopper(), agent()]);
    const frames = [
      [s, { type: 'resume', conversationId: 2 ** 31, afterSeq: 0 }],
      [s, { type: 'read', conversationId: 1, seq: 2 ** 40 }],
      [s, { type: 'feedback', answerId: 2 ** 31, helpful: true }],
      [a, { type: 'resume', conversationId: 2 ** 31, afterSeq: 0 }],
      [a, { type: 'accept', conversationId: 9_007_199_254_740_991 }],
      [a, { type: 'transfer', conversationId: 1, toAgentId: 2 ** 31 }],
    ] as const;
    for (const [client, frame] of frames) {
      const from = client.frames.length;
      client.send(frame);
      const error = await client.next((f) => f.type === 'error', 3000, from);
      expect(error.code, JSON.stringify(frame)).toBe('invalid');
    }
    await Promise.all([s.close(), a.close()]);
  });

  it('answers NUL or a lone surrogate in a frame with `invalid` naming the field, and stores nothing', async () => {
    const s = await shopper();
    const before = [await count('messages'), await count('conversations')];
    s.send({ type: 'send', clientId: 'nul-text-0001', kind: 'text', body: '你好\u0000' });
    expect(await s.type('error')).toMatchObject({ code: 'invalid', clientId: 'nul-text-0001', message: expect.stringMatching(/^body: .*NUL/) });
    s.send({ type: 'leave_message', body: '留言\uDC00' });
    expect(await s.next((f) => f.type === 'error' && /surrogate/.test(f.message))).toMatchObject({ code: 'invalid' });
    expect([await count('messages'), await count('conversations')]).toEqual(before);
    await s.close();
  });

  it('answers a frame over 16 KiB with `too_large` and keeps the connection; over 64 KiB, answers before closing cleanly', async () => {
    const s = await shopper();
    const closed = new Promise<number>((resolve) => s.socket.once('close', (code) => resolve(code)));
    s.send({ type: 'send', clientId: 'big-frame-001', kind: 'text', body: 'x'.repeat(20 * 1024) });
    expect(await s.type('error')).toMatchObject({ code: 'too_large' });
    const from = s.frames.length;
    s.send({ type: 'send', clientId: 'huge-frame-01', kind: 'text', body: 'x'.repeat(70 * 1024) });
    expect(await s.next((f) => f.type === 'error', 3000, from)).toMatchObject({ code: 'too_large' });
    expect(await closed).toBe(1009);
  });
});

describe('requests the fuzzer found answered 500', () => {
  it("changes only a user's groups (or nothing) without an empty UPDATE", async () => {
    const group = json(await admin({ method: 'POST', url: '/api/groups', payload: { name: '售后组' } })).group;
    const agentId = t.users.agent!.id;
    const groups = await admin({ method: 'PATCH', url: `/api/users/${agentId}`, payload: { groupIds: [group.id] } });
    expect(groups.statusCode).toBe(200);
    expect((await admin({ method: 'PATCH', url: `/api/users/${agentId}`, payload: {} })).statusCode).toBe(200);
  });
});
