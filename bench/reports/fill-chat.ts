/**
 * The chat side of the reports bench's history (after fill.ts): closed conversations — 10 % answered by the bot alone,
 * 20 % handed over to a person with the bot's note, the rest served by an agent, every tenth filed as a ticket —
 * with their messages (agents' response times: 85 % within 30 s), ratings, bot answers and unknown questions; then
 * every service-level clock met or breached (chats, tickets' first response / feedback / resolution, after-sale
 * reviews), quality inspections and rated collaboration tasks.
 */
import { SHOPPER_LEFT } from '@kefu/domain';
import { sql } from 'kysely';
import { INTENT_LABEL } from '../../apps/server/src/conversations/bot-turns.ts';
import type { Db } from '../../apps/server/src/db/database.ts';
import { agentOf, customerOf, groupOf, type Reference } from './fill.ts';
import { inSlices, oneOf, openedAt, pick, responseMs, rnd, syncSequence, type Span, type Sql } from './sql.ts';

const INTENT = {
  product: 18,
  size: 16,
  logistics: 18,
  order_status: 10,
  return_refund: 14,
  exchange: 6,
  price: 6,
  complaint: 5,
  invoice: 4,
  repair: 3,
};
const QUESTIONS: Record<string, string> = {
  product: '这款是纯棉的吗？会不会起球',
  size: '我身高165体重110斤穿什么码',
  logistics: '我的快递到哪了，三天没更新了',
  order_status: '订单什么时候发货',
  return_refund: '退款什么时候到账',
  exchange: '尺码小了能换大一码吗',
  price: '现在下单有优惠券吗',
  complaint: '收到的衣服有破洞，太失望了',
  invoice: '发票怎么开，抬头写公司',
  repair: '拉链坏了可以修吗',
};
const REPLIES = ['您好，这边帮您查询一下，请稍等', '亲，已经为您核实，请放心', '好的，给您登记处理了', '还有其他可以帮您的吗？'];
const FOLLOW_UPS = ['好的', '那大概要多久', '谢谢', '麻烦快一点', '可以的'];
const HANDOVER = { asked: 40, low_confidence: 25, emotion: 12, complaint: 10, repeated: 8, vip: 5 };

/** How conversation `g` went: filed as a ticket (every 10th, while there are tickets), bot alone, handed over, or an agent's. */
const modeOf = (g: Sql, tickets: number) =>
  sql`(case when ${g} % 10 = 0 and ${g} / 10 <= ${tickets}::int then 'agent'
    else ${pick({ bot: 10, handover: 20, agent: 70 }, rnd(g, 402))} end)`;
const intentOf = (g: Sql) => pick(INTENT, rnd(g, 403));
const labelOf = (intent: Sql) =>
  sql`(case ${intent} ${sql.join(
    Object.entries(INTENT_LABEL).map(([k, v]) => sql`when ${sql.lit(k)} then ${sql.lit(v)}`),
    sql` `,
  )} end)`;
const questionOf = (intent: Sql) =>
  sql`(case ${intent} ${sql.join(
    Object.entries(QUESTIONS).map(([k, v]) => sql`when ${sql.lit(k)} then ${sql.lit(v)}`),
    sql` `,
  )} else '你好' end)`;

/** Seconds between a conversation's messages; a conversation closes a minute after its last. */
const GAP_S = 40;

export async function fillConversations(db: Db, ref: Reference, span: Span, count: number, perConversation: number, tickets: number, batch: number) {
  const cb = ref.conversations.base;
  const tb = ref.tickets.base;
  await inSlices(count, batch, (lo, hi) =>
    sql`insert into conversations (id, shop_id, visitor_id, customer_id, group_id, agent_id, status, last_seq, shopper_read_seq,
        agent_read_seq, first_response_at, ticket_id, close_reason, rating, created_at, assigned_at, closed_at, tags, priority)
      overriding system value
      select ${cb}::int + g, ${ref.shopId}::int, ${ref.visitors.base}::int + (x.customer - ${ref.customers.base}::int), x.customer,
        ${groupOf(ref, rnd(sql`g`, 404))}, x.agent, 'closed', ${perConversation}::int, ${perConversation}::int, ${perConversation}::int,
        case when x.agent is not null then x.at + interval '${sql.raw(String(GAP_S * 2))} seconds' end, x.ticket_id,
        case when x.ticket_id is not null then 'transferred_to_ticket' when x.mode = 'bot' then 'resolved'
          else ${pick({ resolved: 80, no_reply: 8, [SHOPPER_LEFT]: 7, other: 5 }, rnd(sql`g`, 405))} end,
        case when ${rnd(sql`g`, 406)} < 0.45 then (${pick({ 5: 60, 4: 28, 3: 6, 2: 3, 1: 3 }, rnd(sql`g`, 407))})::smallint end,
        x.at, case when x.agent is not null then x.at + interval '5 seconds' end,
        x.at + (${perConversation}::int * ${GAP_S} + 60) * interval '1 second',
        array[${labelOf(intentOf(sql`g`))}], 'normal'
      from generate_series(${lo}::int, ${hi}::int) g
      cross join lateral (select ${modeOf(sql`g`, tickets)} as mode,
        case when g % 10 = 0 and g / 10 <= ${tickets}::int then ${tb}::int + g / 10 end as ticket_id) m
      left join tickets t on t.id = m.ticket_id
      cross join lateral (select m.mode, m.ticket_id, coalesce(t.created_at - interval '15 minutes', ${openedAt(span, sql`g`, 400)}) as at,
        coalesce(t.customer_id, ${customerOf(ref, sql`g`, 401)}) as customer,
        case when m.mode <> 'bot' then coalesce(t.assignee_id, ${agentOf(ref, rnd(sql`g`, 408))}) end as agent) x`.execute(db),
  );
  await syncSequence(db, 'conversations');
  await sql`update tickets t set conversation_id = c.id from conversations c where c.ticket_id = t.id and c.id > ${cb}::int`.execute(db);
}

