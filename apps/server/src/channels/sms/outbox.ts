import { maskPhone } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { writeTimelineEntry } from '../../tickets/timeline.ts';
import { SmsRefused, type SmsGateway, type SmsMessage, type SmsSent } from './gateway.ts';

/** A queued SMS is tried this often before it is given up: with the back-off below, about 8.5 hours. */
const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 120;
/** What a provider's template variable may hold; a longer reply is cut (the ticket keeps the whole). */
export const SMS_CONTENT_MAX = 300;

interface Refs {
  ticketId?: number | null;
  customerId?: number | null;
}

/** The row as the log keeps it: a verification code never stored (the log is read by admins; the code proves a phone). */
function logged(message: SmsMessage) {
  const secret = message.kind === 'verification' ? message.params.code : undefined;
  const hide = (s: string) => (secret ? s.replaceAll(secret, '*'.repeat(secret.length)) : s);
  return {
    phone: message.phone,
    kind: message.kind,
    params: JSON.stringify(Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, hide(v)]))),
    text: hide(message.text),
  };
}

/**
 * Sends at once, for a caller that has its own retries or a shopper waiting (a verification code, a care message
 * from outreach's queue), and logs it: sent with the provider's id, so the delivery receipt finds it, or failed with
 * the provider's reason. Throws what the gateway threw.
 */
export async function sendSmsNow(db: Db, gateway: SmsGateway, message: SmsMessage, refs: Refs = {}): Promise<SmsSent> {
  const row = await db
    .insertInto('sms_messages')
    .values({ ...logged(message), status: 'sending', attempts: 1, ticket_id: refs.ticketId ?? null, customer_id: refs.customerId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    const sent = await gateway.send(message, String(row.id));
    await db
      .updateTable('sms_messages')
      .set({ status: 'sent', provider_id: sent.providerId, sent_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    return sent;
  } catch (err) {
    await db
      .updateTable('sms_messages')
      .set({ status: 'failed', error: reasonOf(err) })
      .where('id', '=', row.id)
      .execute();
    throw err;
  }
}

/** Queues a message in the caller's transaction; `channels.sms-deliver` sends it, retrying with back-off. */
export async function queueSms(tx: Tx, message: SmsMessage, refs: Refs = {}): Promise<void> {
  await tx
    .insertInto('sms_messages')
    .values({ ...logged(message), status: 'queued', ticket_id: refs.ticketId ?? null, customer_id: refs.customerId ?? null })
    .execute();
}

/**
 * An agent's public reply on an SMS ticket, queued to the ticket's customer's phone in the reply's transaction.
 * Returns whether one was queued (the customer has a phone).
 */
export async function queueReplySms(tx: Tx, ticketId: number, body: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tickets')
    .innerJoin('customer_identities as ci', 'ci.customer_id', 'tickets.customer_id')
    .select(['tickets.customer_id', 'ci.value as phone'])
    .where('tickets.id', '=', ticketId)
    .where('ci.kind', '=', 'phone')
    .orderBy('ci.id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return false;
  const content = body.length > SMS_CONTENT_MAX ? `${body.slice(0, SMS_CONTENT_MAX - 1)}…` : body;
  await queueSms(tx, { phone: row.phone, kind: 'reply', params: { content }, text: content }, { ticketId, customerId: row.customer_id });
  return true;
}

/**
 * Sends the queued messages that are due. Rows are claimed with a lease (several processes never send one twice, and
 * no transaction stays open while the provider answers); a permanent refusal or the last try fails the message, and
 * a ticket's message is told on its timeline either way.
 */
export async function deliverDueSms(db: Db, gateway: SmsGateway, limit = 50): Promise<{ sent: number; failed: number; retrying: number }> {
  const claimed = await db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('sms_messages')
      .select(['id', 'phone', 'kind', 'params', 'text', 'ticket_id', 'attempts'])
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length) {
      await tx
        .updateTable('sms_messages')
        .set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` as unknown as Date })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .execute();
    }
    return due;
  });
  const tally = { sent: 0, failed: 0, retrying: 0 };
  for (const m of claimed) {
    const attempts = m.attempts + 1;
    try {
      const sent = await gateway.send({ phone: m.phone, kind: m.kind, params: m.params, text: m.text }, String(m.id));
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('sms_messages')
          .set({ status: 'sent', attempts, provider_id: sent.providerId, sent_at: new Date(), error: null })
          .where('id', '=', m.id)
          .execute();
        if (m.ticket_id) await writeTimelineEntry(tx, m.ticket_id, null, { kind: 'sms_sent', data: { to: maskPhone(m.phone) } });
      });
      tally.sent++;
    } catch (err) {
      const reason = reasonOf(err);
      const gaveUp = (err instanceof SmsRefused && err.permanent) || attempts >= MAX_ATTEMPTS;
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('sms_messages')
          .set({
            attempts,
            error: reason,
            status: gaveUp ? 'failed' : 'queued',
            next_attempt_at: sql<Date>`now() + make_interval(secs => ${Math.min(30 * 2 ** attempts, 4 * 3600)})` as unknown as Date,
          })
          .where('id', '=', m.id)
          .execute();
        if (gaveUp && m.ticket_id) {
          await writeTimelineEntry(tx, m.ticket_id, null, { kind: 'sms_failed', data: { to: maskPhone(m.phone), reason } });
        }
      });
      if (gaveUp) tally.failed++;
      else tally.retrying++;
    }
  }
  return tally;
}

function reasonOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

/** The SMS log (sent and received) keeps 180 days. */
export async function pruneSmsLog(db: Db): Promise<void> {
  const before = sql<Date>`now() - interval '180 days'`;
  await db.deleteFrom('sms_messages').where('created_at', '<', before).where('status', '!=', 'queued').execute();
  await db.deleteFrom('sms_inbound').where('received_at', '<', before).execute();
}
