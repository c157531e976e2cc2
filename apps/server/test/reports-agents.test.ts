/**
 * The agents' table (with an agent's own row), the drill-down to the cases behind a number, the question statistics,
 * their Excel exports, roles, bad input and the report time limit, over the week of reports-fixture.ts.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../src/reports/dashboard/run.ts';
import { json, PASSWORD, type TestApp } from './helpers.ts';
import { reportFixture, WEEK } from './reports-fixture.ts';

let t: TestApp;
let ids: Record<string, number>;
beforeAll(async () => {
  ({ t, ids } = await reportFixture());
});
afterAll(() => t.close());

const get = async (url: string, role = 'supervisor') => t.as(role)({ method: 'GET', url });

describe('GET /api/reports/agents', () => {
  it("gives every agent's figures, the cases nobody took and the total", async () => {
    const res = await get(`/api/reports/agents?${WEEK}`);
    expect(res.statusCode).toBe(200);
    const { agents, total } = json(res);
    const row = (id: number | null) => agents.find((r: { agentId: number | null }) => r.agentId === id);
    expect(row(ids.a!)).toEqual({
      agentId: ids.a,
      name: '小美',
      chats: 3,
      tickets: 2,
      firstResponseMs: 70_000 / 3,
      avgResponseMs: 180_000 / 7,
      within30s: 4 / 7,
      handlingMs: 450_000,
      csat: 2 / 3,
      rated: 3,
      fcr: 3 / 4,
      slaBreaches: 1,
      qualityScore: 80,
      inspected: 2,
    });
    expect(row(ids.b!)).toMatchObject({ name: '阿杰', chats: 1, tickets: 1, csat: 1, fcr: 0.5, slaBreaches: 0, qualityScore: null, inspected: 0 });
    expect(row(null)).toMatchObject({ name: '', chats: 1, tickets: 0, fcr: 1 });
    // The test app's own agent and supervisor served nothing this week: listed, with nothing to show.
    expect(row(t.users.agent!.id)).toMatchObject({ chats: 0, tickets: 0, csat: null, firstResponseMs: null });
    expect(agents[0].agentId).toBe(ids.a);
    expect(total).toMatchObject({ agentId: null, chats: 5, tickets: 3, rated: 4, csat: 0.75, fcr: 5 / 7, slaBreaches: 1, qualityScore: 80 });
  });

  it('keeps to a skill group', async () => {
    const { agents } = json(await get(`/api/reports/agents?${WEEK}&groupId=${ids.group}`));
    expect(agents.map((r: { name: string }) => r.name)).toEqual(['小美']);
  });

  it('lets an agent read their own row, and no one else’s', async () => {
    const agent = t.as('agent');
    const mine = await agent({ method: 'GET', url: `/api/reports/agents/me?${WEEK}` });
    expect(mine.statusCode).toBe(200);
    expect(json(mine).agent).toMatchObject({ agentId: t.users.agent!.id, chats: 0, csat: null });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xiaomei', password: PASSWORD } });
    const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
    const xiaomei = json(await t.app.inject({ method: 'GET', url: `/api/reports/agents/me?${WEEK}`, headers: { cookie } }));
    expect(xiaomei.agent).toMatchObject({ agentId: ids.a, name: '小美', chats: 3, qualityScore: 80 });
    expect((await agent({ method: 'GET', url: `/api/reports/agents?${WEEK}` })).statusCode).toBe(403);
    expect((await agent({ method: 'GET', url: `/api/reports/kpis?${WEEK}` })).statusCode).toBe(403);
    expect((await agent({ method: 'GET', url: `/api/reports/agents.xlsx?${WEEK}` })).statusCode).toBe(403);
    expect((await get(`/api/reports/questions.xlsx?${WEEK}`, 'warehouse')).statusCode).toBe(403);
  });

  it('exports the table to Excel with a total line', async () => {
    const res = await get(`/api/reports/agents.xlsx?${WEEK}`, 'admin');
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('客服');
    const lines = sheet.getSheetValues().slice(2) as unknown[][];
    const xiaomei = lines.find((l) => l[1] === '小美')!;
    expect(xiaomei.slice(2, 4)).toEqual([3, 2]);
    expect(lines.find((l) => l[1] === '未分配')).toBeDefined();
    expect(lines.at(-1)!.slice(1, 4)).toEqual(['合计', 5, 3]);
  });
});

describe('GET /api/reports/cases', () => {
  it('lists the cases behind a number, newest first, with their links', async () => {
    const unsatisfied = json(await get(`/api/reports/cases?${WEEK}&kpi=unsatisfied`));
    expect(unsatisfied).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(unsatisfied.items[0]).toMatchObject({ kind: 'conversation', id: ids.c2, title: '张三', agentName: '小美', csat: 2, resolved: false });
    const notFcr = json(await get(`/api/reports/cases?${WEEK}&kpi=notFirstContactResolved`));
    expect(notFcr.items.map((c: { kind: string; id: number }) => `${c.kind}:${c.id}`)).toEqual([`conversation:${ids.c2}`, `ticket:${ids.t2}`]);
    expect(notFcr.items[1]).toMatchObject({ ticketId: ids.t2, ticketNumber: expect.stringMatching(/^T-/), title: '工单t2', escalated: true });
    const breached = json(await get(`/api/reports/cases?${WEEK}&kpi=slaBreached&agentId=${ids.a}`));
    expect(breached.items.map((c: { id: number }) => c.id)).toEqual([ids.c2]);
    const slow = json(await get(`/api/reports/cases?${WEEK}&kpi=slowFirstResponse`));
    expect(slow.items.map((c: { id: number }) => c.id)).toEqual([ids.c2]);
  });

  it('pages, and keeps the total past the last page', async () => {
    const first = json(await get(`/api/reports/cases?${WEEK}&kpi=conversations&pageSize=2`));
    expect(first.total).toBe(5);
    expect(first.items.map((c: { id: number }) => c.id)).toEqual([ids.c5, ids.c4]);
    const last = json(await get(`/api/reports/cases?${WEEK}&kpi=conversations&pageSize=2&page=3`));
    expect(last.items.map((c: { id: number }) => c.id)).toEqual([ids.c1]);
    const beyond = json(await get(`/api/reports/cases?${WEEK}&kpi=conversations&pageSize=2&page=9`));
    expect(beyond).toMatchObject({ items: [], total: 5 });
  });

  it('exports the cases to Excel', async () => {
    const res = await get(`/api/reports/cases.xlsx?${WEEK}&kpi=tickets`);
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(4);
  });
});

describe('GET /api/reports/questions', () => {
  it('counts by intent, category and product, the most asked and the unanswered', async () => {
    const res = await get(`/api/reports/questions?${WEEK}`);
    expect(res.statusCode).toBe(200);
    const report = json(res);
    expect(report.byIntent).toEqual([
      { key: 'logistics', count: 2 },
      { key: 'complaint', count: 1 },
      { key: 'product', count: 1 },
      { key: 'size', count: 1 },
    ]);
    expect(report.byCategory).toEqual([
      { key: '', count: 4 },
      { key: 'logistics', count: 2 },
      { key: 'payment', count: 1 },
      { key: 'product_quality', count: 1 },
    ]);
    expect(report.byProduct).toEqual([{ productId: ids.jacket, name: '加厚羽绒服', count: 3 }]);
    expect(report.topQuestions).toEqual([
      { question: '可以开专票吗', count: 3, source: 'unknown' },
      { question: '多久发货？', count: 2, source: 'faq' },
      { question: '支持花呗吗', count: 2, source: 'unknown' },
      { question: '衣服破了个洞', count: 1, source: 'handover' },
    ]);
    expect(report.unanswered).toEqual([{ id: expect.any(Number), question: '可以开专票吗', asked: 3, lastAskedAt: '2026-03-04T02:00:00.000Z' }]);
    expect(report.daily).toContainEqual({ day: '2026-03-03', conversations: 1, tickets: 2 });
  });

  it('exports the statistics to Excel', async () => {
    const res = await get(`/api/reports/questions.xlsx?${WEEK}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('按意图')!.getRow(2).values).toEqual([undefined, '物流', 2]);
    expect(workbook.getWorksheet('未解答问题')!.getRow(2).getCell(1).value).toBe('可以开专票吗');
  });
});

describe('bad input and the time limit', () => {
  it.each([
    ['from=2026-13-01&to=2026-03-08', 'from'],
    ['from=2026-03-08&to=2026-03-02', 'to'],
    ['from=2025-01-01&to=2026-03-08', 'to'],
    [`${WEEK}&agentId=abc`, 'agentId'],
    [`${WEEK}&channel=wechat`, 'channel'],
    [`${WEEK}&sneaky=1`, ''],
  ])('refuses %s naming the field', async (query, field) => {
    const res = await get(`/api/reports/kpis?${query}`);
    expect(res.statusCode).toBe(400);
    const body = json(res);
    expect(body.error).toBe('invalid_input');
    if (field) expect(body.fields.map((f: { field: string }) => f.field).join()).toContain(field);
  });

  it('refuses a drill-down without a known number', async () => {
    const res = await get(`/api/reports/cases?${WEEK}&kpi=everything`);
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0].field).toContain('kpi');
  });

  it('stops a runaway report on PostgreSQL with 503 report_timeout; PGlite, without statement timeouts, runs it', async () => {
    const slow = runReport(t.ctx, (db) => sql`select pg_sleep(0.3)`.execute(db), 50);
    if (t.ctx.engine === 'postgres') await expect(slow).rejects.toMatchObject({ status: 503, code: 'report_timeout' });
    else await expect(slow).resolves.toBeDefined();
  });
});
