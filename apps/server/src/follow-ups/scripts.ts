import { fillFollowUpScript, FOLLOW_UP_REASONS, type FollowUpReason } from '@kefu/domain';
import type { FollowUpScriptChange } from '@kefu/protocol/api/follow-ups';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { checkVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import type { followUpSelect } from './presenter.ts';

type Row = Awaited<ReturnType<ReturnType<typeof followUpSelect>['executeTakeFirstOrThrow']>>;

/** The scripts (回访话术), one per reason, in the reasons' order. */
export async function listScripts(db: Db) {
  const rows = await db.selectFrom('follow_up_scripts').selectAll().execute();
  const order = (r: string) => FOLLOW_UP_REASONS.indexOf(r as FollowUpReason);
  return rows
    .filter((r) => order(r.reason) >= 0)
    .sort((a, b) => order(a.reason) - order(b.reason))
    .map((r) => ({ reason: r.reason as FollowUpReason, body: r.body, version: r.version }));
}

export async function changeScript(db: Db, actor: Principal, reason: FollowUpReason, change: z.output<typeof FollowUpScriptChange>) {
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('follow_up_scripts').select('version').where('reason', '=', reason).forUpdate().executeTakeFirst();
    if (!row) throw notFound('follow-up script');
    checkVersion('follow-up script', row.version, change.version);
    await tx
      .updateTable('follow_up_scripts')
      .set({ body: change.body, version: sql<number>`version + 1`, updated_at: new Date() })
      .where('reason', '=', reason)
      .execute();
    await audit(tx, { actorId: actor.id, action: 'follow_up.script', entity: 'follow_up_script', entityId: reason });
  });
}

/** The case around a follow-up: the customer, the order and its lines, the ticket, the survey's score and comment. */
async function caseContext(db: Db, f: Row) {
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'name', 'segment'])
    .select((eb) =>
      eb
        .selectFrom('customer_identities')
        .select('value')
        .whereRef('customer_identities.customer_id', '=', 'customers.id')
        .where('kind', '=', 'phone')
        .limit(1)
        .as('phone'),
    )
    .where('id', '=', f.customer_id)
    .executeTakeFirstOrThrow();
  const kind = f.subject_kind;
  const id = f.subject_id ?? 0;
  const survey =
    kind === 'survey' ? await db.selectFrom('surveys').select(['score', 'comment', 'ticket_id']).where('id', '=', id).executeTakeFirst() : undefined;
  const afterSale =
    kind === 'after_sale' ? await db.selectFrom('after_sales').select(['ticket_id', 'order_id']).where('id', '=', id).executeTakeFirst() : undefined;
  const ticketId = kind === 'ticket' ? id : (afterSale?.ticket_id ?? survey?.ticket_id ?? f.ticket_id);
  const ticket = ticketId
    ? await db.selectFrom('tickets').select(['id', 'number', 'subject', 'status', 'order_id']).where('id', '=', ticketId).executeTakeFirst()
    : undefined;
  const orderId = kind === 'order' ? id : (afterSale?.order_id ?? ticket?.order_id ?? null);
  const order = orderId
    ? await db.selectFrom('orders').select(['id', 'order_no', 'platform', 'total_fen', 'status']).where('id', '=', orderId).executeTakeFirst()
    : undefined;
  const lines = order
    ? await db.selectFrom('order_lines').select(['title', 'quantity']).where('order_id', '=', order.id).orderBy('id').limit(20).execute()
    : [];
  return {
    customer: { id: customer.id, name: customer.name, segment: customer.segment, phone: customer.phone ?? null },
    order: order ? { id: order.id, orderNo: order.order_no, platform: order.platform, totalFen: order.total_fen, status: order.status, lines } : null,
    ticket: ticket ? { id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status } : null,
    survey: survey ? { score: survey.score, comment: survey.comment } : null,
  };
}

/** The follow-up's script, filled from its case, and that case: what the agent reads before calling. */
export async function followUpContext(db: Db, f: Row, agentName: string) {
  const [context, script, shop] = await Promise.all([
    caseContext(db, f),
    db.selectFrom('follow_up_scripts').select('body').where('reason', '=', f.reason).executeTakeFirst(),
    db.selectFrom('shops').select('name').orderBy('id').limit(1).executeTakeFirst(),
  ]);
  const filled = fillFollowUpScript(script?.body ?? '', {
    店铺: shop?.name ?? null,
    客服: agentName,
    客户: context.customer.name,
    订单号: context.order?.orderNo ?? null,
    工单号: context.ticket?.number ?? null,
  });
  return { script: filled, context };
}
