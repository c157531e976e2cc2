/**
 * A shop's year of service history for the reports bench, filled set-based (INSERT … SELECT generate_series, in
 * slices) on PostgreSQL or PGlite: staff in skill groups, customers with a chat visitor each, products, orders,
 * tickets of every type with their timelines (created, replies, reopened, escalated), after-sales with their moves.
 * fill-chat.ts adds the conversations, their messages and the service-level clocks. Every value is a function of the
 * row's id (sql.ts), so two runs of the same size hold the same data.
 */
import { CHANNELS, FINAL_AFTER_SALE_STATES } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { inSlices, maxId, oneOf, openedAt, pick, rnd, syncSequence, type Span, type Sql } from './sql.ts';

export interface FillSizes {
  tickets: number;
  conversations: number;
  messagesPerConversation: number;
  afterSales: number;
  customers: number;
  agents: number;
  products: number;
  orders: number;
}

export interface Reference {
  groupIds: number[];
  agentIds: number[];
  supervisorId: number;
  adminId: number;
  shopId: number;
  /** ids are base + 1 … base + count */
  customers: { base: number; count: number };
  visitors: { base: number };
  products: { base: number; count: number };
  orders: { base: number; count: number };
  tickets: { base: number };
  conversations: { base: number };
}

const PRODUCT_STYLES = ['纯棉', '加绒', '真丝', '法兰绒', '珊瑚绒', '莫代尔', '冰丝', '羊毛'];
const PRODUCT_ITEMS = ['睡衣套装', '家居服', '浴袍', '睡裙', '羽绒服', '卫衣', '围巾', '拖鞋', '四件套', '抱枕'];

export async function prepareReference(db: Db, sizes: FillSizes): Promise<Reference> {
  await migrateToLatest(db);
  const groups = await sql<{ id: number }>`insert into skill_groups (name) values ('售前咨询组'), ('售后服务组'), ('VIP 专席')
    returning id`.execute(db);
  const groupIds = groups.rows.map((g) => g.id);
  const agents = await sql<{ id: number }>`insert into users (username, display_name, role, password_hash)
    select 'rb-agent-' || g, '客服' || lpad(g::text, 2, '0'), 'agent', 'bench-no-login' from generate_series(1, ${sizes.agents}::int) g
    order by g returning id`.execute(db);
  const agentIds = agents.rows.map((a) => a.id);
  const lead = async (username: string, name: string, role: string) =>
    (
      await sql<{ id: number }>`insert into users (username, display_name, role, password_hash, email)
        values (${username}, ${name}, ${role}, 'bench-no-login', ${`${username}@bench.invalid`}) returning id`.execute(db)
    ).rows[0]!.id;
  const supervisorId = await lead('rb-supervisor', '报表主管', 'supervisor');
  const adminId = await lead('rb-admin', '报表店长', 'admin');
  await sql`insert into user_groups (user_id, group_id)
    select u, (${groupIds}::int[])[1 + (n - 1) % 3] from unnest(${agentIds}::int[]) with ordinality as a(u, n)`.execute(db);
  const shop = await sql<{ id: number }>`insert into shops (key, name, identity_secret, default_group_id)
    values ('rb-shop', '暖橙家居·报表压测', 'bench-reports-identity-secret', ${groupIds[0]!}) returning id`.execute(db);
  const shopId = shop.rows[0]!.id;

  const customerBase = await maxId(db, 'customers');
  await sql`insert into customers (id, name, segment, created_at) overriding system value
    select ${customerBase}::int + g, '顾客' || g, ${pick({ vip: 5, high_value: 10, at_risk: 5, new: 30, regular: 50 }, rnd(sql`g`, 1))},
      now() - interval '400 days'
    from generate_series(1, ${sizes.customers}::int) g`.execute(db);
  await syncSequence(db, 'customers');
  const visitorBase = await maxId(db, 'visitors');
  await sql`insert into visitors (id, shop_id, token_hash, customer_id, name, created_at) overriding system value
    select ${visitorBase}::int + g, ${shopId}::int, 'rb-visitor-' || g, ${customerBase}::int + g, '顾客' || g, now() - interval '400 days'
    from generate_series(1, ${sizes.customers}::int) g`.execute(db);
  await syncSequence(db, 'visitors');

  const productBase = await maxId(db, 'products');
  await sql`insert into products (id, sku, name, category, price_fen, warranty_days) overriding system value
    select ${productBase}::int + g, 'RB-' || lpad(g::text, 4, '0'),
      ${oneOf(PRODUCT_STYLES, rnd(sql`g`, 2))} || ${oneOf(PRODUCT_ITEMS, rnd(sql`g`, 3))} || ' ' || g || '号',
      ${oneOf(['服饰', '家纺', '鞋包'], rnd(sql`g`, 4))}, (4900 + floor(${rnd(sql`g`, 5)} * 60000))::bigint, 180
    from generate_series(1, ${sizes.products}::int) g`.execute(db);
  await syncSequence(db, 'products');
  return {
    groupIds,
    agentIds,
    supervisorId,
    adminId,
    shopId,
    customers: { base: customerBase, count: sizes.customers },
    visitors: { base: visitorBase },
    products: { base: productBase, count: sizes.products },
    orders: { base: await maxId(db, 'orders'), count: sizes.orders },
    tickets: { base: await maxId(db, 'tickets') },
    conversations: { base: await maxId(db, 'conversations') },
  };
}

