import { maskPhone } from '@kefu/domain';
import type { EmailInboundQuery, SmsMessageQuery, SmsReplyQuery } from '@kefu/protocol/api/channels';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../http/errors.ts';

const DAY = sql<Date>`now() - interval '24 hours'`;

/** Counts of a log's rows in the last 24 hours by one column, every key present. */
async function countsOf<K extends string>(
  db: Db,
  table: 'email_inbound' | 'sms_messages' | 'sms_inbound',
  column: string,
  at: string,
  keys: readonly K[],
) {
  const rows = await db
    .selectFrom(table)
    .select([sql<string>`${sql.ref(column)}`.as('key'), sql<number>`count(*)::int`.as('n')])
    .where(sql.ref(at), '>', DAY)
    .groupBy(sql.ref(column))
    .execute();
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const r of rows) if ((keys as readonly string[]).includes(r.key)) counts[r.key as K] = r.n;
  return counts;
}

/** What the channels page shows: each channel's settings (never its secrets), health and the last day's figures. */
export async function channelsOverview(ctx: AppContext, emailInPort: number | null) {
  const c = ctx.config;
  const [inbound, lastMail, outPending, outFailed, texts, replies, lastText] = await Promise.all([
    countsOf(ctx.db, 'email_inbound', 'outcome', 'received_at', ['created', 'continued', 'duplicate', 'refused', 'ignored'] as const),
    ctx.db.selectFrom('email_inbound').select('received_at').orderBy('id', 'desc').limit(1).executeTakeFirst(),
    ctx.db
      .selectFrom('email_outbox')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('email_outbox')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '=', 'failed')
      .where('created_at', '>', DAY)
      .executeTakeFirstOrThrow(),
    countsOf(ctx.db, 'sms_messages', 'status', 'created_at', ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] as const),
    countsOf(ctx.db, 'sms_inbound', 'outcome', 'received_at', ['created', 'continued', 'opted_out', 'ignored'] as const),
    ctx.db
      .selectFrom('sms_messages')
      .select(['status', 'error', 'sent_at', 'created_at'])
      .where('status', '!=', 'queued')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const smsOn = Boolean(ctx.sms);
  const lastFailed = lastText?.status === 'failed';
  return {
    email: {
      health: emailInPort === null ? ('off' as const) : lastMail ? ('ok' as const) : ('new' as const),
      inbound: {
        port: emailInPort,
        addresses: c.EMAIL_IN_ADDRESSES,
        maxMb: c.EMAIL_IN_MAX_MB,
        perSenderPerMinute: c.EMAIL_IN_PER_SENDER_PER_MINUTE,
        lastReceivedAt: lastMail?.received_at ?? null,
        last24h: inbound,
      },
      outbound: { enabled: Boolean(c.SMTP_URL), from: c.MAIL_FROM, pending: outPending.n, failed24h: outFailed.n },
    },
    sms: {
      health: !smsOn ? ('off' as const) : !lastText ? ('new' as const) : lastFailed ? ('failing' as const) : ('ok' as const),
      provider: c.SMS_PROVIDER,
      signName: c.SMS_SIGN_NAME ?? null,
      templates: {
        verification: c.SMS_TEMPLATE_VERIFICATION ?? null,
        notice: c.SMS_TEMPLATE_NOTICE ?? null,
        reply: c.SMS_TEMPLATE_REPLY ?? c.SMS_TEMPLATE_NOTICE ?? null,
      },
      callbacks: Boolean(c.SMS_CALLBACK_TOKEN),
      lastSentAt: lastText?.sent_at ?? null,
      lastError: lastFailed ? lastText.error : null,
      last24h: {
        queued: texts.queued,
        sent: texts.sent + texts.sending,
        delivered: texts.delivered,
        undelivered: texts.undelivered,
        failed: texts.failed,
        replies: replies.created + replies.continued + replies.ignored + replies.opted_out,
        optOuts: replies.opted_out,
      },
    },
  };
}

const nextBefore = <T extends { id: number }>(rows: T[], limit: number) => (rows.length === limit ? rows.at(-1)!.id : null);

export async function emailInboundLog(db: Db, q: z.output<typeof EmailInboundQuery>) {
  let page = db
    .selectFrom('email_inbound')
    .select([
      'id',
      'received_at',
      'from_address',
      'envelope_from',
      'subject',
      'outcome',
      'reason',
      'ticket_id',
      'size',
      sql<boolean>`raw is not null`.as('quarantined'),
    ]);
  if (q.outcome) page = page.where('outcome', '=', q.outcome);
  if (q.before) page = page.where('id', '<', q.before);
  const rows = await page.orderBy('id', 'desc').limit(q.limit).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      from: r.from_address,
      envelopeFrom: r.envelope_from,
      subject: r.subject,
      outcome: r.outcome as (typeof q)['outcome'] & string,
      reason: r.reason,
      ticketId: r.ticket_id,
      size: r.size,
      quarantined: r.quarantined,
    })),
    nextBefore: nextBefore(rows, q.limit),
  };
}

/** A quarantined message's bytes, to open in a mail program (never shown in the page: it may be anything). */
export async function quarantinedMail(db: Db, id: number): Promise<Buffer> {
  const row = await db.selectFrom('email_inbound').select('raw').where('id', '=', id).executeTakeFirst();
  if (!row?.raw) throw notFound('quarantined mail');
  return row.raw;
}

export async function smsMessageLog(db: Db, q: z.output<typeof SmsMessageQuery>) {
  let page = db
    .selectFrom('sms_messages')
    .select(['id', 'created_at', 'phone', 'kind', 'text', 'status', 'attempts', 'error', 'ticket_id', 'sent_at', 'reported_at']);
  if (q.status) page = page.where('status', '=', q.status);
  if (q.before) page = page.where('id', '<', q.before);
  const rows = await page.orderBy('id', 'desc').limit(q.limit).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      phone: maskPhone(r.phone),
      kind: r.kind,
      text: r.text,
      status: r.status,
      attempts: r.attempts,
      error: r.error,
      ticketId: r.ticket_id,
      sentAt: r.sent_at,
      reportedAt: r.reported_at,
    })),
    nextBefore: nextBefore(rows, q.limit),
  };
}

export async function smsReplyLog(db: Db, q: z.output<typeof SmsReplyQuery>) {
  let page = db.selectFrom('sms_inbound').select(['id', 'received_at', 'phone', 'content', 'outcome', 'reason', 'ticket_id']);
  if (q.before) page = page.where('id', '<', q.before);
  const rows = await page.orderBy('id', 'desc').limit(q.limit).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      phone: maskPhone(r.phone),
      content: r.content,
      outcome: r.outcome,
      reason: r.reason,
      ticketId: r.ticket_id,
    })),
    nextBefore: nextBefore(rows, q.limit),
  };
}
