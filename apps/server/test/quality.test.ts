/**
 * Quality inspection (质检), automatic part: every closed chat an agent answered is scored once by the shop's rules,
 * each rule firing on a conversation built for it (read with the real intent and emotion models) and not on a clean
 * one; fatal hits, sampling for review, redelivery, and the rules and settings admins edit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordEvent } from '../src/events/record.ts';
import { inspectMissed } from '../src/quality/catch-up.ts';
import { inspectClosedConversation } from '../src/quality/inspect.ts';
import { json } from './helpers.ts';
import { CLEAN, closedChat, inspectionOf, startQualityApp, type Line, type QualityApp } from './quality-setup.ts';

let q: QualityApp;
beforeAll(async () => {
  q = await startQualityApp();
});
afterAll(() => q.t.close());

const admin = () => q.t.as('admin');
const kindsOf = async (id: number) => ((await inspectionOf(q, id))?.hits as { kind: string }[]).map((h) => h.kind);

async function setSampling(samplePercent: number, reviewBelow: number) {
  const current = json(await admin()({ method: 'GET', url: '/api/quality/settings' }));
  const res = await admin()({ method: 'PUT', url: '/api/quality/settings', payload: { samplePercent, reviewBelow, version: current.version } });
  expect(res.statusCode, res.body).toBe(200);
}

async function rule(kind: string) {
  const { rules } = json(await q.t.as('supervisor')({ method: 'GET', url: '/api/quality/rules' }));
  return rules.find((r: { kind: string }) => r.kind === kind);
}

/** CLEAN with `line` in place of line `at` (or added at the end). */
const withLine = (at: number, line: Line): Line[] => [...CLEAN.slice(0, at), line, ...CLEAN.slice(at + 1)];

beforeEach(() => setSampling(0, 0));

