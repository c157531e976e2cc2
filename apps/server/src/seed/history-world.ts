import type { SlaPolicy } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { readPolicies } from '../sla/policies.ts';
import type { Random } from './random.ts';

export interface HistoryAgent {
  id: number;
  name: string;
  groupIds: number[];
  /** How long this agent takes to answer, relative to the team (小美 is quick, 阿杰 takes his time). */
  pace: number;
  /** How likely this agent greets, closes and keeps to the scripts. */
  care: number;
  /** Share of the chats they take among those who could. */
  load: number;
}

export interface HistoryOrder {
  id: number;
  customerId: number;
  orderNo: string;
  platform: string;
  status: string;
  totalFen: number;
  trackingNo: string | null;
  createdAt: Date;
  lines: { id: number; productId: number | null; quantity: number; unitPriceFen: number }[];
}

export interface HistoryProduct {
  id: number;
  sku: string;
  name: string;
  priceFen: number;
}

const WEEK = 7 * 86_400_000;

/**
 * When each customer got in touch. The demo has few customers for eight weeks of work: cases are given to customers
 * with no other case within a week of it, so a second contact (a case about the same matter within 7 days) happens
 * when the history means one, not by chance.
 */
export class ContactBook {
  private readonly times = new Map<number, number[]>();

  /** No case of the customer within a week of `at`, `except` the one at that time (the first contact of a second). */
  isFree(customerId: number, at: number, except?: number): boolean {
    return !(this.times.get(customerId) ?? []).some((t) => t !== except && Math.abs(t - at) < WEEK);
  }

  add(customerId: number, at: number): void {
    this.times.set(customerId, [...(this.times.get(customerId) ?? []), at]);
  }

  /** A customer free at `at` (a few tries), else any: the demo's few customers cannot always be spared. */
  pick<T extends { id: number }>(pick: () => T, at: number, tries = 8): T {
    let candidate = pick();
    for (let i = 1; i < tries && !this.isFree(candidate.id, at); i++) candidate = pick();
    this.add(candidate.id, at);
    return candidate;
  }
}

/** What the history is written over: the demo shop's people, groups, customers, orders, products, FAQ and policies. */
export interface World {
  now: Date;
  shopId: number;
  agents: HistoryAgent[];
  groups: Record<'售前' | '售后' | 'VIP', number>;
  customers: { id: number; name: string; vip: boolean }[];
  ordersOf: Map<number, HistoryOrder[]>;
  products: HistoryProduct[];
  faq: { id: number; question: string; alternatives: string[]; answer: string; category: string }[];
  departments: { warehouse: number; finance: number; tech: number; product: number };
  policies: SlaPolicy[];
  contacts: ContactBook;
}

/** How each demo agent works (by login); anyone else on the desk works like the team's average. */
const STYLE: Record<string, Pick<HistoryAgent, 'pace' | 'care' | 'load'>> = {
  xiaomei: { pace: 0.75, care: 0.97, load: 1.2 },
  ajie: { pace: 1.45, care: 0.82, load: 1.8 },
  lina: { pace: 1, care: 0.92, load: 1.1 },
  zhuguan: { pace: 0.9, care: 0.98, load: 0.15 },
};

/** An agent of the group, as often as each takes work on (anyone on the desk when the group has nobody). */
export function agentIn(world: World, rnd: Random, groupId: number): HistoryAgent {
  const able = world.agents.filter((a) => a.groupIds.includes(groupId));
  return rnd.weighted(able.length ? able : world.agents, (a) => a.load);
}

export async function loadWorld(tx: Tx, now: Date): Promise<World> {
  const shop = await tx.selectFrom('shops').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const groupRows = await tx.selectFrom('skill_groups').select(['id', 'name']).execute();
  const groupId = (name: string) => groupRows.find((g) => g.name === name)?.id ?? groupRows[0]!.id;
  const users = await tx.selectFrom('users').select(['id', 'username', 'display_name', 'role']).where('active', '=', true).orderBy('id').execute();
  const memberships = await tx.selectFrom('user_groups').select(['user_id', 'group_id']).execute();
  const agents = users
    .filter((u) => u.role === 'agent' || u.role === 'supervisor')
    .map((u) => ({
      id: u.id,
      name: u.display_name,
      groupIds: memberships.filter((m) => m.user_id === u.id).map((m) => m.group_id),
      ...(STYLE[u.username] ?? { pace: 1, care: 0.9, load: 1 }),
    }));
  const byRole = (role: string) => users.find((u) => u.role === role)?.id ?? users[0]!.id;
  const customers = await tx.selectFrom('customers').select(['id', 'name', 'segment']).where('merged_into_id', 'is', null).orderBy('id').execute();
  const orders = await tx
    .selectFrom('orders')
    .select(['id', 'order_no', 'platform', 'status', 'total_fen', 'tracking_no', 'created_at', 'customer_id'])
    .where('customer_id', 'is not', null)
    .where('kind', '=', 'normal')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const lines = await tx.selectFrom('order_lines').select(['id', 'order_id', 'product_id', 'quantity', 'unit_price_fen']).orderBy('id').execute();
  const ordersOf = new Map<number, HistoryOrder[]>();
  for (const o of orders) {
    const list = ordersOf.get(o.customer_id!) ?? [];
    list.push({
      id: o.id,
      customerId: o.customer_id!,
      orderNo: o.order_no,
      platform: o.platform,
      status: o.status,
      totalFen: Number(o.total_fen),
      trackingNo: o.tracking_no,
      createdAt: new Date(o.created_at),
      lines: lines
        .filter((l) => l.order_id === o.id)
        .map((l) => ({ id: l.id, productId: l.product_id, quantity: l.quantity, unitPriceFen: Number(l.unit_price_fen) })),
    });
    ordersOf.set(o.customer_id!, list);
  }
  const products = (await tx.selectFrom('products').select(['id', 'sku', 'name', 'price_fen']).orderBy('id').execute()).map((p) => ({
    id: p.id,
    sku: p.sku,
    name: p.name,
    priceFen: Number(p.price_fen),
  }));
  const faq = await tx
    .selectFrom('faq_entries')
    .select(['id', 'question', 'alternatives', 'answer', 'category'])
    .where('enabled', '=', true)
    .orderBy('id')
    .execute();
  return {
    now,
    shopId: shop.id,
    agents,
    groups: { 售前: groupId('售前'), 售后: groupId('售后'), VIP: groupId('VIP') },
    customers: customers.map((c) => ({ id: c.id, name: c.name, vip: c.segment === 'vip' })),
    ordersOf,
    products,
    faq,
    departments: { warehouse: byRole('warehouse'), finance: byRole('finance'), tech: byRole('tech'), product: byRole('product') },
    policies: await readPolicies(tx),
    contacts: new ContactBook(),
  };
}