/** Customer of row `key` (stream `salt`), and the product sold on order `order` (its one line). */
export const customerOf = (ref: Reference, key: Sql, salt: number) =>
  sql`(${ref.customers.base}::int + 1 + floor(${rnd(key, salt)} * ${ref.customers.count}::int)::int)`;
const productOfOrder = (ref: Reference, order: Sql) =>
  sql`(${ref.products.base}::int + 1 + floor(${rnd(sql`${order}`, 300)} * ${ref.products.count}::int)::int)`;
export const agentOf = (ref: Reference, u: Sql) => sql`(${ref.agentIds}::int[])[1 + floor(${u} * ${ref.agentIds.length}::int)::int]`;
export const groupOf = (ref: Reference, u: Sql) => sql`(${ref.groupIds}::int[])[1 + floor(${u} * 3)::int]`;

export async function fillOrders(db: Db, ref: Reference, span: Span, batch: number): Promise<void> {
  const o = ref.orders;
  await inSlices(o.count, batch, (lo, hi) =>
    sql`insert into orders (id, platform, order_no, customer_id, status, total_fen, goods_fen, created_at, paid_at, shipped_at,
        delivered_at, buyer_nick, source, updated_at)
      overriding system value
      select ${o.base}::int + g, x.platform, 'RB' || lpad(g::text, 10, '0'), ${customerOf(ref, sql`g`, 301)}, 'completed',
        p.price_fen, p.price_fen, x.at, x.at + interval '2 minutes', x.at + interval '20 hours', x.at + interval '3 days', '买家' || g, 'api',
        x.at + interval '3 days'
      from generate_series(${lo}::int, ${hi}::int) g
      cross join lateral (select ${openedAt(span, sql`g`, 310)} - interval '5 days' as at,
        ${oneOf(['taobao', 'tmall', 'jd', 'pdd', 'web'], rnd(sql`g`, 302))} as platform) x
      join products p on p.id = ${productOfOrder(ref, sql`${o.base}::int + g`)}`.execute(db),
  );
  await syncSequence(db, 'orders');
  await sql`insert into order_lines (order_id, product_id, quantity, unit_price_fen, sku, title)
    select o.id, p.id, 1, p.price_fen, p.sku, p.name from orders o join products p on p.id = ${productOfOrder(ref, sql`o.id`)}
    where o.id > ${o.base}::int order by o.id`.execute(db);
}

const TICKET_TYPES = { consultation: 45, complaint: 20, problem_order: 12, collaboration: 8, suggestion: 5 };
const CATEGORY = { product_quality: 25, logistics: 25, service_attitude: 8, after_sales_policy: 20, payment: 7, other: 15 };
const CHANNEL = { web: 30, taobao: 25, jd: 15, pdd: 15, email: 8, phone: 5, sms: 2 } satisfies Partial<Record<(typeof CHANNELS)[number], number>>;
const OLD_STATUS = { closed: 85, solved: 12, open: 2, pending_internal: 1 };
const RECENT_STATUS = { new: 10, open: 30, pending_customer: 10, pending_internal: 10, solved: 25, closed: 15 };
const ROOT_CAUSE = { product_defect: 35, wrong_item: 10, logistics: 25, service: 8, policy: 7, expectation: 10, other: 5 };
const SUBJECTS = [
  '退款进度查询',
  '物流一直不更新',
  '尺码偏小想换大一码',
  '收到商品有破损',
  '发票抬头开错',
  '少发漏发',
  '面料起球',
  '拉链坏了',
  '颜色和图片不符',
];

/**
 * Tickets `1 … count` after the reference's base: every `afterSaleEvery`-th an after-sale (with its order), the others
 * by type weight; open/solved/closed by age; first reply, resolution, product, order, root cause as a shop would have.
 */