/** Each conversation's messages: who speaks at seq s follows its mode; agents' messages carry their response time. */
export async function fillMessages(db: Db, ref: Reference, count: number, perConversation: number, tickets: number, batch: number) {
  const cb = ref.conversations.base;
  await inSlices(count, batch, (lo, hi) =>
    sql`insert into messages (conversation_id, seq, client_id, sender_kind, sender_id, kind, body, data, response_ms, at)
      select c.id, s, case when w.who = 'shopper' then 'h' || s end, case when w.who = 'note' then 'bot' else w.who end,
        case when w.who = 'agent' then c.agent_id end, case when w.who = 'note' then 'note' else 'text' end,
        case w.who
          when 'shopper' then case when s = 1 then m.question else ${oneOf(FOLLOW_UPS, rnd(sql`c.id * 64 + s`, 410))} end
          when 'agent' then ${oneOf(REPLIES, rnd(sql`c.id * 64 + s`, 411))}
          when 'bot' then '您好，我是智能客服小橙：' || m.question || '？您可以参考商品详情页的说明。'
          else '转人工：' || m.reason || E'\n顾客最后说：' || m.question end,
        case when w.who = 'note' then jsonb_build_object('code', 'handover', 'reason', m.reason, 'intent', m.intent) else '{}'::jsonb end,
        case when w.who = 'agent' then ${responseMs(rnd(sql`c.id * 64 + s`, 412))} end,
        c.created_at + s * interval '${sql.raw(String(GAP_S))} seconds'
      from conversations c
      cross join lateral (select ${modeOf(sql`(c.id - ${cb}::int)`, tickets)} as mode, ${intentOf(sql`(c.id - ${cb}::int)`)} as intent,
        ${pick(HANDOVER, rnd(sql`c.id`, 413))} as reason) m0
      cross join lateral (select m0.*, ${questionOf(sql`m0.intent`)} as question) m
      cross join generate_series(1, ${perConversation}::int) s
      cross join lateral (select case
        when m.mode = 'bot' then case when s % 2 = 1 then 'shopper' else 'bot' end
        when m.mode = 'handover' and s = 2 then 'bot'
        when m.mode = 'handover' and s = 3 then 'note'
        when s % 2 = 1 then 'shopper' else 'agent' end as who) w
      where c.id between ${cb + lo}::int and ${cb + hi}::int
      order by c.id, s`.execute(db),
  );
  await sql`insert into bot_answers (conversation_id, question, faq_id, score, confidence, helpful, at)
    select c.id, ${questionOf(intentOf(sql`(c.id - ${cb}::int)`))}, null, 0.7, 0.8, null, c.created_at + interval '${sql.raw(String(GAP_S * 2))} seconds'
    from conversations c where c.id > ${cb}::int and ${modeOf(sql`(c.id - ${cb}::int)`, tickets)} in ('bot', 'handover')
    order by c.id`.execute(db);
}

/** Questions the bot could not answer, most asked a few dozen times, over the span. */
export async function fillUnknownQuestions(db: Db, span: Span, count: number): Promise<void> {
  const items = ['睡衣', '浴袍', '羽绒服', '四件套', '拖鞋', '围巾'];
  const asks = ['能不能机洗', '有没有儿童款', '可以定制刺绣吗', '什么时候补货', '能开专票吗', '支持花呗分期吗', '有没有实体店'];
  await sql`insert into unknown_questions (question, asked, first_asked_at, last_asked_at, status)
    select ${oneOf(items, rnd(sql`g`, 500))} || ${oneOf(asks, rnd(sql`g`, 501))} || '？（' || g || '）',
      1 + floor(${rnd(sql`g`, 502)} ^ 3 * 60)::int, x.at - interval '10 days', x.at, ${pick({ open: 70, answered: 20, ignored: 10 }, rnd(sql`g`, 503))}
    from generate_series(1, ${count}::int) g cross join lateral (select ${openedAt(span, sql`g`, 504)} as at) x`.execute(db);
}

