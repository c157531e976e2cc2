import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let agent: Client;
let customerId: number;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  customerId = json(
    await agent({ method: 'POST', url: '/api/customers', payload: { name: '林小姐', identities: [{ kind: 'phone', value: '13912345678' }] } }),
  ).customer.id;
});
afterAll(async () => {
  await t.close();
});

async function create(payload: Record<string, unknown>) {
  const res = await agent({ method: 'POST', url: '/api/tickets', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket;
}

async function count(table: 'tickets' | 'ticket_events' | 'attachments') {
  const row = await t.ctx.db
    .selectFrom(table)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('creating tickets', () => {
  it('gives every ticket a readable unique number with its type prefix', async () => {
    const a = await create({ type: 'complaint', subject: '快递员态度恶劣', category: 'logistics', severity: 'major', customerId });
    const b = await create({ type: 'complaint', subject: '包裹被扔在门口', category: 'logistics', severity: 'minor', customerId });
    expect(a.number).toMatch(/^TS\d{8}-\d{4}$/);
    expect(b.number).not.toBe(a.number);
    expect(Number(b.number.slice(-4))).toBe(Number(a.number.slice(-4)) + 1);
    expect(a.priority).toBe('high');
    expect(a.customerName).toBe('林小姐');
  });

  it('numbers stay unique under concurrent creation', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => agent({ method: 'POST', url: '/api/tickets', payload: { type: 'after_sale', subject: `并发 ${i}` } })),
    );
    const numbers = results.map((r) => json(r).ticket.number);
    expect(new Set(numbers).size).toBe(20);
  });

  it('opens a problem order straight away as 处理中', async () => {
    expect((await create({ type: 'problem_order', subject: '发错颜色' })).status).toBe('open');
    expect((await create({ type: 'consultation', subject: '问尺码' })).status).toBe('new');
  });

  it('refuses a complaint without category or severity, writing nothing', async () => {
    const before = await count('tickets');
    const res = await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'complaint', subject: '不满意', category: 'logistics' } });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields).toEqual([{ field: 'body.severity', reason: expect.stringContaining('severity') }]);
    expect(await count('tickets')).toBe(before);
  });

  it('refuses unknown enum values, missing and oversized fields, naming each', async () => {
    const res = await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'question', subject: 'x'.repeat(201), priority: 'asap' } });
    expect(res.statusCode).toBe(400);
    const fields = json(res)
      .fields.map((f: { field: string }) => f.field)
      .sort();
    expect(fields).toEqual(['body.priority', 'body.subject', 'body.type']);
    const missing = await agent({ method: 'POST', url: '/api/tickets', payload: {} });
    expect(json(missing).fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['body.type', 'body.subject']));
  });

  it('refuses references to records that do not exist, writing nothing', async () => {
    const before = await count('tickets');
    const res = await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: 'x', customerId: 999999 } });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0].field).toBe('body.customerId');
    expect(await count('tickets')).toBe(before);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await agent({ method: 'POST', url: '/api/tickets', payload: '{"type":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
  });
});

describe('the status workflow and edits', () => {
  it('walks new → open → pending → solved → closed → reopened, all on the timeline', async () => {
    let ticket = await create({ type: 'consultation', subject: '什么时候发货' });
    for (const status of ['open', 'pending_customer', 'solved', 'closed', 'open']) {
      const res = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, status } });
      expect(res.statusCode, res.body).toBe(200);
      ticket = json(res).ticket;
      expect(ticket.status).toBe(status);
    }
    expect(ticket.solvedAt).toBeNull();
    const events = json(await agent({ url: `/api/tickets/${ticket.id}/timeline` })).events;
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'status', 'status', 'status', 'status', 'reopened']);
    expect(events[5].data).toEqual({ from: 'closed', to: 'open' });
    expect(events[1].actorName).toBe('agent用户');
  });

  it('refuses an illegal transition with the reason', async () => {
    const ticket = await create({ type: 'consultation', subject: '颜色' });
    const open = json(await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: 1, status: 'open' } })).ticket;
    const res = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: open.version, status: 'closed' } });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ error: 'invalid_transition', message: expect.stringMatching(/cannot go from open to closed/) });
  });

  it('refuses an edit based on a stale version with 409 and keeps the other edit', async () => {
    const ticket = await create({ type: 'consultation', subject: '并发编辑' });
    const first = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, priority: 'urgent' } });
    expect(first.statusCode).toBe(200);
    const second = await t.as('supervisor')({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      payload: { version: ticket.version, priority: 'low' },
    });
    expect(second.statusCode).toBe(409);
    expect(json(second)).toMatchObject({ error: 'stale_version', currentVersion: ticket.version + 1 });
    expect(json(await agent({ url: `/api/tickets/${ticket.id}` })).ticket.priority).toBe('urgent');
  });

  it('lets exactly one of two simultaneous edits win', async () => {
    const ticket = await create({ type: 'consultation', subject: '同时编辑' });
    const [a, b] = await Promise.all([
      agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, priority: 'high' } }),
      t.as('supervisor')({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, priority: 'low' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('assigns, tags and re-prioritizes with one event per change and an audit entry', async () => {
    const ticket = await create({ type: 'after_sale', subject: '换货' });
    const res = await agent({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      payload: { version: 1, assigneeId: t.users.agent!.id, tags: ['加急'], priority: 'high' },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res).ticket).toMatchObject({ assigneeName: 'agent用户', tags: ['加急'], priority: 'high', version: 2 });
    const kinds = json(await agent({ url: `/api/tickets/${ticket.id}/timeline` })).events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['priority', 'assignee', 'tags']));
    const audit = json(await t.as('supervisor')({ url: `/api/audit?entity=ticket&entityId=${ticket.id}` })).entries;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['ticket.update', 'ticket.create']);
  });

  it('answers 404 for unknown tickets and 400 for malformed ids and unknown fields', async () => {
    expect((await agent({ url: '/api/tickets/424242' })).statusCode).toBe(404);
    expect((await agent({ method: 'PATCH', url: '/api/tickets/424242', payload: { version: 1, priority: 'low' } })).statusCode).toBe(404);
    expect((await agent({ url: '/api/tickets/-3' })).statusCode).toBe(400);
    const extra = await agent({ method: 'PATCH', url: '/api/tickets/1', payload: { version: 1, number: 'X' } });
    expect(extra.statusCode).toBe(400);
    const noVersion = await agent({ method: 'PATCH', url: '/api/tickets/1', payload: { priority: 'low' } });
    expect(json(noVersion).fields[0].field).toBe('body.version');
  });
});

