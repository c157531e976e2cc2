import type { Role } from '@kefu/domain';
import { loadDemoFaq } from '@kefu/nlp';
import { sql } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import { newSecret } from '../auth/tokens.ts';
import type { Db, Tx } from '../db/database.ts';
import { seedCustomers } from './customers.ts';
import { seedOrders } from './orders.ts';
import { seededRandom } from './random.ts';
import { FORBIDDEN_PHRASES, QUICK_REPLIES, PRODUCTS, SIZE_CHART } from './shop.ts';
import { seedHistory } from './history.ts';
import { seedLive } from './live.ts';
import { seedTickets } from './tickets.ts';
import { seedSegments } from './segments.ts';
import { seedReviews } from './reviews.ts';
import { seedOutreach } from './outreach.ts';
import { seedFollowUps } from './follow-ups.ts';
import { seedSurveys } from './surveys.ts';
import { seedCare as seedCareDates } from './care.ts';

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
  /** Eight weeks of past conversations, tickets and after-sales for the reports (history.ts); tests opt out, for speed. */
  history?: boolean;
  /** The open work of the moment (live.ts); the history's own tests opt out, its checks being about the closed past. */
  live?: boolean;
  /** Customer care's demo rows (segments, reviews, outreach, follow-ups, surveys, care dates); default true. */
  care?: boolean;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** Fills an empty database with a believable shop: staff, products, customers, orders, tickets, and their past (history.ts). */
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
    const history = options.history === false ? undefined : await seedHistory(tx, now);
    const live = options.live === false ? undefined : await seedLive(tx, now);
    // Customer care works on the shop's past (segments from its orders, surveys of its solved cases, follow-ups of its
    // deliveries): it comes after the history.
    if (options.care !== false) await seedCare(tx, now);
    return { users: users.length, customers: customerIds.length, orders: orders.length, tickets, ...(live && { live }), ...(history && { history }) };
  });
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

async function seedCare(tx: Tx, now: Date) {
  await seedSegments(tx, now);
  await seedReviews(tx, now);
  await seedOutreach(tx, now);
  await seedFollowUps(tx, now);
  await seedSurveys(tx, now);
  await seedCareDates(tx, now);
}
