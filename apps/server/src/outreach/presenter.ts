import type { Db, Tx } from '../db/database.ts';
import { optOutsOf } from './opt-outs.ts';

/** The send log's rows with the customer's name; `where` narrows it (the admin page's filters, a customer file). */
export function sendsQuery(db: Db | Tx) {
  return db.selectFrom('outreach_sends as s').innerJoin('customers as c', 'c.id', 's.customer_id').selectAll('s').select('c.name as customer_name');
}
type Row = Awaited<ReturnType<ReturnType<typeof sendsQuery>['execute']>>[number];

export function presentSend(r: Row) {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    purpose: r.purpose as 'notification',
    channel: r.channel as 'chat' | null,
    state: r.state as 'queued',
    templateKey: r.template_key,
    title: r.title,
    body: r.body,
    link: r.link,
    caseKind: r.case_kind,
    caseId: r.case_id,
    sendAt: r.send_at,
    sentAt: r.sent_at,
    reason: r.reason,
    attempts: r.attempts,
    createdAt: r.created_at,
  };
}

/** For the customer file: their opt-outs and the latest sends to them. */
export async function outreachOfCustomer(db: Db | Tx, customerId: number) {
  const [optOuts, rows] = await Promise.all([
    optOutsOf(db, customerId),
    sendsQuery(db).where('s.customer_id', '=', customerId).orderBy('s.id', 'desc').limit(20).execute(),
  ]);
  return { optOuts, sends: rows.map(presentSend) };
}