export async function fillTickets(db: Db, ref: Reference, span: Span, count: number, afterSaleEvery: number, batch: number) {
  const base = ref.tickets.base;
  const u = (salt: number) => rnd(sql`g`, salt);
  await inSlices(count, batch, (lo, hi) =>
    sql`insert into tickets (id, number, type, status, priority, category, severity, subject, description, customer_id, assignee_id,
        group_id, channel, created_at, updated_at, solved_at, closed_at, answered_at, order_id, product_id, root_cause, escalation_level)
      overriding system value
      select ${base}::int + g,
        case k.type when 'complaint' then 'TS' when 'problem_order' then 'WT' when 'after_sale' then 'SH' else 'ZX' end
          || to_char(a.at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad((${base}::int + g)::text, 8, '0'),
        k.type, s.status, ${pick({ low: 15, normal: 60, high: 20, urgent: 5 }, u(105))}, k.category,
        case when k.type = 'complaint' then ${pick({ critical: 10, major: 40, minor: 50 }, u(106))} end,
        ${oneOf(SUBJECTS, u(107))}, '', ${customerOf(ref, sql`g`, 108)},
        case when s.status <> 'new' then ${agentOf(ref, u(109))} end, ${groupOf(ref, u(110))}, ${pick(CHANNEL, u(111))},
        a.at, coalesce(t.closed_at, t.solved_at, t.reply_at, a.at), t.solved_at, t.closed_at, t.reply_at,
        k.order_id, case when k.order_id is not null then ${productOfOrder(ref, sql`k.order_id`)} end,
        case when k.type in ('complaint', 'after_sale') and t.solved_at is not null then ${pick(ROOT_CAUSE, u(112))} end,
        case when ${u(113)} < 0.02 then 'supervisor' end
      from generate_series(${lo}::int, ${hi}::int) g
      cross join lateral (select ${openedAt(span, sql`g`, 100)} as at) a
      cross join lateral (select case when g % ${afterSaleEvery}::int = 0 then 'after_sale' else ${pick(TICKET_TYPES, u(101))} end as type) k0
      cross join lateral (select k0.type,
        case when k0.type = 'after_sale' then ${pick({ product_quality: 45, logistics: 20, after_sales_policy: 35 }, u(114))}
          else ${pick(CATEGORY, u(115))} end as category,
        case when k0.type in ('after_sale', 'problem_order') or (k0.type = 'complaint' and ${u(116)} < 0.6)
          then ${ref.orders.base}::int + 1 + floor(${u(117)} * ${ref.orders.count}::int)::int end as order_id) k
      cross join lateral (select case when a.at < now() - interval '7 days' then ${pick(OLD_STATUS, u(102))} else ${pick(RECENT_STATUS, u(102))} end
        as status) s
      cross join lateral (select
        case when s.status <> 'new' and ${u(103)} < 0.97 then least(now(), a.at + ${responseMinutes(u(118))}) end as reply_at,
        case when s.status in ('solved', 'closed') then least(now(), a.at + interval '30 minutes' + (${u(104)} ^ 2) * interval '96 hours') end
          as solved_at) t0
      cross join lateral (select t0.reply_at, t0.solved_at,
        case when s.status = 'closed' then least(now(), t0.solved_at + interval '3 days') end as closed_at) t`.execute(db),
  );
  await syncSequence(db, 'tickets');
}

/** A ticket's first reply: most within the hour, some the next working day. */
const responseMinutes = (u: Sql) => sql`(case when ${u} < 0.8 then ${u} * 75 else 60 + (${u} - 0.8) * 5 * 1200 end) * interval '1 minute'`;

/** The tickets' timelines as the facts read them: created, replies, reopened, escalated; and the escalations. */
export async function fillTicketEvents(db: Db, ref: Reference, batch: number, count: number): Promise<void> {
  const base = ref.tickets.base;
  await inSlices(count, batch, (lo, hi) =>
    sql`insert into ticket_events (ticket_id, actor_id, kind, body, data, at)
      select t.id, e.actor, e.kind, e.body, e.data, e.at
      from tickets t
      cross join lateral (values
        ('created', null::int, null::text, jsonb_build_object('type', t.type, 'status', 'new', 'number', t.number), t.created_at, true),
        ('reply', t.assignee_id, '您好，已为您核实处理，请留意。', '{}'::jsonb, t.answered_at, t.answered_at is not null),
        ('reply', t.assignee_id, '已为您跟进，还有问题随时联系。', '{}'::jsonb, t.answered_at + interval '2 hours',
          t.answered_at is not null and t.id % 2 = 0),
        ('reopened', null::int, null::text, '{}'::jsonb, t.solved_at + interval '1 hour', t.solved_at is not null and t.id % 33 = 0),
        ('escalated', ${ref.supervisorId}::int, '升级至主管', jsonb_build_object('level', 'supervisor'), t.created_at + interval '1 hour',
          t.escalation_level is not null)
      ) as e(kind, actor, body, data, at, present)
      where t.id between ${base + lo}::int and ${base + hi}::int and e.present
      order by t.id`.execute(db),
  );
  await sql`insert into ticket_escalations (ticket_id, level, external, reason, actor_id, created_at)
    select id, 'supervisor', false, '顾客情绪激动，要求主管处理', ${ref.supervisorId}::int, created_at + interval '1 hour'
    from tickets where id > ${base}::int and escalation_level is not null`.execute(db);
}

