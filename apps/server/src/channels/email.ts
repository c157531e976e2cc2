import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { writeTimelineEntry } from '../tickets/timeline.ts';

const MAX_ATTEMPTS = 6;
const LEASE_SECONDS = 300;

export interface Mailer {
  transport: Transporter;
  from: string;
  /** Who makes the files an e-mail attaches, by the `source` its outbox row names. */
  attachmentSources: Record<string, AttachmentSource>;
}

/**
 * An attachment as the outbox keeps it: a reference to what to render when the e-mail is sent (`{ source:
 * 'report-brief', id: 12 }`), so the row stays small and a retry renders the same file again.
 */
export interface AttachmentRef {
  source: string;
  id: number;
}
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}
export type AttachmentSource = (db: Db, id: number) => Promise<MailAttachment[]>;

export function mailer(smtpUrl: string | undefined, from: string, attachmentSources: Record<string, AttachmentSource> = {}): Mailer | null {
  return smtpUrl ? { transport: nodemailer.createTransport(smtpUrl), from, attachmentSources } : null;
}

/** Queues an e-mail to staff (a report to the managers), with attachments made at send time. */
export async function queueEmail(tx: Tx, mail: { recipient: string; subject: string; body: string; attachments?: AttachmentRef[] }): Promise<void> {
  await tx
    .insertInto('email_outbox')
    .values({ recipient: mail.recipient, subject: mail.subject, body: mail.body, attachments: JSON.stringify(mail.attachments ?? []) })
    .execute();
}

async function renderAttachments(db: Db, m: Mailer, refs: unknown[]): Promise<MailAttachment[]> {
  const files: MailAttachment[] = [];
  for (const ref of refs as AttachmentRef[]) {
    const source = m.attachmentSources[ref.source];
    if (!source) throw new Error(`no attachment source "${ref.source}" in this process`);
    files.push(...(await source(db, ref.id)));
  }
  return files;
}

/**
 * Queues the e-mail of an agent's public reply to the ticket's customer, in the reply's transaction,
 * when the customer has an e-mail address. Returns whether one was queued.
 */
export async function queueReplyEmail(tx: Tx, ticketId: number, body: string, agentName: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tickets')
    .innerJoin('customer_identities as ci', 'ci.customer_id', 'tickets.customer_id')
    .select(['tickets.number', 'tickets.subject', 'ci.value as email'])
    .where('tickets.id', '=', ticketId)
    .where('ci.kind', '=', 'email')
    .orderBy('ci.id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return false;
  await tx
    .insertInto('email_outbox')
    .values({
      ticket_id: ticketId,
      recipient: row.email,
      subject: `Re: [${row.number}] ${row.subject}`,
      body: `${body}\n\n—— 客服 ${agentName}\n工单号 ${row.number}（回复此邮件即可继续沟通）`,
    })
    .execute();
  return true;
}

/**
 * Sends what is due. Rows are claimed with a lease (so several processes never send one twice and no
 * transaction stays open during the SMTP conversation), then marked sent or retried with back-off.
 */
export async function deliverDueEmails(db: Db, m: Mailer, limit = 20): Promise<{ sent: number; failed: number }> {
  const claimed = await db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('email_outbox')
      .select(['id', 'ticket_id', 'recipient', 'subject', 'body', 'attempts', 'attachments', 'message_id'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length) {
      await tx
        .updateTable('email_outbox')
        .set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` as unknown as Date })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .execute();
    }
    return Promise.all(due.map((e) => withMessageId(tx, m, e)));
  });
  let sent = 0;
  let failed = 0;
  for (const e of claimed) {
    try {
      const attachments = e.attachments.length ? await renderAttachments(db, m, e.attachments) : undefined;
      const thread = e.ticket_id ? await replyHeaders(db, e.ticket_id) : {};
      await m.transport.sendMail({
        from: m.from,
        to: e.recipient,
        subject: e.subject,
        text: e.body,
        attachments,
        messageId: e.message_id,
        ...thread,
      });
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('email_outbox')
          .set({ status: 'sent', sent_at: new Date(), attempts: e.attempts + 1 })
          .where('id', '=', e.id)
          .execute();
        if (e.ticket_id) await writeTimelineEntry(tx, e.ticket_id, null, { kind: 'email_sent', data: { to: e.recipient } });
      });
      sent++;
    } catch (err) {
      const attempts = e.attempts + 1;
      const gaveUp = attempts >= MAX_ATTEMPTS;
      const reason = err instanceof Error ? err.message : String(err);
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('email_outbox')
          .set({
            attempts,
            last_error: reason.slice(0, 500),
            status: gaveUp ? 'failed' : 'pending',
            next_attempt_at: sql<Date>`now() + make_interval(secs => ${30 * 2 ** attempts})` as unknown as Date,
          })
          .where('id', '=', e.id)
          .execute();
        if (gaveUp && e.ticket_id) await writeTimelineEntry(tx, e.ticket_id, null, { kind: 'email_failed', data: { to: e.recipient, reason } });
      });
      failed++;
    }
  }
  return { sent, failed };
}

/**
 * Gives a claimed e-mail its Message-ID once (a retry sends the same one) and, for a ticket's e-mail, records it in
 * the ticket's thread: the customer's reply names it in In-Reply-To, and e-mail in continues the ticket.
 */
async function withMessageId<T extends { id: string; ticket_id: number | null; message_id: string | null }>(tx: Tx, m: Mailer, e: T) {
  if (e.message_id) return { ...e, message_id: e.message_id };
  const domain = /@([^>\s]+)>?\s*$/.exec(m.from)?.[1] ?? 'kefu.localhost';
  const messageId = `<kefu.${e.id}.${randomUUID()}@${domain}>`;
  await tx.updateTable('email_outbox').set({ message_id: messageId }).where('id', '=', e.id).execute();
  if (e.ticket_id) {
    await tx
      .insertInto('email_threads')
      .values({ message_id: messageId.slice(1, -1), ticket_id: e.ticket_id, direction: 'out' })
      .execute();
  }
  return { ...e, message_id: messageId };
}

/** A ticket's e-mail answers the customer's latest mail, so their mail program shows one conversation. */
async function replyHeaders(db: Db, ticketId: number): Promise<{ inReplyTo?: string; references?: string }> {
  const last = await db
    .selectFrom('email_threads')
    .select('message_id')
    .where('ticket_id', '=', ticketId)
    .where('direction', '=', 'in')
    .where('message_id', 'not like', 'sha256:%')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last ? { inReplyTo: `<${last.message_id}>`, references: `<${last.message_id}>` } : {};
}
