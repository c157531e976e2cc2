import { maskPhone } from '@kefu/domain';
import type { EmailInboundQuery, SmsMessageQuery, SmsReplyQuery } from '@kefu/protocol/api/channels';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { MARKETPLACES } from './marketplace/contract.ts';
import type { MarketplaceInbox } from './marketplace/receive.ts';

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
export async function channelsOverview(ctx: AppContext, emailInPort: number | null, inbox: MarketplaceInbox) {
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
  const marketplaces = await marketplacesOverview(ctx, inbox);
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
    marketplaces,
  };
}

const DELIVERY = { taobao: 'poll', jd: 'push', pdd: 'socket' } as const;

async function marketplacesOverview(ctx: AppContext, inbox: MarketplaceInbox) {
  const c = ctx.config;
  const appKeys = { taobao: c.TAOBAO_APP_KEY, jd: c.JD_APP_KEY, pdd: c.PDD_CLIENT_ID };
  const [received, outbound] = await Promise.all([
    ctx.db
      .selectFrom('im_inbound')
      .select(['platform', sql<number>`count(*)::int`.as('messages'), sql<number>`count(distinct conversation_id)::int`.as('conversations')])
      .where('received_at', '>', DAY)
      .groupBy('platform')
      .execute(),
    ctx.db
      .selectFrom('im_outbound as o')
      .innerJoin('conversations as cv', 'cv.id', 'o.conversation_id')
      .select([
        'o.platform',
        sql<number>`count(*)::int`.as('waiting'),
        sql<number>`count(o.last_error)::int`.as('retrying'),
        sql<string | null>`max(o.last_error)`.as('last_error'),
      ])
      .whereRef('cv.last_seq', '>', 'o.sent_seq')
      .groupBy('o.platform')
      .execute(),
  ]);
  return MARKETPLACES.map((platform) => {
    const on = Boolean(ctx.marketplaces?.[platform]);
    const health = inbox.healthOf(platform);
    const day = received.find((r) => r.platform === platform);
    const out = outbound.find((r) => r.platform === platform);
    return {
      platform,
      health: !on
        ? ('off' as const)
        : health.connected === false
          ? ('failing' as const)
          : day || health.lastReceivedAt
            ? ('ok' as const)
            : ('new' as const),
      delivery: DELIVERY[platform],
      appKey: appKeys[platform] ?? null,
      connected: on ? health.connected : null,
      detail: health.detail,
      sinceStart: { received: health.received, duplicates: health.duplicates, refused: health.refused },
      lastReceivedAt: health.lastReceivedAt,
      lastRefusal: health.lastRefusal,
      last24h: { messages: day?.messages ?? 0, conversations: day?.conversations ?? 0 },
      outbound: { waiting: out?.waiting ?? 0, retrying: out?.retrying ?? 0, lastError: out?.last_error ?? null },
    };
  });
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