describe('the automatic score of a closed chat', () => {
  it('gives a polite, quick conversation 100 with no hits, and does not sample it', async () => {
    for (const lines of [CLEAN, withLine(3, ['agent', '感谢您的耐心，祝您生活愉快', 45])]) {
      const id = await closedChat(q, lines);
      expect(await inspectionOf(q, id)).toMatchObject({ auto_score: 100, final_score: 100, fatal: false, sampled: false, hits: [], version: 1 });
    }
  });

  it('does not inspect a chat the agent never answered (the bot alone, or only internal notes)', async () => {
    const botOnly = await closedChat(q, [
      ['shopper', '发货了吗', 0],
      ['bot', '亲，付款后 48 小时内发货', 1],
    ]);
    const notesOnly = await closedChat(q, [
      ['shopper', '在吗', 0],
      ['agent', '这位顾客上次投诉过', 5, 'note'],
    ]);
    expect(await inspectionOf(q, botOnly)).toBeUndefined();
    expect(await inspectionOf(q, notesOnly)).toBeUndefined();
  });

  const cases: [kind: string, points: number, variants: Line[][], clean: Line[][]][] = [
    [
      'forbidden_phrase',
      10,
      [withLine(3, ['agent', '这个我不知道，还有其他可以帮您的吗', 45]), withLine(1, ['agent', '亲，您好，颜色你自己看详情页', 10])],
      [withLine(3, ['agent', '我帮您确认一下，还有其他可以帮您的吗', 45])],
    ],
    [
      'greeting',
      5,
      [withLine(1, ['agent', '有粉色', 10]), withLine(1, ['agent', '详情页有颜色选择', 10])],
      [withLine(1, ['agent', '欢迎光临，有粉色的', 10]), withLine(1, ['agent', '在的，有粉色', 10])],
    ],
    ['closing', 5, [withLine(3, ['agent', '好的', 45]), withLine(3, ['agent', '已备注尽快发货', 45])], [withLine(3, ['agent', '好的，谢谢亲', 45])]],
    [
      'order_number',
      10,
      [
        [
          ['shopper', '快递到哪了', 0],
          ['agent', '亲，您好，马上为您查询', 10],
          ['shopper', '好的', 20],
          ['agent', '还有其他可以帮您的吗', 30],
        ],
        [
          ['shopper', '衣服尺码小了能换大一号吗', 0],
          ['agent', '您好，可以换的', 10],
          ['shopper', '好的', 20],
          ['agent', '感谢您', 30],
        ],
      ],
      [
        [
          ['shopper', '快递到哪了', 0],
          ['agent', '亲，您好，麻烦提供一下订单号', 10],
          ['shopper', '好的', 20],
          ['agent', '感谢您', 30],
        ],
        [
          ['shopper', '物流一直不更新', 0],
          ['shopper', '订单', 2, 'order'],
          ['agent', '您好，已为您催促快递', 10],
          ['shopper', '好的', 20],
          ['agent', '谢谢', 30],
        ],
      ],
    ],
    [
      'first_response',
      10,
      [
        [CLEAN[0]!, ['agent', '亲，您好，粉色有货的哦', 45], ['shopper', '好的，那我拍了', 50], ['agent', '好的亲，祝您生活愉快', 55]],
        [CLEAN[0]!, ['agent', '您好，在的，粉色有货', 31], ['shopper', '好的', 40], ['agent', '感谢亲', 50]],
      ],
      [withLine(1, ['agent', '亲，您好，粉色有货的哦', 30])],
    ],
    [
      'slow_response',
      5,
      [
        withLine(3, ['agent', '好的亲，还有其他可以帮您的吗', 100]).map(
          (l) => (l[0] === 'shopper' && l[2] === 50 ? ['shopper', '没有了', 110] : l) as Line,
        ),
      ],
      [withLine(3, ['agent', '好的亲，还有其他可以帮您的吗', 90])],
    ],
    [
      'upset_at_end',
      15,
      [withLine(4, ['shopper', '太失望了，再也不买了', 50]), withLine(4, ['shopper', '你们这什么破服务，我要投诉', 50])],
      [[['shopper', '气死了，这款到底有没有粉色', 0], ...CLEAN.slice(1)]],
    ],
    [
      'unanswered_question',
      10,
      [
        [...CLEAN, ['shopper', '那运费多少？', 55]],
        [...CLEAN, ['shopper', '可以开发票吗', 55]],
      ],
      [[...CLEAN, ['shopper', '好的谢谢', 55]]],
    ],
  ];

  it.each(cases)('takes points off for %s, on each conversation built for it and on no clean one', async (kind, points, variants, clean) => {
    for (const lines of variants) {
      const id = await closedChat(q, lines);
      const row = await inspectionOf(q, id);
      const hit = (row!.hits as { kind: string; points: number; evidence: { quote: string }[] }[]).find((h) => h.kind === kind);
      expect(hit, JSON.stringify(lines)).toBeDefined();
      expect(hit!.points).toBeGreaterThanOrEqual(points);
      expect(hit!.evidence.length).toBeGreaterThan(0);
      expect(row!.auto_score).toBeLessThanOrEqual(100 - points);
    }
    for (const lines of clean) expect(await kindsOf(await closedChat(q, lines)), JSON.stringify(lines)).toEqual([]);
  });

  it('logs the forbidden phrases a chat used, once per message and phrase', async () => {
    const id = await closedChat(q, withLine(3, ['agent', '不知道，你自己看吧，还有其他可以帮您的吗', 45]));
    const hits = await q.t.ctx.db.selectFrom('quality_phrase_hits').selectAll().where('conversation_id', '=', id).orderBy('phrase').execute();
    expect(hits.map((h) => [h.channel, h.phrase, h.user_id, h.blocked])).toEqual([
      ['chat', '不知道', q.t.users.agent!.id, false],
      ['chat', '你自己看', q.t.users.agent!.id, false],
    ]);
  });
});

