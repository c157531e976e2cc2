/**
 * Quality inspection (质检), people's part: a supervisor's review queue and score sheet, the agent's one appeal and
 * its decision, agents seeing only their own results, the per-agent summary (JSON and Excel), and forbidden phrases
 * refused on a ticket reply and its e-mail, each hit logged.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseForbiddenReply } from '../src/quality/phrases.ts';
import { json, type Client } from './helpers.ts';
import { CLEAN, closedChat, startQualityApp, type QualityApp } from './quality-setup.ts';

let q: QualityApp;
let supervisor: Client;
let agent: Client;
let agentB: Client;
/** Agent A's chat: rude (forbidden phrase, no greeting) and so sampled; agent B's: clean. */
let rudeId: number;
let cleanB: number;

beforeAll(async () => {
  q = await startQualityApp();
  supervisor = q.t.as('supervisor');
  agent = q.t.as('agent');
  agentB = (options) => q.t.app.inject({ ...options, headers: { ...options.headers, cookie: q.agentB.cookie } });
  rudeId = await closedChat(q, [
    ['shopper', '这件有粉色吗', 0],
    ['agent', '不知道，你自己看', 10],
    ['shopper', '好吧', 20],
    ['agent', '感谢', 30],
  ]);
  cleanB = await closedChat(q, CLEAN, q.agentB.id);
});
afterAll(() => q.t.close());

const get = (client: Client, id: number) => client({ method: 'GET', url: `/api/quality/inspections/${id}` });

describe('the review queue and score sheet', () => {
  it('lists sampled, unreviewed inspections for supervisors, with the conversation and its hits', async () => {
    const queue = json(await supervisor({ method: 'GET', url: '/api/quality/inspections?sampled=true&reviewed=false' }));
    expect(queue.inspections.map((i: { conversationId: number }) => i.conversationId)).toEqual([rudeId]);
    expect(queue.inspections[0]).toMatchObject({
      agent: { id: q.t.users.agent!.id },
      customerName: '林小姐',
      sampleReason: 'low_score',
      appeal: 'none',
    });
    const detail = json(await get(supervisor, rudeId));
    expect(detail.hits.map((h: { kind: string }) => h.kind)).toEqual(['forbidden_phrase', 'greeting']);
    expect(detail.hits[0].evidence.map((e: { detail: string }) => e.detail)).toEqual(['不知道', '你自己看']);
    expect(detail.messages.map((m: { from: string; senderName: string }) => `${m.from}:${m.senderName}`).slice(0, 2)).toEqual([
      'shopper:林小姐',
      'agent:agent用户',
    ]);
    expect(detail.autoScore).toBe(100 - 20 - 5);
  });

  it('sets the review and final score from the sheet; a stale version or an agent is refused', async () => {
    const before = json(await get(supervisor, rudeId));
    const forbidden = before.hits[0].ruleId;
    const greeting = before.hits[1].ruleId;
    const sheet = {
      version: before.version,
      comment: '忌语属实，问候可以从宽',
      lines: [
        { ruleId: forbidden, points: 20, comment: '属实' },
        { ruleId: greeting, points: 0 },
      ],
    };
    expect((await agent({ method: 'POST', url: `/api/quality/inspections/${rudeId}/review`, payload: sheet })).statusCode).toBe(403);
    const res = await supervisor({ method: 'POST', url: `/api/quality/inspections/${rudeId}/review`, payload: sheet });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      reviewed: true,
      reviewScore: 80,
      finalScore: 80,
      reviewComment: '忌语属实，问候可以从宽',
      reviewer: { id: q.t.users.supervisor!.id },
    });
    expect(json(res).reviewSheet).toEqual([
      { ruleId: forbidden, points: 20, fatal: false, comment: '属实' },
      { ruleId: greeting, points: 0, fatal: false, comment: null },
    ]);
    const stale = await supervisor({ method: 'POST', url: `/api/quality/inspections/${rudeId}/review`, payload: sheet });
    expect([stale.statusCode, json(stale).error]).toEqual([409, 'stale_version']);
    const unknown = await supervisor({
      method: 'POST',
      url: `/api/quality/inspections/${rudeId}/review`,
      payload: { ...sheet, version: json(res).version, lines: [{ ruleId: 99_999, points: 1 }] },
    });
    expect([unknown.statusCode, json(unknown).fields[0].field]).toEqual([400, 'body.lines.0.ruleId']);
    const queue = json(await supervisor({ method: 'GET', url: '/api/quality/inspections?sampled=true&reviewed=false' }));
    expect(queue.inspections).toEqual([]);
  });
});

