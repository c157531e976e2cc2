import {
  CLOSED_AFTERSALE_STATES,
  dedupeKey,
  deliveredDueAt,
  deliveredSince,
  FOLLOW_UP_RULES,
  isLargeOrder,
  isLowScore,
  RULE_THRESHOLDS,
  ruleDueAt,
  type FollowUpRule,
  type FollowUpRuleName,
} from '@kefu/domain';
import type { FollowUpRuleChange } from '@kefu/protocol/api/follow-ups';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkVersion } from '../db/versioned.ts';
import type { PayloadOf } from '../events/types.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { openFollowUp } from './service.ts';

/** The rules that open follow-ups by themselves (the admin's), run as event listeners and one job (delivered). */

export type StoredRule = FollowUpRule & { version: number };

export async function readRules(db: Db | Tx): Promise<Record<FollowUpRuleName, StoredRule>> {
  const rows = await db.selectFrom('follow_up_rules').selectAll().execute();
  const rules = {} as Record<FollowUpRuleName, StoredRule>;
  for (const r of rows) {
    if (!(FOLLOW_UP_RULES as readonly string[]).includes(r.rule)) continue;
    rules[r.rule as FollowUpRuleName] = {
      rule: r.rule as FollowUpRuleName,
      enabled: r.enabled,
      delayMinutes: r.delay_minutes,
      threshold: r.threshold,
      version: r.version,
    };
  }
  return rules;
}

export async function changeRule(db: Db, actor: Principal, name: FollowUpRuleName, change: z.output<typeof FollowUpRuleChange>) {
  const bounds = RULE_THRESHOLDS[name];
  if (bounds && (change.threshold === null || change.threshold < bounds.min || change.threshold > bounds.max))
    throw badRequest('body.threshold', `must be between ${bounds.min} and ${bounds.max}`);
  if (!bounds && change.threshold !== null) throw badRequest('body.threshold', 'this rule has no threshold');
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('follow_up_rules').select('version').where('rule', '=', name).forUpdate().executeTakeFirst();
    if (!row) throw notFound('follow-up rule');
    checkVersion('follow-up rule', row.version, change.version);
    await tx
      .updateTable('follow_up_rules')
      .set({
        enabled: change.enabled,
        delay_minutes: change.delayMinutes,
        threshold: change.threshold,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('rule', '=', name)
      .execute();
    await audit(tx, { actorId: actor.id, action: 'follow_up.rule', entity: 'follow_up_rule', entityId: name, detail: { ...change } });
  });
}

/** A ticket solved, an after-sale done for the shopper: a follow-up within the delay (24 hours by default). */
export async function onTicketChanged(db: Db, p: PayloadOf<'ticket.changed'>, now = new Date()) {
  if (p.kind !== 'status' || p.data.to !== 'solved') return;
  await db.transaction().execute(async (tx) => {
    const rule = (await readRules(tx)).case_solved;
    if (!rule?.enabled) return;
    const t = await tx.selectFrom('tickets').select(['customer_id', 'solved_at']).where('id', '=', p.ticketId).executeTakeFirst();
    if (!t?.customer_id) return;
    await openFollowUp(
      tx,
      {
        customerId: t.customer_id,
        reason: 'case_solved',
        subject: { kind: 'ticket', id: p.ticketId },
        dueAt: ruleDueAt(rule, t.solved_at ?? now),
        dedupeKey: dedupeKey('case_solved', 'ticket', p.ticketId),
      },
      now,
    );
  });
}

export async function onAfterSaleMoved(db: Db, p: PayloadOf<'aftersale.moved'>, now = new Date()) {
  if (!(CLOSED_AFTERSALE_STATES as readonly string[]).includes(p.to)) return;
  await db.transaction().execute(async (tx) => {
    const rule = (await readRules(tx)).case_solved;
    if (!rule?.enabled) return;
    const a = await tx
      .selectFrom('after_sales')
      .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
      .select(sql<number | null>`coalesce(after_sales.customer_id, tickets.customer_id)`.as('customer_id'))
      .where('after_sales.id', '=', p.afterSaleId)
      .executeTakeFirst();
    if (!a?.customer_id) return;
    await openFollowUp(
      tx,
      {
        customerId: a.customer_id,
        reason: 'case_solved',
        subject: { kind: 'after_sale', id: p.afterSaleId },
        dueAt: ruleDueAt(rule, now),
        dedupeKey: dedupeKey('case_solved', 'after_sale', p.afterSaleId),
      },
      now,
    );
  });
}