describe('replies, notes and attachments', () => {
  it('a first reply opens a new ticket; notes stay internal on the timeline', async () => {
    const ticket = await create({ type: 'consultation', subject: '保温杯能装牛奶吗' });
    const reply = await agent({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { kind: 'reply', body: '您好，建议只装热水和茶。' },
    });
    expect(reply.statusCode).toBe(201);
    await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '顾客是老客户' } });
    const after = json(await agent({ url: `/api/tickets/${ticket.id}` })).ticket;
    expect(after.status).toBe('open');
    const events = json(await agent({ url: `/api/tickets/${ticket.id}/timeline` })).events;
    expect(events.map((e: { kind: string; body: string | null }) => [e.kind, e.body])).toEqual([
      ['created', null],
      ['reply', '您好，建议只装热水和茶。'],
      ['status', null],
      ['note', '顾客是老客户'],
    ]);
  });

  it('lets a department collaborator add a note but not reply to the customer', async () => {
    const ticket = await create({ type: 'collaboration', subject: '请仓库核实退货' });
    const warehouse = t.as('warehouse');
    const note = { method: 'POST' as const, url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '看看' } };
    expect((await warehouse(note)).statusCode, 'a department sees only the tickets of its tasks').toBe(404);
    const task = await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/tasks`, payload: { department: 'warehouse', title: '核实退货' } });
    expect(task.statusCode, task.body).toBe(201);
    expect(
      (await warehouse({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '已签收，鞋子完好' } }))
        .statusCode,
    ).toBe(201);
    expect(
      (await warehouse({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '你好' } })).statusCode,
    ).toBe(403);
  });

  it('refuses empty and oversized messages', async () => {
    const ticket = await create({ type: 'consultation', subject: 'x' });
    const empty = await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '   ' } });
    expect(empty.statusCode).toBe(400);
    const huge = await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '啊'.repeat(20_001) } });
    expect(huge.statusCode).toBe(400);
    expect(json(huge).fields[0].field).toBe('body.body');
  });

  it('stores an allowed attachment and serves it back', async () => {
    const ticket = await create({ type: 'after_sale', subject: '围巾有线头' });
    const res = await upload(ticket.id, 'evidence.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    expect(res.statusCode, res.body).toBe(201);
    const { attachment } = json(res);
    const file = await agent({ url: `/api/attachments/${attachment.id}` });
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))).toBe(true);
    const events = json(await agent({ url: `/api/tickets/${ticket.id}/timeline` })).events;
    expect(events.at(-1).attachments[0].filename).toBe('evidence.png');
    expect(attachment).toEqual({ id: expect.any(Number), filename: 'evidence.png', contentType: 'image/png', size: 7 });
  });

  it('answers in camelCase, with moments as ISO strings', async () => {
    const ticket = await create({ type: 'consultation', subject: '驼峰字段', customerId });
    const reply = json(await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '您好' } })).message;
    const answers = [
      ticket,
      reply,
      json(await agent({ url: `/api/tickets/${ticket.id}` })).ticket,
      json(await agent({ url: `/api/tickets?customerId=${customerId}` })),
      json(await agent({ url: `/api/tickets/${ticket.id}/timeline` })),
    ];
    // Event data is what the change recorded (from/to values), not a field list: it is left as it is.
    const keys = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(keys)
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => (k === 'data' ? [k] : [k, ...keys(v)]))
          : [];
    expect(answers.flatMap(keys).filter((k) => k.includes('_'))).toEqual([]);
    expect(ticket).toMatchObject({ customerId, customerName: '林小姐', contactMasked: false, allowedStatuses: expect.arrayContaining(['open']) });
    for (const at of [ticket.createdAt, ticket.updatedAt, reply.at]) expect(new Date(at).toISOString()).toBe(at);
  });

  it('refuses disallowed types, mismatched extensions and files over the size limit, storing nothing', async () => {
    const ticket = await create({ type: 'after_sale', subject: '附件' });
    const before = await count('attachments');
    const exe = await upload(ticket.id, 'virus.exe', 'application/x-msdownload', Buffer.from('MZ'));
    expect(exe.statusCode).toBe(400);
    expect(json(exe).fields[0].field).toBe('file');
    expect((await upload(ticket.id, 'photo.exe', 'image/png', Buffer.from('x'))).statusCode).toBe(400);
    const big = await upload(ticket.id, 'big.png', 'image/png', Buffer.alloc(t.ctx.config.MAX_ATTACHMENT_MB * 1024 * 1024 + 10));
    expect(big.statusCode).toBe(413);
    expect(await count('attachments')).toBe(before);
  });
});

function upload(ticketId: number, filename: string, contentType: string, data: Buffer) {
  const boundary = '----kefu';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return agent({
    method: 'POST',
    url: `/api/tickets/${ticketId}/attachments`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('the ticket list', () => {
  it('filters by status, type, priority, assignee, tag and customer', async () => {
    const mine = await create({
      type: 'after_sale',
      subject: '筛选测试',
      assigneeId: t.users.agent!.id,
      tags: ['双11'],
      customerId,
      priority: 'urgent',
    });
    const list = (q: string) => agent({ url: `/api/tickets?${q}` }).then((r) => json(r));
    const byTag = await list('tag=双11');
    expect(byTag.tickets.map((x: { id: number }) => x.id)).toEqual([mine.id]);
    expect((await list('assigneeId=me&type=after_sale&priority=urgent,high')).tickets.map((x: { id: number }) => x.id)).toContain(mine.id);
    expect(
      (await list(`customerId=${customerId}&status=open`)).tickets.every(
        (x: { customerId: number; status: string }) => x.customerId === customerId && x.status === 'open',
      ),
    ).toBe(true);
    expect((await list('assigneeId=none')).tickets.every((x: { assigneeId: number | null }) => x.assigneeId === null)).toBe(true);
  });

  it('pages and sorts', async () => {
    const page1 = json(await agent({ url: '/api/tickets?pageSize=3&page=1&sort=created_at&order=asc' }));
    const page2 = json(await agent({ url: '/api/tickets?pageSize=3&page=2&sort=created_at&order=asc' }));
    expect(page1.tickets).toHaveLength(3);
    expect(page1.hasMore).toBe(true);
    expect(page1.total).toBeGreaterThan(6);
    const rows = [...page1.tickets, ...page2.tickets] as { id: number; createdAt: string }[];
    expect(new Set(rows.map((x) => x.id)).size).toBe(6);
    const times = rows.map((x) => Date.parse(x.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const byPriority = json(await agent({ url: '/api/tickets?sort=priority&pageSize=1' }));
    expect(byPriority.tickets[0].priority).toBe('urgent');
  });

  it('searches Chinese text by words, in subjects, descriptions and replies', async () => {
    const refund = await create({ type: 'after_sale', subject: '申请售后', description: '我要退款，质量太差' });
    const size = await create({ type: 'consultation', subject: '鞋子尺码有点偏小' });
    const withReply = await create({ type: 'consultation', subject: '发票' });
    await agent({ method: 'POST', url: `/api/tickets/${withReply.id}/messages`, payload: { kind: 'reply', body: '增值税普通发票可以开具' } });
    const search = async (q: string) =>
      json(await agent({ url: `/api/tickets?q=${encodeURIComponent(q)}` })).tickets.map((x: { id: number }) => x.id);
    expect(await search('退款')).toContain(refund.id);
    expect(await search('尺码偏小')).toEqual([size.id]);
    expect(await search('增值税')).toEqual([withReply.id]);
    expect(await search('退款')).not.toContain(size.id);
    expect(await search(refund.number)).toEqual([refund.id]);
    expect(await search('😀！')).toEqual([]);
  });

  it('pages through a search with many matches, newest first, without repeats', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) ids.push((await create({ type: 'consultation', subject: `羽绒服钻绒问题 ${i}` })).id);
    const page = async (n: number) => json(await agent({ url: `/api/tickets?q=${encodeURIComponent('钻绒')}&pageSize=20&page=${n}` }));
    const first = await page(1);
    const second = await page(2);
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    const found = [...first.tickets, ...second.tickets].map((x: { id: number }) => x.id);
    expect(found).toEqual([...ids].reverse());
  });

  it('refuses bad filters naming the parameter', async () => {
    for (const [q, field] of [
      ['status=done', 'querystring.status.0'],
      ['pageSize=1000', 'querystring.pageSize'],
      ['assigneeId=abc', 'querystring.assigneeId'],
      ['sort=name', 'querystring.sort'],
    ]) {
      const res = await agent({ url: `/api/tickets?${q}` });
      expect(res.statusCode).toBe(400);
      expect(json(res).fields[0].field).toBe(field);
    }
  });
});
