import { MARKETING_PURPOSES, outreachSendAt, type QuietHours } from '@kefu/domain';
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { OutreachSendsTable } from '../db/schema/outreach.ts';

/**
 * The one way kefu contacts a shopper first (DOMAIN §7): order news, care greetings, surveys, follow-ups and review
 * invitations all queue here. Queuing decides — in the caller's transaction — whether and when the send goes out
 * and on which channel; the `outreach.deliver` job (deliver.ts) sends it. Every decision is logged in
 * `outreach_sends`, skips included, and a (customer, dedupe key) is decided once.
 */

export type OutreachPurpose = 'notification' | 'care' | 'survey' | 'follow_up' | 'review_invite';
export type OutreachChannel = 'chat' | 'email' | 'sms';
export interface OutreachRequest {
  customerId: number;
  purpose: OutreachPurpose;
  /** e.g. 'order.shipped', 'care.birthday' — logged. */
  templateKey: string;
  /** Rendered (the e-mail subject). */
  title: string;
  /** Rendered text. */
  body: string;
  /** e.g. a survey URL. */
  link?: string | null;
  /** Unique per customer: the same key again → skipped 'duplicate'. */
  dedupeKey: string;
  caseRef?: { kind: string; id: number } | null;
  /** Preference, and the only channels tried; default: the channel the customer last used, then chat, email, sms. */
  channels?: OutreachChannel[];
  /** A scheduled send. */
  notBefore?: Date;
}
export type OutreachSkipReason = 'opted_out' | 'no_channel' | 'duplicate' | 'frequency_cap';
export type OutreachResult =
  { outcome: 'queued'; id: number; channel: OutreachChannel; sendAt: Date } | { outcome: 'skipped'; reason: OutreachSkipReason };

export interface OutreachRules {
  quiet: QuietHours;
  /** At most `capCount` marketing sends per customer in `capDays` days. */
  capCount: number;
  capDays: number;
}

const CHUNK = 5000;
const DAY = 86_400_000;
const DEFAULT_ORDER: readonly OutreachChannel[] = ['chat', 'email', 'sms'];

