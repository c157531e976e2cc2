import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { customerOfLockedIdentity, identityKey } from '../../customers/service.ts';
import type { Db, Tx } from '../../db/database.ts';
import { executePrepared } from '../../db/prepared.ts';
import { attachFile, checkAttachment } from '../../tickets/attachments.ts';
import { customerWroteOn, openInboundTicket } from '../inbound.ts';
import { writeTimelineEntry } from '../../tickets/timeline.ts';
import { parseInboundMail, type InboundLimits, type ParsedMail } from './parse.ts';
import { screenInboundMail } from './screen.ts';
import type { SmtpEnvelope } from './smtp-endpoint.ts';

export interface InboundOptions {
  /** The shop's own addresses (the service mailbox, the outbound From): mail from them is kefu's own coming back. */
  ownAddresses: string[];
  limits?: InboundLimits;
}

export type InboundOutcome =
  | { outcome: 'created' | 'continued'; ticketId: number }
  | { outcome: 'duplicate'; ticketId: number | null }
  | { outcome: 'refused' | 'ignored'; reason: string };

/** Text the database can hold: a NUL or a lone surrogate would fail the transaction, and the sender retry for ever. */
function storable<T extends ParsedMail | { kind: 'refused' }>(mail: T): T {
  if (mail.kind !== 'mail') return mail;
  const clean = (s: string) =>
    s.replaceAll('\u0000', '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  const m = mail as ParsedMail;
  return { ...m, subject: clean(m.subject), text: clean(m.text), from: { ...m.from, name: m.from.name === null ? null : clean(m.from.name) } } as T;
}

/** A ticket number in a subject, as kefu writes it in its replies' subjects: `Re: [TS20261122-0042] …`. */
const NUMBER_IN_SUBJECT = /\[([A-Z]{1,4}\d{8}-\d{2,})\]/;

/**
 * One received message, end to end, in one transaction: refused (unparseable, too big) or ignored (a bounce, an
 * automatic reply, a list) with its reason and its bytes kept in quarantine; stored once however often it is
 * delivered (by its Message-ID, or its bytes' hash when it has none); otherwise a reply to kefu's mail (In-Reply-To
 * / References, or the ticket number in the subject when the sender is that ticket's customer) continues its ticket
 * — reopened if it waited on the shopper — and anything else opens a new e-mail ticket on the sender's customer file
 * (made if new), with the attachments kefu accepts. Nothing is half-written: it all commits or none does.
 */
export async function receiveMail(db: Db, raw: Buffer, envelope: SmtpEnvelope, options: InboundOptions): Promise<InboundOutcome> {
  const log = { envelope_from: envelope.from.slice(0, 320), remote_address: envelope.remoteAddress.slice(0, 64), size: raw.length };
  const parsed = storable(await parseInboundMail(raw, options.limits));
  if (parsed.kind === 'refused') {
    await db
      .insertInto('email_inbound')
      .values({ ...log, outcome: 'refused', reason: `${parsed.reason}: ${parsed.detail}`.slice(0, 500), raw })
      .execute();
    return { outcome: 'refused', reason: parsed.reason };
  }
  const seen = { from_address: parsed.from.address.slice(0, 320), subject: parsed.subject.slice(0, 500) };
  const screened = screenInboundMail(parsed, options.ownAddresses);
  if (!screened.accept) {
    await db
      .insertInto('email_inbound')
      .values({
        ...log,
        ...seen,
        message_id: parsed.messageId,
        outcome: 'ignored',
        reason: `${screened.reason}: ${screened.detail}`.slice(0, 500),
        raw,
      })
      .execute();
    return { outcome: 'ignored', reason: screened.reason };
  }
  const messageId = parsed.messageId?.slice(0, 900) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const sender = identityKey('email', parsed.from.address);
  return db.transaction().execute(async (tx) => {
    // The message's lock (a delivery repeated at once waits, then finds it stored) and the sender's, in one go.
    // Prepared (few texts, run for every mail): planning them cost PostgreSQL more than running them.
    await executePrepared(
      tx,
      sql`select pg_advisory_xact_lock(hashtext(${`email-in:${messageId}`}))${sender ? sql`, ${sender.lock}` : sql``}`.compile(tx),
    );
    const { rows } = await executePrepared(
      tx,
      sql<{ known: number | null; customer: number | null }>`select
        (select ticket_id from email_threads where message_id = ${messageId} and direction = 'in') as known,
        (select customer_id from customer_identities where kind = 'email' and value = ${sender?.value ?? null}) as customer`.compile(tx),
    );
    const { known, customer } = rows[0]!;
    if (known !== null) {
      await tx
        .insertInto('email_inbound')
        .values({ ...log, ...seen, message_id: messageId, outcome: 'duplicate', ticket_id: known })
        .execute();
      return { outcome: 'duplicate', ticketId: known };
    }
    const customerId = sender ? await customerOfLockedIdentity(tx, sender, parsed.from.name, customer) : null;
    const thread = await threadOf(tx, parsed, customerId);
    const ticketId = thread ?? (await openTicket(tx, parsed, customerId));
    if (thread) {
      await customerWroteOn(tx, ticketId, {
        channel: 'email',
        from: parsed.from.address,
        subject: parsed.subject,
        body: parsed.text || '（无正文）',
      });
    }
    await attachAll(tx, ticketId, parsed);
    const outcome = thread ? 'continued' : 'created';
    await executePrepared(
      tx,
      tx
        .with('thread', (w) => w.insertInto('email_threads').values({ message_id: messageId, ticket_id: ticketId, direction: 'in' }))
        .insertInto('email_inbound')
        .values({ ...log, ...seen, message_id: messageId, outcome, ticket_id: ticketId })
        .compile(),
    );
    return { outcome, ticketId };
  });
}

/**
 * The ticket a message continues: the newest one any of its In-Reply-To / References names (kefu's Message-IDs are
 * unguessable, so holding one shows the sender got that mail), else the ticket whose number the subject carries
 * when the sender is that ticket's customer (a number alone is guessable). A closed ticket is not continued.
 */
async function threadOf(tx: Tx, mail: ParsedMail, customerId: number | null): Promise<number | null> {
  const ids = [mail.inReplyTo, ...mail.references].filter((id): id is string => !!id).slice(0, 50);
  if (ids.length) {
    const hit = await tx
      .selectFrom('email_threads as t')
      .innerJoin('tickets', 'tickets.id', 't.ticket_id')
      .select('t.ticket_id')
      .where('t.message_id', 'in', ids)
      .where('tickets.status', '!=', 'closed')
      .orderBy('t.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (hit) return hit.ticket_id;
  }
  const number = NUMBER_IN_SUBJECT.exec(mail.subject)?.[1];
  if (!number || customerId === null) return null;
  const ticket = await tx
    .selectFrom('tickets')
    .select('id')
    .where('number', '=', number)
    .where('customer_id', '=', customerId)
    .where('status', '!=', 'closed')
    .executeTakeFirst();
  return ticket?.id ?? null;
}

function openTicket(tx: Tx, mail: ParsedMail, customerId: number | null): Promise<number> {
  return openInboundTicket(tx, { channel: 'email', subject: mail.subject.trim() || '（无主题邮件）', body: mail.text, customerId });
}

/** The attachments of types kefu accepts, each on the ticket; the others are named on the timeline, not stored. */
async function attachAll(tx: Tx, ticketId: number, mail: ParsedMail): Promise<void> {
  const skipped: string[] = [];
  for (const file of mail.attachments) {
    if (file.size === 0 || checkAttachment(file.filename, file.contentType)) skipped.push(file.filename);
    else await attachFile(tx, null, ticketId, { filename: file.filename, contentType: file.contentType, data: file.content });
  }
  if (skipped.length) {
    await writeTimelineEntry(tx, ticketId, null, {
      kind: 'customer_message',
      data: { channel: 'email', from: mail.from.address, skippedAttachments: skipped.slice(0, 20) },
      body: `邮件附件未保存（类型不允许）：${skipped.slice(0, 20).join('、')}`,
    });
  }
}

/** Quarantined and logged messages older than 14 days lose their bytes; log rows older than 90 days go. */
export async function pruneInbound(db: Db): Promise<void> {
  await db
    .updateTable('email_inbound')
    .set({ raw: null })
    .where('raw', 'is not', null)
    .where('received_at', '<', sql<Date>`now() - interval '14 days'`)
    .execute();
  await db
    .deleteFrom('email_inbound')
    .where('received_at', '<', sql<Date>`now() - interval '90 days'`)
    .execute();
}