describe('fatal hits and sampling', () => {
  it('makes a severe forbidden phrase fatal: score 0, and always sent to review', async () => {
    const forbidden = await rule('forbidden_phrase');
    const res = await admin()({
      method: 'PUT',
      url: `/api/quality/rules/${forbidden.id}`,
      payload: { ...forbidden, id: undefined, updatedAt: undefined, params: { ...forbidden.params, severePhrases: ['滚'] } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = await closedChat(q, withLine(3, ['agent', '爱买不买，滚', 45]));
    expect(await inspectionOf(q, id)).toMatchObject({ auto_score: 0, final_score: 0, fatal: true, sampled: true, sample_reason: 'fatal' });
  });

  it('sends every score below the line to review, and a random share of the rest', async () => {
    await setSampling(0, 90);
    const low = await closedChat(q, withLine(1, ['agent', '有粉色', 10])); // 95: above 90
    const lower = await closedChat(q, [...CLEAN, ['shopper', '可以开发票吗', 55]]); // 90: not below 90
    const lowest = await closedChat(q, withLine(4, ['shopper', '太失望了，再也不买了', 50])); // 85
    expect((await inspectionOf(q, low))?.sampled).toBe(false);
    expect((await inspectionOf(q, lower))?.sampled).toBe(false);
    expect(await inspectionOf(q, lowest)).toMatchObject({ sampled: true, sample_reason: 'low_score' });
    await setSampling(100, 0);
    expect(await inspectionOf(q, await closedChat(q, CLEAN))).toMatchObject({ sampled: true, sample_reason: 'random' });
  });

  it('inspects a conversation once, however often its close is delivered', async () => {
    const id = await closedChat(q, withLine(3, ['agent', '不知道', 45]));
    const before = await inspectionOf(q, id);
    await recordEvent(q.t.ctx.db, { type: 'conversation.closed', payload: { conversationId: id, agentId: q.t.users.agent!.id, reason: 'again' } });
    await q.t.app.events.deliverNow();
    expect(await inspectClosedConversation(q.t.ctx.db, { conversationId: id, agentId: null, reason: null })).toBe('already');
    expect(await inspectionOf(q, id)).toEqual(before);
    const rows = await q.t.ctx.db.selectFrom('quality_inspections').select('conversation_id').where('conversation_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const hits = await q.t.ctx.db.selectFrom('quality_phrase_hits').select('id').where('conversation_id', '=', id).execute();
    expect(hits).toHaveLength(1);
  });
});

describe('catching up', () => {
  it('inspects recent closed chats that never got an inspection (closed before the listener ran), once', async () => {
    const missed = await closedChat(q, withLine(1, ['agent', '有粉色', 10]));
    const botOnly = await closedChat(q, [
      ['shopper', '在吗', 0],
      ['bot', '亲，在的', 1],
    ]);
    await q.t.ctx.db.deleteFrom('quality_inspections').where('conversation_id', '=', missed).execute();
    const old = await closedChat(q, CLEAN);
    await q.t.ctx.db.deleteFrom('quality_inspections').where('conversation_id', '=', old).execute();
    await q.t.ctx.db
      .updateTable('conversations')
      .set({ closed_at: new Date(Date.now() - 40 * 86_400_000) })
      .where('id', '=', old)
      .execute();

    expect(await inspectMissed(q.t.ctx.db)).toBe(1);
    expect(await kindsOf(missed)).toEqual(['greeting']);
    expect(await inspectionOf(q, botOnly)).toBeUndefined();
    expect(await inspectionOf(q, old)).toBeUndefined(); // older than 30 days: left alone
    expect(await inspectMissed(q.t.ctx.db)).toBe(0);
  });
});

describe('rules and settings', () => {
  it('lets supervisors read the seeded rules and only admins change them', async () => {
    const { rules } = json(await q.t.as('supervisor')({ method: 'GET', url: '/api/quality/rules' }));
    expect(rules.map((r: { name: string }) => r.name)).toEqual([
      '使用服务忌语',
      '首句未使用问候语',
      '未使用结束语',
      '订单问题未核实订单号',
      '首次响应超过 30 秒',
      '回复间隔超过 60 秒',
      '结束时顾客仍有负面情绪',
      '顾客问题未回复',
    ]);
    const input = { kind: 'greeting', name: '未自报工号', points: 3, fatal: false, enabled: true, position: 90, params: { words: ['工号'] } };
    expect((await q.t.as('supervisor')({ method: 'POST', url: '/api/quality/rules', payload: input })).statusCode).toBe(403);
    expect((await q.t.as('agent')({ method: 'GET', url: '/api/quality/rules' })).statusCode).toBe(403);
    const created = await admin()({ method: 'POST', url: '/api/quality/rules', payload: input });
    expect(created.statusCode, created.body).toBe(201);
    const { id, version } = json(created);
    const stale = await admin()({ method: 'PUT', url: `/api/quality/rules/${id}`, payload: { ...input, points: 4, version: version + 1 } });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    const del = await admin()({ method: 'DELETE', url: `/api/quality/rules/${id}?version=${version}` });
    expect(del.statusCode).toBe(204);
  });

  it('refuses bad rules and settings with 400 naming the field', async () => {
    const bad = await admin()({
      method: 'POST',
      url: '/api/quality/rules',
      payload: { kind: 'slow_response', name: '慢', points: 120, fatal: false, position: 5, params: { seconds: 0, maxHits: 2 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['body.params.seconds', 'body.points']);
    const unknownKind = await admin()({
      method: 'POST',
      url: '/api/quality/rules',
      payload: { kind: 'magic', name: 'x', points: 1, fatal: false, position: 1, params: {} },
    });
    expect(unknownKind.statusCode).toBe(400);
    const settings = await admin()({ method: 'PUT', url: '/api/quality/settings', payload: { samplePercent: 101, reviewBelow: 80, version: 1 } });
    expect(settings.statusCode).toBe(400);
    expect(json(settings).fields[0].field).toBe('body.samplePercent');
  });
});
