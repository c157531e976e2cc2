/**
 * One week of reporting facts written directly (the facts' own writers are tested in reports-facts.test.ts), and the
 * week before: the fixture the dashboard tests (reports-dashboard.test.ts, reports-agents.test.ts) add up by hand.
 * Monday 2 March 2026 … Sunday 8 March is the current week; 23 February … 1 March the previous one.
 */
import { sql } from 'kysely';
import { createUser } from '../src/users/service.ts';
import { createTestApp, PASSWORD, type TestApp } from './helpers.ts';

export const WEEK = 'from=2026-03-02&to=2026-03-08';
/** A China wall time, "2026-03-02 10:15". */
export const cst = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const SECOND = 1000;

export interface ReportFixture {
  t: TestApp;
  /** Ids by name: agents a (小美, group 售前) and b (阿杰), conversations c1…c5 / p0…p2, tickets t1…t4, group, jacket. */
  ids: Record<string, number>;
}

export async function reportFixture(): Promise<ReportFixture> {
  const t = await createTestApp();
  const ids: Record<string, number> = {};
  let ticketNumber = 0;
  async function conversation(key: string, fact: Record<string, unknown>) {
    const db = t.ctx.db;
    const row = await db
      .insertInto('conversations')
      .values({
        shop_id: ids.shop!,
        visitor_id: ids.visitor!,
        status: 'closed',
        closed_at: fact.closed_at as Date,
        created_at: fact.opened_at as Date,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
    await db
      .insertInto('report_conversations')
      .values({ conversation_id: row.id, channel: 'web', agent_id: null, group_id: null, customer_id: ids.customer!, ...fact } as never)
      .execute();
  }

  async function ticket(key: string, fact: Record<string, unknown>) {
    const db = t.ctx.db;
    const row = await db
      .insertInto('tickets')
      .values({
        number: `T-${++ticketNumber}`,
        type: fact.type as string,
        status: fact.status as string,
        priority: 'normal',
        subject: `工单${key}`,
        created_at: fact.created_at as Date,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
    await db
      .insertInto('report_tickets')
      .values({ ticket_id: row.id, channel: 'web', priority: 'normal', ...fact } as never)
      .execute();
  }

  const db = t.ctx.db;
  const group = await db.insertInto('skill_groups').values({ name: '售前' }).returning('id').executeTakeFirstOrThrow();
  ids.group = group.id;
  ids.a = (await createUser(db, null, { username: 'xiaomei', displayName: '小美', role: 'agent', password: PASSWORD, groupIds: [group.id] })).id;
  ids.b = (await createUser(db, null, { username: 'ajie', displayName: '阿杰', role: 'agent', password: PASSWORD })).id;
  ids.shop = (
    await db.insertInto('shops').values({ key: 'shop1', name: '测试店', identity_secret: 's' }).returning('id').executeTakeFirstOrThrow()
  ).id;
  ids.visitor = (
    await db.insertInto('visitors').values({ shop_id: ids.shop, token_hash: 'h', name: '访客1' }).returning('id').executeTakeFirstOrThrow()
  ).id;
  ids.customer = (await db.insertInto('customers').values({ name: '张三' }).returning('id').executeTakeFirstOrThrow()).id;
  ids.jacket = (
    await db
      .insertInto('products')
      .values({ sku: 'J-1', name: '加厚羽绒服', category: 'coat', price_fen: 39900 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const a = ids.a;
  const b = ids.b;
  const closed = { closed_at: cst('2026-03-08 23:00') };

  // The current week.
  await conversation('c1', {
    ...closed,
    opened_at: cst('2026-03-02 10:15'),
    agent_id: a,
    group_id: group.id,
    csat: 5,
    resolved: true,
    intent: 'logistics',
    category: 'logistics',
    first_response_ms: 10 * SECOND,
    responses: 4,
    response_ms_sum: 60 * SECOND,
    responses_within_30s: 3,
    handling_ms: 300 * SECOND,
    agent_messages: 4,
    shopper_messages: 5,
    product_id: ids.jacket,
  });
  await conversation('c2', {
    ...closed,
    opened_at: cst('2026-03-03 10:40'),
    agent_id: a,
    group_id: group.id,
    csat: 2,
    resolved: false,
    contacted_again: true,
    intent: 'logistics',
    category: 'logistics',
    first_response_ms: 40 * SECOND,
    responses: 2,
    response_ms_sum: 100 * SECOND,
    responses_within_30s: 0,
    handling_ms: 600 * SECOND,
    product_id: ids.jacket,
  });
  // 00:30 in China on Thursday 5 March is still the 4th in UTC: it belongs to the 5th.
  await conversation('c3', {
    ...closed,
    opened_at: cst('2026-03-05 00:30'),
    agent_id: a,
    group_id: group.id,
    csat: 4,
    resolved: true,
    intent: 'size',
    first_response_ms: 20 * SECOND,
    responses: 1,
    response_ms_sum: 20 * SECOND,
    responses_within_30s: 1,
  });
  await sql`update report_conversations set repeat_of = ${`conversation:${ids.c2}`} where conversation_id = ${ids.c3}`.execute(db);
  await conversation('c4', {
    ...closed,
    opened_at: cst('2026-03-06 14:00'),
    channel: 'taobao',
    resolved: true,
    resolved_by_bot: true,
    bot_answers: 2,
    intent: 'product',
  });
  await conversation('c5', {
    ...closed,
    opened_at: cst('2026-03-06 14:20'),
    channel: 'taobao',
    agent_id: b,
    csat: 5,
    resolved: true,
    handed_over: true,
    handover_reason: 'complaint',
    escalated: true,
    intent: 'complaint',
    first_response_ms: 30 * SECOND,
    responses: 1,
    response_ms_sum: 30 * SECOND,
    responses_within_30s: 1,
  });
  // The week before, and one conversation before that (in no period).
  await conversation('p1', { ...closed, opened_at: cst('2026-02-24 09:00'), agent_id: a, csat: 3, resolved: true, first_response_ms: 50 * SECOND });
  await conversation('p2', { ...closed, opened_at: cst('2026-03-01 23:59'), agent_id: a, csat: 4, resolved: true, first_response_ms: 10 * SECOND });
  await conversation('p0', { ...closed, opened_at: cst('2026-02-22 12:00'), agent_id: a, csat: 1, resolved: false });

  await ticket('t1', {
    type: 'consultation',
    status: 'solved',
    created_at: cst('2026-03-03 09:00'),
    solved_at: cst('2026-03-03 12:00'),
    agent_id: a,
    group_id: group.id,
    category: 'payment',
  });
  await ticket('t2', {
    type: 'complaint',
    status: 'solved',
    created_at: cst('2026-03-03 09:30'),
    solved_at: cst('2026-03-04 12:00'),
    agent_id: b,
    reopens: 1,
    escalated: true,
    category: 'product_quality',
    product_id: ids.jacket,
  });
  await ticket('t3', { type: 'problem_order', status: 'open', created_at: cst('2026-03-07 16:00'), agent_id: a, group_id: group.id });
  await ticket('t4', { type: 'consultation', status: 'open', created_at: cst('2026-02-25 16:00'), agent_id: a });

  const clock = (fields: Record<string, unknown>) =>
    db
      .insertInto('sla_clocks')
      .values({ total_ms: 30_000, due_at: cst('2026-03-03 09:00'), ...fields } as never)
      .execute();
  await clock({
    subject_kind: 'conversation',
    subject_id: ids.c1,
    metric: 'chat_response',
    state: 'met',
    started_at: cst('2026-03-02 10:15'),
    stopped_at: cst('2026-03-02 10:16'),
  });
  await clock({
    subject_kind: 'conversation',
    subject_id: ids.c2,
    metric: 'chat_response',
    state: 'cancelled',
    started_at: cst('2026-03-03 10:40'),
    breached_at: cst('2026-03-03 10:41'),
    stopped_at: cst('2026-03-03 11:00'),
  });
  await clock({
    subject_kind: 'ticket',
    subject_id: ids.t2,
    ticket_id: ids.t2,
    metric: 'first_feedback',
    state: 'met',
    started_at: cst('2026-03-03 09:30'),
    stopped_at: cst('2026-03-03 11:00'),
  });
  await clock({
    subject_kind: 'ticket',
    subject_id: ids.t4,
    ticket_id: ids.t4,
    metric: 'first_response',
    state: 'met',
    started_at: cst('2026-02-25 16:00'),
    stopped_at: cst('2026-02-25 16:10'),
  });

  const task = (satisfaction: number, doneAt: Date) =>
    db
      .insertInto('collab_tasks')
      .values({ ticket_id: ids.t2, department: 'warehouse', title: '查库存', due_at: doneAt, state: 'done', done_at: doneAt, satisfaction })
      .execute();
  await task(5, cst('2026-03-04 10:00'));
  await task(3, cst('2026-03-05 10:00'));
  await task(5, cst('2026-02-26 10:00'));

  const inspect = (conversationId: number, score: number) =>
    db
      .insertInto('quality_inspections')
      .values({ conversation_id: conversationId, agent_id: a, auto_score: score, final_score: score, inspected_at: cst('2026-03-06 09:00') } as never)
      .execute();
  await inspect(ids.c1!, 90);
  await inspect(ids.c2!, 70);

  const faq = await db.insertInto('faq_entries').values({ question: '多久发货？', answer: '48 小时内' }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('bot_answers')
    .values([
      { conversation_id: ids.c4!, question: '什么时候发货', faq_id: faq.id, score: 1, confidence: 0.9, at: cst('2026-03-06 14:01') },
      { conversation_id: ids.c4!, question: '几天发货', faq_id: faq.id, score: 1, confidence: 0.9, at: cst('2026-03-06 14:02') },
    ])
    .execute();
  await db
    .insertInto('messages')
    .values({
      conversation_id: ids.c5!,
      seq: 1,
      sender_kind: 'bot',
      kind: 'note',
      body: '机器人转人工（投诉）\n顾客最后说：衣服破了个洞\n意图：投诉',
      data: JSON.stringify({ code: 'handover', reason: 'complaint' }),
      at: cst('2026-03-06 14:21'),
    })
    .execute();
  await db
    .insertInto('unknown_questions')
    .values([
      { question: '可以开专票吗', asked: 3, first_asked_at: cst('2026-03-01 10:00'), last_asked_at: cst('2026-03-04 10:00') },
      { question: '支持花呗吗', asked: 2, first_asked_at: cst('2026-03-02 10:00'), last_asked_at: cst('2026-03-03 10:00'), status: 'resolved' },
      { question: '去年的问题', asked: 9, first_asked_at: cst('2025-01-01 10:00'), last_asked_at: cst('2025-01-02 10:00') },
    ])
    .execute();
  return { t, ids };
}
