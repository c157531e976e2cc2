import { isSmsOptOut, maskPhone, normalizePhone } from '@kefu/domain';
import { sql } from 'kysely';
import { customerOfIdentity } from '../../customers/service.ts';
import type { Db, Tx } from '../../db/database.ts';
import { addOptOut } from '../../outreach/opt-outs.ts';
import { writeTimelineEntry } from '../../tickets/timeline.ts';
import { customerWroteOn, openInboundTicket } from '../inbound.ts';

/** A delivery receipt, as any provider's adapter reads it from its push. */
export interface SmsReceipt {
  phone: string;
  /** kefu's id of the send (sent as OutId), when the provider hands it back. */
  outId: string | null;
  providerId: string | null;
  delivered: boolean;
  code: string;
  detail: string;
}

/** A reply (上行), as any provider's adapter reads it from its push. */
export interface SmsReply {
  /** The provider's id of the reply: a reply pushed twice is stored once. */
  sequenceId: string;
  phone: string;
  content: string;
  sentAt: string | null;
}

/** An SMS ticket is continued by a reply within this long of kefu's last text on it. */
const THREAD_DAYS = 7;

/**
 * Applies delivery receipts in one transaction: each finds its message by kefu's id (and the phone, so a receipt
 * cannot reach another shopper's message) or the provider's id, and moves it from sent to delivered or undelivered.
 * A receipt told twice changes nothing the second time; an undelivered reply is told on its ticket's timeline.
 * Returns how many messages it moved.
 */
export async function applyReceipts(db: Db, receipts: SmsReceipt[]): Promise<number> {
  return db.transaction().execute(async (tx) => {
    let moved = 0;
    for (const r of receipts) {
      const phone = normalizePhone(r.phone) ?? r.phone;
      const byOutId = r.outId && /^\d{1,15}$/.test(r.outId) ? Number(r.outId) : null;
      let q = tx
        .updateTable('sms_messages')
        .set({
          status: r.delivered ? 'delivered' : 'undelivered',
          error: r.delivered ? null : `${r.code}: ${r.detail}`.slice(0, 500),
          reported_at: sql<Date>`now()` as unknown as Date,
        })
        .where('status', 'in', ['sending', 'sent'])
        .where('phone', '=', phone);
      if (byOutId !== null) q = q.where('id', '=', byOutId);
      else if (r.providerId) q = q.where('provider_id', '=', r.providerId);
      else continue;
      const row = await q.returning(['id', 'ticket_id']).executeTakeFirst();
      if (!row) continue;
      moved++;
      if (!r.delivered && row.ticket_id) {
        await writeTimelineEntry(tx, row.ticket_id, null, {
          kind: 'sms_failed',
          data: { to: maskPhone(phone), reason: `${r.code}: ${r.detail}`.slice(0, 200) },
        });
      }
    }
    return moved;
  });
}

export type ReplyOutcome =
  { outcome: 'created' | 'continued'; ticketId: number } | { outcome: 'opted_out' | 'ignored' | 'duplicate'; reason?: string };

/**
 * One reply, in one transaction and once per provider sequence id: 退订 / T / R … stops texts to the customer
 * (opt-out 'sms'); anything else is the shopper writing — it continues the SMS ticket kefu last texted them about
 * within 7 days, or their open SMS ticket, reopening it if it waited on them, and otherwise opens a new SMS ticket on
 * the file holding that phone (made if new).
 */
export async function receiveReply(db: Db, provider: string, reply: SmsReply): Promise<ReplyOutcome> {
  const phone = normalizePhone(reply.phone);
  const content = reply.content.replaceAll('\u0000', '').trim().slice(0, 2000);
  return db.transaction().execute(async (tx) => {
    const record = (
      outcome: 'created' | 'continued' | 'opted_out' | 'ignored',
      extra: { reason?: string; ticketId?: number; customerId?: number | null },
    ) =>
      tx
        .insertInto('sms_inbound')
        .values({
          provider,
          sequence_id: reply.sequenceId,
          phone: phone ?? reply.phone.slice(0, 32),
          content,
          sent_at: reply.sentAt,
          outcome,
          reason: extra.reason ?? null,
          ticket_id: extra.ticketId ?? null,
          customer_id: extra.customerId ?? null,
        })
        .onConflict((oc) => oc.columns(['provider', 'sequence_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
    await sql`select pg_advisory_xact_lock(hashtext(${`sms-in:${provider}:${reply.sequenceId}`}))`.execute(tx);
    const seen = await tx
      .selectFrom('sms_inbound')
      .select('id')
      .where('provider', '=', provider)
      .where('sequence_id', '=', reply.sequenceId)
      .executeTakeFirst();
    if (seen) return { outcome: 'duplicate' };
    if (!phone) {
      await record('ignored', { reason: 'not a phone number' });
      return { outcome: 'ignored', reason: 'not a phone number' };
    }
    if (!content) {
      await record('ignored', { reason: 'empty' });
      return { outcome: 'ignored', reason: 'empty' };
    }
    if (isSmsOptOut(content)) return optOut(tx, phone, record);
    const customerId = await customerOfIdentity(tx, 'phone', phone, null);
    const thread = await threadOf(tx, phone, customerId);
    if (thread) {
      await customerWroteOn(tx, thread, { channel: 'sms', from: maskPhone(phone), body: content });
      await record('continued', { ticketId: thread, customerId });
      return { outcome: 'continued', ticketId: thread };
    }
    const ticketId = await openInboundTicket(tx, { channel: 'sms', subject: `短信：${content.slice(0, 30)}`, body: content, customerId });
    await record('created', { ticketId, customerId });
    return { outcome: 'created', ticketId };
  });
}

async function optOut(
  tx: Tx,
  phone: string,
  record: (o: 'opted_out' | 'ignored', extra: { reason?: string; customerId?: number | null }) => Promise<unknown>,
): Promise<ReplyOutcome> {
  const owners = await tx.selectFrom('customer_identities').select('customer_id').where('kind', '=', 'phone').where('value', '=', phone).execute();
  if (!owners.length) {
    await record('ignored', { reason: 'opt-out from a phone no customer file holds' });
    return { outcome: 'ignored', reason: 'unknown phone' };
  }
  for (const o of owners) await addOptOut(tx, o.customer_id, 'sms');
  await record('opted_out', { customerId: owners[0]!.customer_id });
  return { outcome: 'opted_out' };
}

/** The ticket kefu last texted this phone about within 7 days, else the customer's newest open SMS ticket. */
async function threadOf(tx: Tx, phone: string, customerId: number | null): Promise<number | null> {
  const texted = await tx
    .selectFrom('sms_messages as m')
    .innerJoin('tickets as t', 't.id', 'm.ticket_id')
    .select('t.id')
    .where('m.phone', '=', phone)
    .where('m.created_at', '>', sql<Date>`now() - make_interval(days => ${THREAD_DAYS})`)
    .where('t.status', '!=', 'closed')
    .orderBy('m.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (texted) return texted.id;
  if (customerId === null) return null;
  const open = await tx
    .selectFrom('tickets')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('channel', '=', 'sms')
    .where('status', '!=', 'closed')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return open?.id ?? null;
}