/** A large order, or any order of a VIP: one follow-up per order (a VIP's large order is the VIP one). */
export async function onOrderIngested(db: Db, p: PayloadOf<'order.ingested'>, now = new Date()) {
  await db.transaction().execute(async (tx) => {
    const rules = await readRules(tx);
    const o = await tx
      .selectFrom('orders')
      .leftJoin('customers', 'customers.id', 'orders.customer_id')
      .select(['orders.customer_id', 'orders.total_fen', 'customers.segment'])
      .where('orders.id', '=', p.orderId)
      .executeTakeFirst();
    if (!o?.customer_id) return;
    const vip = rules.vip_order?.enabled && o.segment === 'vip' ? rules.vip_order : null;
    const large = rules.large_order && isLargeOrder(rules.large_order, o.total_fen) ? rules.large_order : null;
    const rule = vip ?? large;
    if (!rule) return;
    const note = vip ? 'VIP 客户订单' : `大额订单 ¥${(o.total_fen / 100).toFixed(2)}`;
    await openFollowUp(
      tx,
      // One key for both reasons: an order is followed up once, even if its customer turns VIP after a large-order follow-up.
      {
        customerId: o.customer_id,
        reason: rule.rule,
        subject: { kind: 'order', id: p.orderId },
        dueAt: ruleDueAt(rule, now),
        note,
        dedupeKey: dedupeKey('large_order', 'order', p.orderId),
      },
      now,
    );
  });
}

/** A low survey score (≤ 3 by default): the customer is called about it. */
export async function onSurveyAnswered(db: Db, p: PayloadOf<'survey.answered'>, now = new Date()) {
  if (p.customerId === null) return;
  const customerId = p.customerId;
  await db.transaction().execute(async (tx) => {
    const rule = (await readRules(tx)).low_score;
    if (!rule || !isLowScore(rule, p.score)) return;
    await openFollowUp(
      tx,
      {
        customerId,
        reason: 'low_score',
        subject: { kind: 'survey', id: p.surveyId },
        dueAt: ruleDueAt(rule, now),
        note: `满意度 ${p.score} 分`,
        dedupeKey: dedupeKey('low_score', 'survey', p.surveyId),
      },
      now,
    );
  });
}

const DELIVERED_BATCH = 500;

/** The delivered rule's job: each order delivered lately with a customer gets its follow-up, due 3 days after delivery. */
export async function openDeliveredFollowUps(db: Db, now = new Date()): Promise<number> {
  const rule = (await readRules(db)).delivered;
  if (!rule?.enabled) return 0;
  const orders = await db
    .selectFrom('orders')
    .select(['orders.id', 'orders.customer_id', 'orders.delivered_at'])
    .where('orders.delivered_at', '>=', deliveredSince(rule, now))
    .where('orders.delivered_at', '<=', now)
    .where('orders.customer_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('follow_ups')
            .select('follow_ups.id')
            .whereRef('follow_ups.dedupe_key', '=', sql<string>`'delivered:order:' || orders.id`),
        ),
      ),
    )
    .orderBy('orders.delivered_at')
    .limit(DELIVERED_BATCH)
    .execute();
  let opened = 0;
  for (const o of orders) {
    const created = await db.transaction().execute((tx) =>
      openFollowUp(
        tx,
        {
          customerId: o.customer_id!,
          reason: 'delivered',
          subject: { kind: 'order', id: o.id },
          dueAt: deliveredDueAt(rule, o.delivered_at!, now),
          dedupeKey: dedupeKey('delivered', 'order', o.id),
        },
        now,
      ),
    );
    if (created) opened++;
  }
  return opened;
}
