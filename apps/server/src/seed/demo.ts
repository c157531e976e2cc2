import { DEFAULT_ORDER_CHECKS, type Role, type Segment, type TicketStatus, type TicketType } from '@kefu/domain';
import { loadDemoFaq } from '@kefu/nlp';
import { sql } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import { newSecret } from '../auth/tokens.ts';
import { upsertOrders } from '../orders/ingest.ts';
import type { OrderInput } from '../orders/input.ts';
import type { Db, Tx } from '../db/database.ts';
import { tokensVector } from '../search/tsvector.ts';
import { nextTicketNumber } from '../tickets/numbering.ts';
import { writeTimeline, type TimelineEntry } from '../tickets/timeline.ts';
import { seededRandom, type Random } from './random.ts';
import {
  CUSTOMER_NOTES,
  FORBIDDEN_PHRASES,
  GIVEN,
  QUICK_REPLIES,
  PLACES,
  PRODUCTS,
  SIZE_CHART,
  STREETS,
  SURNAMES,
  TAGS,
  TICKET_STORIES,
} from './shop.ts';

export const DEMO_PASSWORD = 'kefu2026';
export const DEMO_SHOP_KEY = 'nuancheng';

/** The demo logins the README lists; all share DEMO_PASSWORD. */
export const DEMO_USERS: readonly { username: string; displayName: string; role: Role; groups: string[] }[] = [
  { username: 'admin', displayName: '王店长', role: 'admin', groups: [] },
  { username: 'zhuguan', displayName: '李主管', role: 'supervisor', groups: ['售前', '售后', 'VIP'] },
  { username: 'xiaomei', displayName: '小美', role: 'agent', groups: ['售前', 'VIP'] },
  { username: 'ajie', displayName: '阿杰', role: 'agent', groups: ['售后'] },
  { username: 'lina', displayName: '丽娜', role: 'agent', groups: ['售前', '售后'] },
  { username: 'cangku', displayName: '仓库老张', role: 'warehouse', groups: [] },
  { username: 'caiwu', displayName: '财务小刘', role: 'finance', groups: [] },
  { username: 'jishu', displayName: '技术阿伟', role: 'tech', groups: [] },
  { username: 'chanpin', displayName: '产品经理周', role: 'product', groups: [] },
];

export interface SeedOptions {
  customers?: number;
  tickets?: number;
  now?: Date;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** Fills an empty database with a believable shop: staff, products, customers, orders, tickets. */
export async function seedDemo(db: Db, options: SeedOptions = {}) {
  const rnd = seededRandom(20261111);
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (tx) => {
    const groups = await tx
      .insertInto('skill_groups')
      .values(['售前', '售后', 'VIP'].map((name) => ({ name })))
      .returning(['id', 'name'])
      .execute();
    const users = await tx
      .insertInto('users')
      .values(
        DEMO_USERS.map((u) => ({
          username: u.username,
          display_name: u.displayName,
          role: u.role,
          password_hash: passwordHash,
          email: `${u.username}@nuancheng.example`,
        })),
      )
      .returning(['id', 'username', 'role'])
      .execute();
    const memberships = DEMO_USERS.flatMap((u) =>
      u.groups.map((g) => ({
        user_id: users.find((x) => x.username === u.username)!.id,
        group_id: groups.find((x) => x.name === g)!.id,
      })),
    );
    await tx.insertInto('user_groups').values(memberships).execute();
    const agents = users.filter((u) => u.role === 'agent' || u.role === 'supervisor').map((u) => u.id);

    await tx
      .insertInto('products')
      .values(
        PRODUCTS.map((p) => ({
          sku: p.sku,
          name: p.name,
          category: p.category,
          price_fen: p.price,
          warranty_days: p.warranty,
          restricted_provinces: [...p.restricted],
          stock: p.stock,
        })),
      )
      .execute();

    await seedKnowledge(tx, now);
    await seedChat(
      tx,
      groups.find((g) => g.name === '售前')!.id,
      users.filter((u) => u.role === 'agent' || u.role === 'supervisor').map((u) => u.id),
    );
    const customerIds = await seedCustomers(tx, rnd, options.customers ?? 200, agents, now);
    const orders = await seedOrders(tx, rnd, customerIds, now);
    const tickets = await seedTickets(
      tx,
      rnd,
      options.tickets ?? 400,
      customerIds,
      orders,
      agents,
      groups.map((g) => g.id),
      now,
    );
    return { users: users.length, customers: customerIds.length, orders: orders.length, tickets };
  });
}