describe('appeals', () => {
  it('lets the agent appeal once; a second appeal is 409 already_appealed', async () => {
    const { version } = json(await get(agent, rudeId));
    const first = await agent({
      method: 'POST',
      url: `/api/quality/inspections/${rudeId}/appeal`,
      payload: { version, reason: '顾客先骂人，我只是解释' },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ appeal: 'pending', appealReason: '顾客先骂人，我只是解释' });
    const second = await agent({
      method: 'POST',
      url: `/api/quality/inspections/${rudeId}/appeal`,
      payload: { version: json(first).version, reason: '再申诉一次' },
    });
    expect([second.statusCode, json(second).error]).toEqual([409, 'already_appealed']);
  });

  it('lets a supervisor accept with a new final score, once', async () => {
    const pending = json(await supervisor({ method: 'GET', url: '/api/quality/inspections?appeal=pending' }));
    expect(pending.inspections.map((i: { conversationId: number }) => i.conversationId)).toEqual([rudeId]);
    const { version } = pending.inspections[0];
    const noScore = await supervisor({
      method: 'POST',
      url: `/api/quality/inspections/${rudeId}/appeal-decision`,
      payload: { version, accept: true },
    });
    expect([noScore.statusCode, json(noScore).fields[0].field]).toEqual([400, 'body.finalScore']);
    const res = await supervisor({
      method: 'POST',
      url: `/api/quality/inspections/${rudeId}/appeal-decision`,
      payload: { version, accept: true, finalScore: 90, note: '情有可原' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      appeal: 'accepted',
      finalScore: 90,
      reviewScore: 80,
      appealNote: '情有可原',
      appealDecidedBy: { id: q.t.users.supervisor!.id },
    });
    const again = await supervisor({
      method: 'POST',
      url: `/api/quality/inspections/${rudeId}/appeal-decision`,
      payload: { version: json(res).version, accept: false, note: '改主意' },
    });
    expect([again.statusCode, json(again).error]).toEqual([409, 'conflict']);
  });

  it('refuses a decision on an inspection nobody appealed, and a rejection without a reason', async () => {
    const { version } = json(await get(supervisor, cleanB));
    const noReason = await supervisor({
      method: 'POST',
      url: `/api/quality/inspections/${cleanB}/appeal-decision`,
      payload: { version, accept: false },
    });
    expect([noReason.statusCode, json(noReason).fields[0].field]).toEqual([400, 'body.note']);
    const none = await supervisor({
      method: 'POST',
      url: `/api/quality/inspections/${cleanB}/appeal-decision`,
      payload: { version, accept: false, note: '无' },
    });
    expect([none.statusCode, json(none).error]).toEqual([409, 'conflict']);
  });
});

describe('agents see their own results only', () => {
  it('answers 404 for another agent’s inspection, and lists only the own whatever the query says', async () => {
    expect((await get(agentB, rudeId)).statusCode).toBe(404);
    const { version } = json(await get(supervisor, rudeId));
    expect(
      (await agentB({ method: 'POST', url: `/api/quality/inspections/${rudeId}/appeal`, payload: { version, reason: '替同事申诉' } })).statusCode,
    ).toBe(404);
    const list = json(await agentB({ method: 'GET', url: `/api/quality/inspections?agentId=${q.t.users.agent!.id}` }));
    expect(list.inspections.map((i: { conversationId: number }) => i.conversationId)).toEqual([cleanB]);
    expect(list.total).toBe(1);
    const hits = json(await agentB({ method: 'GET', url: `/api/quality/phrase-hits?userId=${q.t.users.agent!.id}` }));
    expect(hits.hits).toEqual([]);
    expect((await get(agentB, cleanB)).statusCode).toBe(200);
    expect((await q.t.as('warehouse')({ method: 'GET', url: '/api/quality/inspections' })).statusCode).toBe(403);
  });
});

describe('forbidden phrases on a ticket reply and its e-mail', () => {
  async function ticket(email?: string) {
    const identities = email ? [{ kind: 'email', value: email }] : [{ kind: 'phone', value: `139${String(Date.now()).slice(-8)}` }];
    const customer = json(await agent({ method: 'POST', url: '/api/customers', payload: { name: '工单顾客', identities } })).customer;
    return json(await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '尺码咨询', customerId: customer.id } }))
      .ticket;
  }

  it('refuses the reply with 400 on body, naming the phrase and what to say, logs the hit and stores nothing', async () => {
    const { id } = await ticket();
    const res = await agent({ method: 'POST', url: `/api/tickets/${id}/messages`, payload: { kind: 'reply', body: '这个我也不知道，你自己看吧' } });
    expect(res.statusCode).toBe(400);
    const body = json(res);
    expect(body.error).toBe('invalid_input');
    expect(body.fields.map((f: { field: string }) => f.field)).toEqual(['body', 'body']);
    expect(body.fields[0].reason).toContain('不知道');
    expect(body.fields[0].reason).toContain('我帮您确认一下');
    expect(body.forbiddenPhrases).toEqual([
      { phrase: '不知道', suggestion: '我帮您确认一下' },
      { phrase: '你自己看', suggestion: '我来为您说明' },
    ]);
    const logged = await q.t.ctx.db.selectFrom('quality_phrase_hits').selectAll().where('ticket_id', '=', id).orderBy('id').execute();
    expect(logged.map((h) => [h.channel, h.phrase, h.user_id, h.blocked])).toEqual([
      ['ticket', '不知道', q.t.users.agent!.id, true],
      ['ticket', '你自己看', q.t.users.agent!.id, true],
    ]);
    const timeline = json(await agent({ method: 'GET', url: `/api/tickets/${id}/timeline` })).events;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'reply')).toEqual([]);
    // An internal note is not sent to anyone; a reply without the phrase goes out.
    expect(
      (await agent({ method: 'POST', url: `/api/tickets/${id}/messages`, payload: { kind: 'note', body: '顾客说他不知道尺码' } })).statusCode,
    ).toBe(201);
    expect(
      (await agent({ method: 'POST', url: `/api/tickets/${id}/messages`, payload: { kind: 'reply', body: '我帮您确认一下尺码' } })).statusCode,
    ).toBe(201);
  });

  it('logs the hit as an e-mail when the reply would have been mailed, and queues no e-mail', async () => {
    const { id } = await ticket('lin@example.com');
    await expect(refuseForbiddenReply(q.t.ctx.db, q.t.users.agent!.id, id, '不知道', true)).rejects.toMatchObject({
      code: 'invalid_input',
      status: 400,
    });
    const logged = await q.t.ctx.db.selectFrom('quality_phrase_hits').select(['channel', 'blocked']).where('ticket_id', '=', id).execute();
    expect(logged).toEqual([{ channel: 'email', blocked: true }]);
    expect(await q.t.ctx.db.selectFrom('email_outbox').select('id').where('ticket_id', '=', id).execute()).toEqual([]);
  });
});