/**
 * Service-level clocks as the app leaves them: met (stopped) or breached; the open cases' clocks still running, and
 * breached already when past due — so the sweep has nothing to catch up on when the server starts.
 */
export async function fillClocks(db: Db, ref: Reference, tickets: number, batch: number): Promise<void> {
  const cb = ref.conversations.base;
  const tb = ref.tickets.base;
  const clock = (select: Sql) =>
    sql`insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, state, started_at, due_at, total_ms, stopped_at, breached_at)
      select kind, subject, ticket, metric, case when stopped is null then 'running' else 'met' end, started, started + target,
        (extract(epoch from target) * 1000)::bigint, stopped,
        case when coalesce(stopped, now()) > started + target then started + target end
      from (${select}) c (kind, subject, ticket, metric, started, target, stopped)`;
  // A chat's first answer: the first agent message (seq 2, or 4 after the bot's hand-over).
  await sql`${clock(sql`select 'conversation', c.id, null::int, 'chat_response', m.at - m.response_ms * interval '1 millisecond',
      interval '30 seconds', m.at
    from conversations c join messages m on m.conversation_id = c.id
      and m.seq = case when ${modeOf(sql`(c.id - ${cb}::int)`, tickets)} = 'handover' then 4 else 2 end
    where c.id > ${cb}::int and c.agent_id is not null and m.sender_kind = 'agent'`)}`.execute(db);
  await inSlices(tickets, batch, (lo, hi) => {
    const range = sql`t.id between ${tb + lo}::int and ${tb + hi}::int`;
    return sql`${clock(sql`
      select 'ticket', t.id, t.id, 'first_response', t.created_at,
        case when t.type = 'complaint' then interval '30 minutes' else interval '4 hours' end, t.answered_at
      from tickets t where ${range} and (t.answered_at is not null or t.status not in ('solved', 'closed'))
      union all
      select 'ticket', t.id, t.id, 'resolution', t.created_at, interval '72 hours', t.solved_at from tickets t where ${range}
      union all
      select 'ticket', t.id, t.id, 'first_feedback', t.created_at, interval '2 hours', t.answered_at + interval '20 minutes'
      from tickets t where ${range} and t.type = 'complaint' and (t.answered_at is not null or t.status not in ('solved', 'closed'))`)}`.execute(db);
  });
  await sql`${clock(sql`select 'after_sale', a.id, a.ticket_id, 'aftersale_review', a.created_at, interval '24 hours',
      coalesce(a.approved_at, a.rejected_at)
    from after_sales a where a.ticket_id > ${tb}::int`)}`.execute(db);
}

/** Quality scores on every tenth served chat, and the departments' ratings of finished collaboration tasks. */
export async function fillQualityAndCollab(db: Db, ref: Reference): Promise<void> {
  const cb = ref.conversations.base;
  await sql`insert into quality_inspections (conversation_id, agent_id, auto_score, final_score, fatal, inspected_at)
    select c.id, c.agent_id, x.score, x.score, x.score < 60, c.closed_at + interval '1 hour'
    from conversations c cross join lateral (select (55 + floor(${rnd(sql`c.id`, 600)} * 46))::smallint as score) x
    where c.id > ${cb}::int and c.id % 10 = 3 and c.agent_id is not null order by c.id`.execute(db);
  await sql`insert into collab_tasks (ticket_id, order_id, department, title, owner_id, state, answer, due_at, created_by, created_at,
      started_at, done_at, updated_at, satisfaction)
    select t.id, t.order_id, ${oneOf(['warehouse', 'logistics', 'tech', 'finance', 'product', 'purchasing'], rnd(sql`t.id`, 601))},
      '协助核实：' || t.subject, null, 'done', '已处理', t.created_at + interval '1 day', t.assignee_id, t.created_at + interval '1 hour',
      t.created_at + interval '2 hours', t.created_at + interval '20 hours', t.created_at + interval '20 hours',
      case when ${rnd(sql`t.id`, 602)} < 0.8 then (${pick({ 5: 55, 4: 33, 3: 7, 2: 3, 1: 2 }, rnd(sql`t.id`, 603))})::smallint end
    from tickets t where t.id > ${ref.tickets.base}::int and t.id % 33 = 5 and t.created_at < now() - interval '1 day'
    order by t.id`.execute(db);
}