export async function outreachRules(db: Db | Tx): Promise<OutreachRules> {
  const s = await db.selectFrom('outreach_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { quiet: { startMinute: s.quiet_start, endMinute: s.quiet_end }, capCount: s.cap_count, capDays: s.cap_days };
}

export async function queueOutreach(tx: Tx, req: OutreachRequest, now = new Date()): Promise<OutreachResult> {
  return (await queueOutreachMany(tx, [req], now))[0]!;
}

/** Set-based: a holiday greeting to a million customers queues in a few statements per 5,000 requests. */
export async function queueOutreachMany(tx: Tx, reqs: readonly OutreachRequest[], now = new Date()): Promise<OutreachResult[]> {
  const rules = await outreachRules(tx);
  const results: OutreachResult[] = [];
  for (let i = 0; i < reqs.length; i += CHUNK) results.push(...(await queueChunk(tx, reqs.slice(i, i + CHUNK), rules, now)));
  return results;
}

/** What the queue needs to know of each customer to decide. */
interface Reach {
  has_email: boolean;
  has_phone: boolean;
  last_chat: Date | null;
  last_email: Date | null;
  opt_outs: string[];
  recent_marketing: number;
}

const recentSince = (rules: OutreachRules, now: Date) => new Date(now.getTime() - rules.capDays * DAY);

/** The reach of a batch's customers, looked up per customer through the indexes (a few thousand at most). */
async function reachOf(tx: Tx, ids: number[], rules: OutreachRules, now: Date, marketing: boolean): Promise<(Reach & { id: number })[]> {
  // Only marketing is capped: a batch of notifications or surveys does not count the customers' recent sends.
  const recent = marketing
    ? sql`(select count(*)::int from outreach_sends s where s.customer_id = c.id and s.state in ('queued', 'sent')
        and s.purpose in ('care', 'review_invite') and s.send_at > ${recentSince(rules, now)}::timestamptz)`
    : sql`0`;
  const { rows } = await sql<Reach & { id: number }>`
    select c.id,
      exists (select 1 from customer_identities i where i.customer_id = c.id and i.kind = 'email') as has_email,
      exists (select 1 from customer_identities i where i.customer_id = c.id and i.kind = 'phone') as has_phone,
      (select v.created_at from conversations v where v.customer_id = c.id order by v.created_at desc limit 1) as last_chat,
      (select max(t.created_at) from tickets t where t.customer_id = c.id and t.channel = 'email') as last_email,
      coalesce((select array_agg(o.scope) from outreach_opt_outs o where o.customer_id = c.id), '{}') as opt_outs,
      ${recent} as recent_marketing
    from customers c where c.id = any(${ids}::int[])`.execute(tx);
  return rows;
}

/**
 * The same for a whole set (a query with `customer_id`: a holiday's million), each source aggregated once for the set
 * instead of looked up per customer. Hash joins only: the log and the codes grew in this transaction unseen by the
 * statistics, and a nested loop planned for "one row" there would read the whole set once per row.
 */
async function reachOfAll(
  tx: Tx,
  customers: RawBuilder<{ customer_id: number }>,
  rules: OutreachRules,
  now: Date,
  marketing: boolean,
): Promise<(Reach & { id: number })[]> {
  const recent = marketing
    ? sql`select s.customer_id, count(*)::int as n from outreach_sends s
        where s.customer_id in (select customer_id from ids) and s.state in ('queued', 'sent')
          and s.purpose in ('care', 'review_invite') and s.send_at > ${recentSince(rules, now)}::timestamptz
        group by s.customer_id`
    : sql`select null::int as customer_id, 0 as n where false`;
  const before = await sql<{ was: string }>`select current_setting('enable_nestloop') as was`.execute(tx);
  await sql`select set_config('enable_nestloop', 'off', true)`.execute(tx);
  const { rows } = await sql<Reach & { id: number }>`
    with ids as not materialized (${customers})
    select c.id, coalesce(i.has_email, false) as has_email, coalesce(i.has_phone, false) as has_phone,
      v.last_chat, t.last_email, coalesce(o.opt_outs, '{}') as opt_outs, coalesce(m.n, 0) as recent_marketing
    from customers c
    left join (
      select customer_id, bool_or(kind = 'email') as has_email, bool_or(kind = 'phone') as has_phone from customer_identities
      where kind in ('email', 'phone') and customer_id in (select customer_id from ids) group by customer_id
    ) i on i.customer_id = c.id
    left join (
      select customer_id, max(created_at) as last_chat from conversations
      where customer_id in (select customer_id from ids) group by customer_id
    ) v on v.customer_id = c.id
    left join (
      select customer_id, max(created_at) as last_email from tickets
      where channel = 'email' and customer_id in (select customer_id from ids) group by customer_id
    ) t on t.customer_id = c.id
    left join (
      select customer_id, array_agg(scope) as opt_outs from outreach_opt_outs
      where customer_id in (select customer_id from ids) group by customer_id
    ) o on o.customer_id = c.id
    left join (${recent}) m on m.customer_id = c.id
    where c.id in (select customer_id from ids)`.execute(tx);
  await sql`select set_config('enable_nestloop', ${before.rows[0]!.was}, true)`.execute(tx);
  return rows;
}

/** The channels to try, best first: the one the shopper last used, then chat, e-mail, SMS. */
export function channelOrder(reach: Pick<Reach, 'last_chat' | 'last_email'>, wanted?: readonly OutreachChannel[]): OutreachChannel[] {
  if (wanted?.length) return [...new Set(wanted)];
  const emailLast = reach.last_email && (!reach.last_chat || reach.last_email > reach.last_chat);
  return emailLast ? ['email', ...DEFAULT_ORDER.filter((c) => c !== 'email')] : [...DEFAULT_ORDER];
}

const reachable = (reach: Reach, channel: OutreachChannel) =>
  channel === 'chat' ? reach.last_chat !== null : channel === 'email' ? reach.has_email : reach.has_phone;

type Decision = { state: 'queued'; channel: OutreachChannel; sendAt: Date } | { state: 'skipped'; reason: Exclude<OutreachSkipReason, 'duplicate'> };

/** The one place a send is decided: queueOutreachMany and queueOutreachToAll both come here. */
function decide(
  req: Pick<OutreachRequest, 'purpose' | 'channels' | 'notBefore'>,
  reach: Reach,
  marketingSoFar: number,
  rules: OutreachRules,
  now: Date,
): Decision {
  const marketing = MARKETING_PURPOSES.includes(req.purpose);
  const candidates = channelOrder(reach, req.channels).filter((c) => reachable(reach, c));
  if (!candidates.length) return { state: 'skipped', reason: 'no_channel' };
  if (marketing && reach.opt_outs.includes('marketing')) return { state: 'skipped', reason: 'opted_out' };
  const channel = candidates.find((c) => !reach.opt_outs.includes(c));
  if (!channel) return { state: 'skipped', reason: 'opted_out' };
  if (marketing && marketingSoFar >= rules.capCount) return { state: 'skipped', reason: 'frequency_cap' };
  const wanted = req.notBefore && req.notBefore > now ? req.notBefore : now;
  return { state: 'queued', channel, sendAt: outreachSendAt(req.purpose, wanted, rules.quiet) };
}

/** A row as the chunk's insert takes it (next_attempt_at starts at send_at; the rest are the table's defaults). */
type Row = Required<Omit<Insertable<OutreachSendsTable>, 'id' | 'next_attempt_at' | 'sent_at' | 'attempts' | 'created_at'>>;

const keyOf = (customerId: number, dedupeKey: string) => `${customerId}\u0000${dedupeKey}`;

async function queueChunk(tx: Tx, reqs: readonly OutreachRequest[], rules: OutreachRules, now: Date): Promise<OutreachResult[]> {
  const ids = [...new Set(reqs.map((r) => r.customerId))];
  // The log grows inside this transaction, unseen by the planner's statistics (a fresh shop's holiday greeting): without
  // this it would scan the whole log for each customer instead of using the (customer, dedupe key) index.
  const before = await sql<{ was: string }>`select current_setting('enable_seqscan') as was`.execute(tx);
  await sql`select set_config('enable_seqscan', 'off', true)`.execute(tx);
  const marketing = reqs.some((r) => MARKETING_PURPOSES.includes(r.purpose));
  const reachRows = await reachOf(tx, ids, rules, now, marketing);
  const reach = new Map(reachRows.map((r) => [r.id, r]));
  const { rows: taken } = await sql<{ customer_id: number; dedupe_key: string }>`
    select customer_id, dedupe_key from outreach_sends
    where customer_id = any(${ids}::int[]) and dedupe_key = any(${[...new Set(reqs.map((r) => r.dedupeKey))]}::text[])`.execute(tx);
  await sql`select set_config('enable_seqscan', ${before.rows[0]!.was}, true)`.execute(tx);
  const seen = new Set(taken.map((t) => keyOf(t.customer_id, t.dedupe_key)));
  const marketingCount = new Map<number, number>();

  const results: (OutreachResult | null)[] = [];
  const rows: Row[] = [];
  const rowIndex = new Map<string, number>();
  for (const req of reqs) {
    const key = keyOf(req.customerId, req.dedupeKey);
    const r = reach.get(req.customerId);
    if (seen.has(key)) {
      results.push({ outcome: 'skipped', reason: 'duplicate' });
      continue;
    }
    seen.add(key);
    if (!r) {
      // No such customer: nothing to log a row against.
      results.push({ outcome: 'skipped', reason: 'no_channel' });
      continue;
    }
    const soFar = marketingCount.get(req.customerId) ?? r.recent_marketing;
    const d = decide(req, r, soFar, rules, now);
    if (d.state === 'queued' && MARKETING_PURPOSES.includes(req.purpose)) marketingCount.set(req.customerId, soFar + 1);
    results.push(d.state === 'queued' ? null : { outcome: 'skipped', reason: d.reason });
    rowIndex.set(key, results.length - 1);
    const at = d.state === 'queued' ? d.sendAt : now;
    rows.push({
      customer_id: req.customerId,
      purpose: req.purpose,
      channel: d.state === 'queued' ? d.channel : null,
      state: d.state,
      template_key: req.templateKey,
      title: req.title,
      body: req.body,
      link: req.link ?? null,
      dedupe_key: req.dedupeKey,
      case_kind: req.caseRef?.kind ?? null,
      case_id: req.caseRef?.id ?? null,
      send_at: at.toISOString(),
      reason: d.state === 'skipped' ? d.reason : null,
    });
  }
  if (!rows.length) return results as OutreachResult[];

  // One statement for the chunk (a column array each); a duplicate committed meanwhile by another transaction loses on the unique index.
  const col = <K extends keyof Row>(k: K) => rows.map((r) => r[k]);
  const { rows: inserted } = await sql<{ id: number; customer_id: number; dedupe_key: string; channel: OutreachChannel | null; send_at: Date }>`
    insert into outreach_sends (customer_id, purpose, channel, state, template_key, title, body, link, dedupe_key, case_kind, case_id, send_at, next_attempt_at, reason)
    select r.customer_id, r.purpose, r.channel, r.state, r.template_key, r.title, r.body, r.link, r.dedupe_key, r.case_kind, r.case_id,
      r.send_at, r.send_at, r.reason
    from unnest(${col('customer_id')}::int[], ${col('purpose')}::text[], ${col('channel')}::text[], ${col('state')}::text[],
      ${col('template_key')}::text[], ${col('title')}::text[], ${col('body')}::text[], ${col('link')}::text[], ${col('dedupe_key')}::text[],
      ${col('case_kind')}::text[], ${col('case_id')}::int[], ${col('send_at')}::timestamptz[], ${col('reason')}::text[])
      as r(customer_id, purpose, channel, state, template_key, title, body, link, dedupe_key, case_kind, case_id, send_at, reason)
    on conflict (customer_id, dedupe_key) do nothing
    returning id, customer_id, dedupe_key, channel, send_at`.execute(tx);
  const won = new Set<number>();
  for (const row of inserted) {
    const index = rowIndex.get(keyOf(row.customer_id, row.dedupe_key))!;
    won.add(index);
    if (results[index] === null) results[index] = { outcome: 'queued', id: row.id, channel: row.channel!, sendAt: new Date(row.send_at) };
  }
  for (const index of rowIndex.values()) if (!won.has(index)) results[index] = { outcome: 'skipped', reason: 'duplicate' };
  return results as OutreachResult[];
}

/** One send to each of a set of customers, its text rendered in SQL (a care campaign's greeting to everyone due). */
export interface BulkOutreach {
  /** Who: a query with `customer_id`, cheap to read more than once (a table). */
  customers: RawBuilder<{ customer_id: number }>;
  /** What: `customer_id` and its rendered `title` and `body`, for each of them. */
  texts: RawBuilder<{ customer_id: number; title: string; body: string }>;
  purpose: OutreachPurpose;
  templateKey: string;
  dedupeKey: string;
  caseRef?: { kind: string; id: number } | null;
  /**
   * None of these sends was logged before (a run nobody started): one plain insert, and a send logged meanwhile fails
   * it on the unique index. Otherwise a (customer, dedupe key) already logged is skipped as a duplicate, row by row.
   */
  fresh?: boolean;
}

/**
 * Set-based queueing for a whole set at once: the reach of all recipients in one statement, decided here in
 * decide() like every other send, and logged in one insert that takes the text from `texts` instead of
 * shipping a million rendered greetings through the server. A (customer, dedupe key) already logged is a duplicate.
 */
export async function queueOutreachToAll(tx: Tx, bulk: BulkOutreach, now = new Date()): Promise<{ queued: number; skipped: number }> {
  const rules = await outreachRules(tx);
  const marketing = MARKETING_PURPOSES.includes(bulk.purpose);
  const reach = await reachOfAll(tx, bulk.customers, rules, now, marketing);
  if (!reach.length) return { queued: 0, skipped: 0 };
  const ids: number[] = [];
  // One word per customer: the channel it is queued on, or why it is skipped.
  const outcomes: string[] = [];
  // The same for everyone queued: one purpose, requested now.
  let sendAt = now;
  for (const r of reach) {
    const d = decide(bulk, r, r.recent_marketing, rules, now);
    ids.push(r.id);
    outcomes.push(d.state === 'queued' ? d.channel : d.reason);
    if (d.state === 'queued') sendAt = d.sendAt;
  }
  const channels: readonly OutreachChannel[] = DEFAULT_ORDER;
  const decided = sql`decided as (
      select d.customer_id, d.outcome = any(${channels}::text[]) as queued, d.outcome
      from unnest(${ids}::int[], ${outcomes}::text[]) as d(customer_id, outcome))`;
  const log = sql`
    insert into outreach_sends (customer_id, purpose, channel, state, template_key, title, body, dedupe_key, case_kind, case_id, send_at, next_attempt_at, reason)
    select d.customer_id, ${bulk.purpose}, case when d.queued then d.outcome end, case when d.queued then 'queued' else 'skipped' end,
      ${bulk.templateKey}, r.title, r.body, ${bulk.dedupeKey}, ${bulk.caseRef?.kind ?? null}::text, ${bulk.caseRef?.id ?? null}::int,
      case when d.queued then ${sendAt}::timestamptz else ${now}::timestamptz end,
      case when d.queued then ${sendAt}::timestamptz else ${now}::timestamptz end,
      case when d.queued then null else d.outcome end
    from decided d join (${bulk.texts}) r on r.customer_id = d.customer_id`;
  let queued: number;
  if (bulk.fresh) {
    await sql`with ${decided} ${log}`.execute(tx);
    queued = outcomes.filter((o) => (channels as readonly string[]).includes(o)).length;
  } else {
    const { rows } = await sql<{ queued: number }>`
      with ${decided}, inserted as (${log} on conflict (customer_id, dedupe_key) do nothing returning state)
      select count(*) filter (where state = 'queued')::int as queued from inserted`.execute(tx);
    queued = rows[0]?.queued ?? 0;
  }
  return { queued, skipped: reach.length - queued };
}