describe('the per-agent summary', () => {
  it('counts inspections, the average final score, fatal ones, appeals and phrases per agent', async () => {
    const res = await supervisor({ method: 'GET', url: '/api/quality/summary' });
    expect(res.statusCode, res.body).toBe(200);
    const rows = json(res).agents;
    const a = rows.find((r: { agent: { id: number } }) => r.agent.id === q.t.users.agent!.id);
    const b = rows.find((r: { agent: { id: number } }) => r.agent.id === q.agentB.id);
    expect(a).toMatchObject({ inspections: 1, averageScore: 90, fatal: 0, reviewed: 1, appeals: 1 });
    expect(a.phraseHits).toBe(2 + 2 + 1); // the chat's two, the refused reply's two, the e-mail's one
    expect(b).toMatchObject({ inspections: 1, averageScore: 100, phraseHits: 0 });
    expect(rows.indexOf(a)).toBeLessThan(rows.indexOf(b)); // lowest average first
    expect((await agent({ method: 'GET', url: '/api/quality/summary' })).statusCode).toBe(403);
    const empty = json(await supervisor({ method: 'GET', url: '/api/quality/summary?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z' }));
    expect(empty.agents).toEqual([]);
    const backwards = await supervisor({ method: 'GET', url: '/api/quality/summary?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z' });
    expect([backwards.statusCode, json(backwards).fields[0].field]).toEqual([400, 'querystring.to']);
  });

  it('exports the summary to Excel', async () => {
    const res = await supervisor({ method: 'GET', url: '/api/quality/summary.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('质检汇总'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '客服', '质检会话数', '平均得分', '致命项', '已复核', '申诉', '服务忌语次数']);
    const names = [sheet.getRow(2).getCell(1).value, sheet.getRow(3).getCell(1).value];
    expect(names).toEqual(['agent用户', '客服阿杰']);
    expect(sheet.getRow(2).getCell(3).value).toBe(90);
  });
});
