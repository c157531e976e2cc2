import { MARKETING_PURPOSES } from '@kefu/domain';
import { sql } from 'kysely';
import { queueEmail } from '../channels/email.ts';
import type { SmsGateway } from '../channels/sms/gateway.ts';
import { sendSmsNow, SMS_CONTENT_MAX } from '../channels/sms/outbox.ts';
import type { StoredMessage } from '../conversations/store.ts';
import { storeMessage } from '../conversations/store.ts';
import type { Db, Tx } from '../db/database.ts';
import { linkSecret, unsubscribeToken } from './opt-outs.ts';
import type { OutreachChannel } from './send.ts';

const MAX_ATTEMPTS = 5;
const LEASE_SECONDS = 300;

/** What delivery needs from the running app; each read at use (the chat and SMS gateway may come later than the job). */
export interface OutreachSenders {
  /** Tells a stored chat message to the shopper's widget and the agent (the chat's fan-out); absent in a bare process. */
  tellChat?: (visitorId: number, agentId: number | null, message: StoredMessage) => Promise<void>;
  sms?: () => SmsGateway | undefined;
}

interface Due {
  id: number;
  customer_id: number;
  purpose: string;
  channel: OutreachChannel;
  title: string;
  body: string;
  link: string | null;
  attempts: number;
}

type Outcome = { state: 'sent' } | { state: 'cancelled' | 'failed'; reason: string } | { state: 'retry'; reason: string };

/**
 * Sends the queued outreach that is due. Rows are claimed with a lease under SKIP LOCKED, so every process may run
 * this and none sends a row twice; the opt-outs are checked again at this moment (one set after queuing wins).
 * A chat message and an e-mail's outbox row are written in the same transaction that marks the row sent (the chat
 * line's client id is the send's, so a retry never posts twice); an SMS goes out first and is marked after.
 */
export async function deliverDueOutreach(db: Db, senders: OutreachSenders, limit = 100, now = new Date()) {
  const due = await claim(db, limit, now);
  const counts = { sent: 0, cancelled: 0, failed: 0 };
  if (!due.length) return counts;
  const { secret, base } = await linkSettings(db);
  for (const row of due) {
    const outcome = await deliverOne(db, senders, row, secret, base).catch((err: unknown) => ({
      state: 'retry' as const,
      reason: err instanceof Error ? err.message : String(err),
    }));
    if (outcome.state === 'sent') counts.sent++;
    else if (outcome.state === 'cancelled') counts.cancelled++;
    else {
      const gaveUp = outcome.state === 'failed' || row.attempts + 1 >= MAX_ATTEMPTS;
      if (gaveUp) counts.failed++;
      await db
        .updateTable('outreach_sends')
        .set({
          attempts: row.attempts + 1,
          reason: outcome.reason.slice(0, 300),
          ...(gaveUp ? { state: 'failed' } : { next_attempt_at: new Date(now.getTime() + 60_000 * 2 ** row.attempts) }),
        })
        .where('id', '=', row.id)
        .where('state', '=', 'queued')
        .execute();
    }
  }
  return counts;
}

async function claim(db: Db, limit: number, now: Date): Promise<Due[]> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('outreach_sends')
      .select(['id', 'customer_id', 'purpose', 'channel', 'title', 'body', 'link', 'attempts'])
      .where('state', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length) {
      await tx
        .updateTable('outreach_sends')
        .set({ next_attempt_at: new Date(now.getTime() + LEASE_SECONDS * 1000) })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows as Due[];
  });
}

async function linkSettings(db: Db) {
  const s = await db.selectFrom('outreach_settings').select(['link_base']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { secret: await linkSecret(db), base: s.link_base };
}

/** Marks the row sent in `tx`, unless it was cancelled meanwhile (then false: send nothing). */
async function markSent(tx: Tx, id: number) {
  const row = await tx
    .updateTable('outreach_sends')
    .set({ state: 'sent', sent_at: new Date(), attempts: sql`attempts + 1`, reason: null })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

async function optedOut(db: Db | Tx, row: Due): Promise<boolean> {
  const scopes = MARKETING_PURPOSES.includes(row.purpose as 'care') ? ['marketing', row.channel] : [row.channel];
  const hit = await db
    .selectFrom('outreach_opt_outs')
    .select('scope')
    .where('customer_id', '=', row.customer_id)
    .where('scope', 'in', scopes)
    .executeTakeFirst();
  return hit !== undefined;
}

async function deliverOne(db: Db, senders: OutreachSenders, row: Due, secret: string, base: string): Promise<Outcome> {
  if (await optedOut(db, row)) {
    await db
      .updateTable('outreach_sends')
      .set({ state: 'cancelled', reason: 'opted_out' })
      .where('id', '=', row.id)
      .where('state', '=', 'queued')
      .execute();
    return { state: 'cancelled', reason: 'opted_out' };
  }
  const text = row.link ? `${row.body}\n${row.link}` : row.body;
  if (row.channel === 'chat') {
    const conv = await db
      .selectFrom('conversations')
      .select(['id', 'visitor_id', 'agent_id'])
      .where('customer_id', '=', row.customer_id)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!conv) return { state: 'failed', reason: 'no_channel' };
    const stored = await db.transaction().execute(async (tx) => {
      if (!(await markSent(tx, row.id))) return null;
      const data = { code: 'outreach', purpose: row.purpose, title: row.title, link: row.link };
      const { message } = await storeMessage(tx, {
        conversationId: conv.id,
        sender: { kind: 'system', id: null, name: '系统' },
        kind: 'system',
        body: text,
        data,
        clientId: `outreach-${row.id}`,
      });
      return message;
    });
    if (stored) await senders.tellChat?.(conv.visitor_id, conv.agent_id, stored);
    return { state: 'sent' };
  }
  const kind = row.channel === 'email' ? 'email' : 'phone';
  const contact = await db
    .selectFrom('customer_identities')
    .select('value')
    .where('customer_id', '=', row.customer_id)
    .where('kind', '=', kind)
    .orderBy('id')
    .executeTakeFirst();
  if (!contact) return { state: 'failed', reason: 'no_channel' };
  if (row.channel === 'email') {
    const unsubscribe = `${base}/u/${unsubscribeToken(secret, row.customer_id)}`;
    await db.transaction().execute(async (tx) => {
      if (!(await markSent(tx, row.id))) return;
      await queueEmail(tx, { recipient: contact.value, subject: row.title, body: `${text}\n\n——\n不想再收到这类邮件？退订：${unsubscribe}` });
    });
    return { state: 'sent' };
  }
  const sms = senders.sms?.();
  if (!sms) return { state: 'failed', reason: 'sms_unavailable' };
  // The template carries the shop's signature and the 回T退订 line; kefu fills in the content.
  const content = text.length > SMS_CONTENT_MAX ? `${text.slice(0, SMS_CONTENT_MAX - 1)}…` : text;
  await sendSmsNow(
    db,
    sms,
    { phone: contact.value, kind: 'notice', params: { content }, text: `${content} 回T退订` },
    { customerId: row.customer_id },
  );
  await db.transaction().execute((tx) => markSent(tx, row.id));
  return { state: 'sent' };
}
