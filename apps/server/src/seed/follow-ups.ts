import { dedupeKey, inCallingHours, type FollowUpReason } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { openFollowUp } from '../follow-ups/service.ts';

const HOUR = 3600_000;

/** [reason, owner username or null (the pool), due in hours from now, note, outcome once done]. */
const DEMO: [FollowUpReason, string | null, number, string, ('fine' | 'unreachable')?][] = [
  ['delivered', 'xiaomei', 3, ''],
  ['case_solved', 'xiaomei', 20, ''],
  ['low_score', 'xiaomei', -5, '满意度 2 分'],
  ['vip_order', 'xiaomei', 30, 'VIP 客户订单'],
  ['large_order', 'xiaomei', 8, '大额订单 ¥2,680.00'],
  ['delivered', 'xiaomei', -30, '', 'fine'],
  ['case_solved', 'xiaomei', -50, '', 'fine'],
  ['delivered', null, 6, ''],
  ['low_score', null, 2, '满意度 1 分'],
  ['delivered', 'zhuguan', 12, ''],
  ['large_order', 'zhuguan', -70, '大额订单 ¥3,150.00', 'unreachable'],
];

/** A handful of follow-ups for the demo's 回访 page: the agent's queue (due, overdue, done), the pool, the report. */
export async function seedFollowUps(tx: Tx, now: Date): Promise<number> {
  const users = await tx.selectFrom('users').select(['id', 'username']).where('username', 'in', ['xiaomei', 'zhuguan']).execute();
  const idOf = (name: string | null) => (name ? (users.find((u) => u.username === name)?.id ?? null) : null);
  const orders = await tx
    .selectFrom('orders')
    .select(['id', 'customer_id'])
    .where('customer_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(DEMO.length)
    .execute();
  let opened = 0;
  for (const [i, [reason, owner, dueInHours, note, outcome]] of DEMO.entries()) {
    const order = orders[i];
    if (!order) break;
    const dueAt = dueInHours > 0 ? inCallingHours(new Date(now.getTime() + dueInHours * HOUR)) : new Date(now.getTime() + dueInHours * HOUR);
    // Past ones were opened a day before they were due, so the report's period counts them.
    const openedAt = dueInHours > 0 ? now : new Date(dueAt.getTime() - 24 * HOUR);
    const f = await openFollowUp(
      tx,
      {
        customerId: order.customer_id!,
        reason,
        ownerId: idOf(owner),
        dueAt,
        note,
        subject: { kind: 'order', id: order.id },
        dedupeKey: dedupeKey(reason, 'demo-order', order.id),
      },
      dueInHours > 0 ? now : openedAt,
    );
    if (!f) continue;
    opened++;
    if (!outcome) continue;
    const doneAt = new Date(dueAt.getTime() - 2 * HOUR);
    await tx
      .updateTable('follow_ups')
      .set({
        state: outcome === 'fine' ? 'done' : 'unreachable',
        outcome,
        attempts: outcome === 'fine' ? 1 : 3,
        outcome_note: outcome === 'fine' ? '客户表示满意' : '三次未接通',
        done_at: doneAt,
        done_by: idOf(owner),
      })
      .where('id', '=', f.id)
      .execute();
    await tx
      .updateTable('sla_clocks')
      .set({ state: 'met', stopped_at: doneAt })
      .where('subject_kind', '=', 'follow_up')
      .where('subject_id', '=', f.id)
      .execute();
  }
  return opened;
}