function personName(rnd: Random) {
  return rnd.pick(SURNAMES) + rnd.pick(GIVEN);
}

function daysAgo(now: Date, days: number, rnd: Random) {
  return new Date(now.getTime() - days * 86_400_000 - rnd.int(0, 86_399) * 1000);
}

async function seedCustomers(tx: Tx, rnd: Random, count: number, agents: number[], now: Date) {
  const segments: Segment[] = ['vip', 'high_value', 'at_risk', 'new', 'regular', 'regular', 'regular', 'new'];
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const name = personName(rnd);
    const segment = rnd.pick(segments);
    const tags = rnd.chance(0.5) ? [...new Set([rnd.pick(TAGS), ...(rnd.chance(0.3) ? [rnd.pick(TAGS)] : [])])] : [];
    const birthday = rnd.chance(0.6)
      ? `${rnd.int(1965, 2005)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`
      : null;
    const phone = `1${rnd.pick(['38', '39', '50', '58', '86', '87', '77', '99'])}${String(10_000_000 + i * 37 + rnd.int(0, 36)).slice(0, 8)}`;
    const identities = [{ kind: 'phone', value: phone }];
    if (rnd.chance(0.4)) identities.push({ kind: 'email', value: `user${1000 + i}@${rnd.pick(['qq.com', '163.com', '126.com', 'foxmail.com'])}` });
    const platform = rnd.pick(['taobao', 'jd', 'pdd'] as const);
    identities.push({
      kind: platform,
      value: `${rnd.pick(['小', '大', '阿', ''])}${rnd.pick(['猫', '鱼', '橙子', '桃子', '星星', '豆豆', '月亮'])}${1000 + i}`,
    });
    const createdAt = daysAgo(now, rnd.int(1, 720), rnd);
    const customer = await tx
      .insertInto('customers')
      .values({
        name,
        gender: rnd.pick(['female', 'female', 'male', null]),
        birthday,
        birthday_lunar: birthday !== null && rnd.chance(0.2),
        segment,
        tags,
        assigned_agent_id: segment === 'vip' || segment === 'high_value' ? rnd.pick(agents) : null,
        search: tokensVector([name], [...tags, ...identities.map((x) => x.value)]),
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(customer.id);
    await tx
      .insertInto('customer_identities')
      .values(identities.map((x) => ({ customer_id: customer.id, ...x })))
      .execute();
    const [province, city, district] = rnd.pick(PLACES);
    await tx
      .insertInto('customer_addresses')
      .values({
        customer_id: customer.id,
        recipient: name,
        phone,
        province,
        city,
        district,
        detail: `${rnd.pick(STREETS)}${rnd.int(1, 999)}号${rnd.int(1, 30)}幢${rnd.int(101, 2802)}室`,
        is_default: true,
      })
      .execute();
    if (rnd.chance(0.3)) {
      await tx
        .insertInto('customer_notes')
        .values({ customer_id: customer.id, author_id: rnd.pick(agents), body: rnd.pick(CUSTOMER_NOTES), created_at: createdAt })
        .execute();
    }
  }
  return ids;
}

/**
 * Orders go in the way a marketplace's would, through the ingest path, so their checks are raised; orders
 * older than a day were confirmed by an agent at the time.
 */
async function seedOrders(tx: Tx, rnd: Random, customerIds: number[], now: Date) {
  const addresses = await tx
    .selectFrom('customer_addresses')
    .innerJoin('customer_identities', 'customer_identities.customer_id', 'customer_addresses.customer_id')
    .select([
      'customer_addresses.customer_id',
      'recipient',
      'customer_addresses.phone',
      'province',
      'city',
      'district',
      'detail',
      'customer_identities.kind',
      'customer_identities.value',
    ])
    .where('customer_identities.kind', 'in', ['taobao', 'jd', 'pdd'])
    .execute();
  const byCustomer = new Map(addresses.map((a) => [a.customer_id, a]));
  const inputs: OrderInput[] = [];
  let serial = 0;
  for (const customerId of customerIds) {
    const a = byCustomer.get(customerId)!;
    for (let k = rnd.int(0, 4); k > 0; k--) {
      const lines = Array.from({ length: rnd.int(1, 3) }, () => {
        const p = rnd.pick(PRODUCTS);
        return { sku: p.sku, title: p.name, quantity: rnd.int(1, 2), unitPriceFen: p.price };
      });
      // The newest orders are hours old, so the live checks (confirmation, shipping) have something to show.
      const createdAt = serial % 25 === 0 ? new Date(now.getTime() - rnd.int(40, 600) * 60_000) : daysAgo(now, rnd.int(0, 90), rnd);
      const picked = rnd.pick(['paid', 'shipped', 'shipped', 'delivered', 'delivered', 'delivered', 'unpaid', 'cancelled'] as const);
      const shipTime = new Date(createdAt.getTime() + rnd.int(2, 40) * 3600_000);
      const deliverTime = new Date(shipTime.getTime() + 2 * 86_400_000);
      // Nothing happens in the future: an order placed an hour ago has not shipped yet.
      const status =
        picked === 'delivered' && deliverTime > now
          ? shipTime > now
            ? 'paid'
            : 'shipped'
          : picked === 'shipped' && shipTime > now
            ? 'paid'
            : picked;
      const shipped = status === 'shipped' || status === 'delivered';
      const shippedAt = shipped ? shipTime : undefined;
      const platform = a.kind === 'taobao' ? rnd.pick(['taobao', 'tmall'] as const) : (a.kind as 'jd' | 'pdd');
      inputs.push({
        platform,
        orderNo: `${createdAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(100000 + serial++)}`,
        status,
        customerId,
        buyerNick: a.value,
        receiver: { name: a.recipient, phone: a.phone, province: a.province, city: a.city, district: a.district, address: a.detail },
        lines,
        discountFen: rnd.chance(0.3) ? 1000 : 0,
        shippingFen: 0,
        createdAt,
        paidAt: status === 'unpaid' ? undefined : new Date(createdAt.getTime() + 120_000),
        shippedAt,
        deliveredAt: status === 'delivered' ? deliverTime : undefined,
        trackingNo: shipped ? `${rnd.pick(['SF', 'YT', 'ZTO', 'JD'])}${rnd.int(100000000, 999999999)}` : undefined,
        remark: rnd.chance(0.2) ? rnd.pick(['请用礼盒包装', '周末送货', '不要放快递柜', '送人的，不要放发票']) : undefined,
        invoice: rnd.chance(0.05) ? { title: rnd.pick(['杭州暖橙科技有限公司', '个人']) } : undefined,
      });
    }
  }
  const { ids } = await upsertOrders(tx, inputs, 'api', DEFAULT_ORDER_CHECKS);
  await tx
    .updateTable('orders')
    .set({ confirmed_at: sql<Date>`created_at + interval '10 minutes'` as unknown as Date })
    .where('created_at', '<', new Date(now.getTime() - 86_400_000))
    .execute();
  return inputs.map((o, i) => ({ id: ids[i]!, customerId: o.customerId! }));
}

/** The demo FAQ (packages/nlp/data/faq-demo.json), size charts for the clothes, and a running promotion. */
async function seedKnowledge(tx: Tx, now: Date) {
  await tx
    .insertInto('faq_entries')
    .values(
      loadDemoFaq().map((e) => ({
        question: e.question,
        alternatives: e.alternatives,
        answer: e.answer,
        category: e.category ?? '',
      })),
    )
    .execute();
  await tx
    .updateTable('products')
    .set({ size_chart: JSON.stringify(SIZE_CHART) })
    .where('category', 'in', ['服饰', '家居服'])
    .execute();
  await tx
    .insertInto('promotions')
    .values({
      title: '双12 满300减40',
      kind: 'full_reduction',
      threshold_fen: 30_000,
      discount_fen: 4_000,
      starts_at: new Date(now.getTime() - 7 * 86_400_000),
      ends_at: new Date(now.getTime() + 21 * 86_400_000),
    })
    .execute();
}

const TYPE_WEIGHTS: TicketType[] = [
  'consultation',
  'consultation',
  'consultation',
  'after_sale',
  'after_sale',
  'complaint',
  'problem_order',
  'collaboration',
];

async function seedTickets(
  tx: Tx,
  rnd: Random,
  count: number,
  customerIds: number[],
  orders: { id: number; customerId: number }[],
  agents: number[],
  groupIds: number[],
  now: Date,
) {
  for (let i = 0; i < count; i++) {
    const type = rnd.pick(TYPE_WEIGHTS);
    const story = rnd.pick(TICKET_STORIES[type]);
    const customerId = rnd.pick(customerIds);
    const order = orders.find((o) => o.customerId === customerId);
    const createdAt = daysAgo(now, Math.floor(rnd.next() ** 2 * 60), rnd);
    const age = now.getTime() - createdAt.getTime();
    const status: TicketStatus =
      age < 86_400_000
        ? rnd.pick(['new', 'open', 'open', 'pending_customer'])
        : age < 7 * 86_400_000
          ? rnd.pick(['open', 'pending_customer', 'pending_internal', 'solved'])
          : rnd.pick(['solved', 'closed', 'closed']);
    const assignee = status === 'new' ? null : rnd.pick(agents);
    const number = await nextTicketNumber(tx, type, createdAt);
    const tags = rnd.chance(0.3) ? [rnd.pick(['双11', '加急', '回访', '差评风险', '大促'])] : [];
    const at = (minutes: number) => new Date(Math.min(now.getTime(), createdAt.getTime() + minutes * 60_000));
    const ticket = await tx
      .insertInto('tickets')
      .values({
        number,
        type,
        status,
        priority: type === 'complaint' ? rnd.pick(['high', 'urgent']) : rnd.pick(['low', 'normal', 'normal', 'high']),
        category: story.category,
        severity: type === 'complaint' ? rnd.pick(['minor', 'major', 'critical']) : null,
        subject: story.subject,
        description: story.description,
        customer_id: customerId,
        order_id: type === 'consultation' ? null : (order?.id ?? null),
        assignee_id: assignee,
        group_id: rnd.pick(groupIds),
        tags,
        created_at: createdAt,
        updated_at: at(90),
        search: tokensVector([story.subject, story.description, status === 'new' ? null : story.reply], [number, ...tags]),
        solved_at: status === 'solved' || status === 'closed' ? at(80) : null,
        closed_at: status === 'closed' ? at(90) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const events: (TimelineEntry & { actor: number | null; at: Date })[] = [
      { kind: 'created', actor: assignee, data: { type, status: 'new', number }, at: createdAt },
    ];
    if (status !== 'new') {
      events.push({ kind: 'assignee', actor: assignee, data: { from: null, to: assignee }, at: at(2) });
      events.push({ kind: 'reply', actor: assignee, body: story.reply, data: {}, at: at(5) });
      events.push({ kind: 'status', actor: assignee, data: { from: 'new', to: 'open' }, at: at(5) });
      if (rnd.chance(0.4))
        events.push({
          kind: 'note',
          actor: assignee,
          body: rnd.pick(['已电话联系顾客，确认地址无误', '等待仓库回复', '顾客要求下午联系', '已申请主管审批补偿']),
          data: {},
          at: at(30),
        });
      if (status !== 'open')
        events.push({ kind: 'status', actor: assignee, data: { from: 'open', to: status === 'closed' ? 'solved' : status }, at: at(80) });
      if (status === 'closed') events.push({ kind: 'status', actor: assignee, data: { from: 'solved', to: 'closed' }, at: at(90) });
    }
    await writeTimeline(
      tx,
      events.map(({ actor, at: entryAt, ...entry }) => ({ ticketId: ticket.id, actorId: actor, at: entryAt, entry })),
    );
  }
  return count;
}

/** The demo shop's chat: its key, an identity secret of its own (random per installation), the scripts from DOMAIN.md, forbidden phrases, agents' presence rows. */
async function seedChat(tx: Tx, preSalesGroupId: number, agentIds: number[]) {
  await tx
    .insertInto('shops')
    .values({ key: DEMO_SHOP_KEY, name: '暖橙家居服饰', identity_secret: newSecret('ki'), default_group_id: preSalesGroupId })
    .execute();
  await tx
    .insertInto('quick_replies')
    .values(QUICK_REPLIES.map((q) => ({ owner_id: null, ...q })))
    .execute();
  await tx
    .insertInto('forbidden_phrases')
    .values(FORBIDDEN_PHRASES.map(([phrase, suggestion]) => ({ phrase, suggestion })))
    .execute();
  await tx
    .insertInto('agent_presence')
    .values(agentIds.map((user_id) => ({ user_id, status: 'offline' })))
    .execute();
}