const REASON = { quality: 30, size: 22, no_reason: 15, damaged: 10, wrong_item: 8, late: 8, other: 7 };
const DESCRIPTIONS: Record<string, string[]> = {
  quality: ['面料起球严重，洗了一次就变形', '拉链拉不上，拉链头掉了', '开线了，做工很差', '掉色严重，染到其他衣服'],
  size: ['尺码偏小，平时穿L这个要XL', '裤长太短，想换大一码', '肩宽太窄，穿着很紧'],
  no_reason: ['七天无理由退货，不想要了', '买重复了，申请退货'],
  damaged: ['收到时外包装破损，衣服有污渍', '快递压坏了，纽扣碎了'],
  wrong_item: ['发错颜色了，买的是灰色收到粉色', '发错尺码，订的M收到S'],
  late: ['发货太慢，已经买了别家的', '物流停滞五天不动'],
  other: ['和图片颜色差别很大', '味道很大，不敢穿'],
};
const ALL_DESCRIPTIONS = Object.entries(DESCRIPTIONS).flatMap(([reason, texts]) => texts.map((t) => `${reason}|${t}`));

/**
 * One after-sale per after-sale ticket, on the ticket's order and its line: kind, reason and description, ended
 * (refunded, closed, rejected…) when older than two weeks, else still moving; and its moves on the ticket's timeline.
 */
export async function fillAfterSales(db: Db, ref: Reference, batch: number, count: number): Promise<void> {
  const base = ref.tickets.base;
  const finals = FINAL_AFTER_SALE_STATES.filter((s) => s !== 'cancelled');
  const u = (salt: number) => rnd(sql`t.id`, salt);
  await inSlices(count, batch, (lo, hi) =>
    sql`insert into after_sales (ticket_id, order_id, customer_id, kind, state, reason, description, lines, amount_fen, goods_fen,
        goods_intact, complex, created_by, created_at, updated_at, approved_by, approved_at, rejected_at)
      select t.id, t.order_id, t.customer_id, k.kind, s.state, k.reason, split_part(k.text, '|', 2),
        jsonb_build_array(jsonb_build_object('lineId', l.id, 'quantity', 1)),
        case when k.kind = 'compensation' then 2000 else l.unit_price_fen end, l.unit_price_fen,
        ${u(204)} < 0.9, ${u(205)} < 0.03, t.assignee_id, t.created_at, coalesce(t.solved_at, t.created_at + interval '1 hour'),
        case when s.state not in ('requested', 'pending_approval') then ${ref.supervisorId}::int end,
        case when s.state not in ('requested', 'pending_approval') then t.created_at + interval '2 hours' end,
        case when s.state = 'rejected' then t.created_at + interval '2 hours' end
      from tickets t
      join order_lines l on l.order_id = t.order_id
      cross join lateral (select ${pick({ return: 35, refund: 30, exchange: 18, repair: 5, reissue: 7, compensation: 5 }, u(201))} as kind,
        ${pick(REASON, u(202))} as reason) k0
      cross join lateral (select k0.kind, k0.reason, coalesce(
        (select d from unnest(${ALL_DESCRIPTIONS}::text[]) with ordinality as x(d, n)
          where split_part(d, '|', 1) = k0.reason order by (n * 7919 + t.id) % 97 limit 1), 'other|其他') as text) k
      cross join lateral (select case
        when t.solved_at is null then ${pick({ requested: 40, pending_approval: 15, approved: 25, in_transit: 20 }, u(203))}
        when k.kind in ('return', 'refund') then ${pick({ refunded: 70, rejected: 10, closed: 20 }, u(203))}
        else ${oneOf(finals, u(203))} end as state) s
      where t.id between ${base + lo}::int and ${base + hi}::int and t.type = 'after_sale'
      order by t.id`.execute(db),
  );
  await sql`insert into ticket_events (ticket_id, actor_id, kind, data, at)
    select a.ticket_id, a.created_by, 'after_sale', jsonb_build_object('afterSaleId', a.id, 'kind', a.kind, 'to', a.state), a.updated_at
    from after_sales a join tickets t on t.id = a.ticket_id where t.id > ${base}::int order by a.id`.execute(db);
}
