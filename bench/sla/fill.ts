/**
 * The database for the service-level benchmark, filled set-based (INSERT … SELECT generate_series) from the
 * orchestrator: people and customers, open and closed tickets, a million running clocks due from one hour to
 * eight days ahead (tickets' first response and resolution, after-sales reviews on tickets, orders, chats), and
 * then — last, so that its minute starts a fixed time after the fill ends — the burst: first-response clocks on
 * `burst` open tickets, all falling due within the same minute. Afterwards, what the sweep did to them.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { summarize, type LatencySummary } from '../chat/load.ts';

export interface Reference {
  agentIds: number[];
  groupIds: number[];
  customerIds: number[];
  /** default policy ids by name, and the bench's own (disabled) policy that raises priority and reassigns */
  policies: { critical: number; complaint: number; problemOrder: number; afterSale: number; fallback: number; reassign: number };
}

export interface FillSizes {
  /** running clocks in all, burst included */
  clocks: number;
  burst: number;
  openTickets: number;
  closedTickets: number;
  agents: number;
  customers: number;
}

const rows = async <T>(q: RawBuilder<T>, db: Db) => (await q.execute(db)).rows;

export async function prepareReference(db: Db, sizes: FillSizes): Promise<Reference> {
  await migrateToLatest(db);
  const groups = await rows(sql<{ id: number }>`insert into skill_groups (name) values ('售前'), ('售后'), ('VIP') returning id`, db);
  const agents = await rows(
    sql<{ id: number }>`insert into users (username, display_name, role, password_hash)
      select 'sla-agent-' || g, '压测客服' || g, 'agent', 'bench-no-login' from generate_series(1, ${sizes.agents}::int) g order by g returning id`,
    db,
  );
  await sql`insert into users (username, display_name, role, password_hash) values ('sla-supervisor', '压测主管', 'supervisor', 'bench-no-login')`.execute(
    db,
  );
  const customers = await rows(
    sql<{ id: number }>`insert into customers (name, segment)
      select '压测顾客' || g, (array['vip', 'high_value', 'at_risk', 'new', 'regular', 'regular'])[1 + g % 6]
      from generate_series(1, ${sizes.customers}::int) g order by g returning id`,
    db,
  );
  const policy = Object.fromEntries(
    (await rows(sql<{ id: number; name: string }>`select id, name from sla_policies`, db)).map((p) => [p.name, p.id]),
  ) as Record<string, number>;
  // A clock keeps its policy's breach actions: this one (never matching new work: disabled) reassigns to VIP.
  const [reassign] = await rows(
    sql<{ id: number }>`insert into sla_policies (name, enabled, position, match, hours, pause_on_customer, warn_at_percent, targets, on_breach)
      select '压测·超时升级并转组', false, 1000, match, hours, true, 80, ${JSON.stringify({ first_response: { within: 30, unit: 'minutes' } })}::jsonb,
        ${JSON.stringify({ raisePriority: true, reassign: { groupId: groups[2]!.id } })}::jsonb
      from sla_policies where name = '默认' returning id`,
    db,
  );
  const need = (name: string) => {
    if (!policy[name]) throw new Error(`no default policy ${name}: the defaults changed, adjust bench/sla/fill.ts`);
    return policy[name];
  };
  return {
    agentIds: agents.map((a) => a.id),
    groupIds: groups.map((g) => g.id),
    customerIds: customers.map((c) => c.id),
    policies: {
      critical: need('紧急投诉'),
      complaint: need('投诉'),
      problemOrder: need('问题订单'),
      afterSale: need('售后'),
      fallback: need('默认'),
      reassign: reassign!.id,
    },
  };
}

const PREFIXES = sql.raw(`case t.type when 'complaint' then 'TS' when 'problem_order' then 'WT' when 'after_sale' then 'SH' else 'ZX' end`);

/** The policy that would have started a ticket clock of this metric, by the ticket's type (as policyFor picks). */
function ticketPolicy(ref: Reference, metric: 'first_response' | 'resolution') {
  const p = ref.policies;
  const afterSale = metric === 'first_response' ? p.afterSale : p.fallback; // 售后 sets no resolution target
  return sql`case when t.type = 'complaint' and t.severity = 'critical' then ${p.critical}::int when t.type = 'complaint' then ${p.complaint}::int
    when t.type = 'problem_order' then ${p.problemOrder}::int when t.type = 'after_sale' then ${afterSale}::int else ${p.fallback}::int end`;
}

type Sql = RawBuilder<unknown>;

/** `key`-spread times `period` seconds from an hour after `base`: every non-burst clock is due well after the run. */
const ahead = (base: Date, key: Sql, spread: number, period = 604_800) =>
  sql`(${base}::timestamptz + interval '1 hour' + ((${key} * ${spread}::bigint) % ${period}::bigint) * interval '1 second')`;
/** A ticket's own clocks (fill): resolution on every open ticket, first response on those outside the burst. */
const resolutionDue = (base: Date, id: Sql) => ahead(base, id, 7919);
const firstResponseDue = (base: Date, id: Sql) => ahead(base, id, 104_729, 86_400);

/**
 * Running clocks (started up to an hour before `base`; warned already when the warning time is less than an hour
 * away, so no warning fires during the run), one per row of `from`; `due`, `subject`, `ticket` and `policy` are
 * SQL over those rows, `key` a bigint that spreads the start times.
 */
function clocks(base: Date, from: Sql, key: Sql, due: Sql, kind: string, metric: string, subject: Sql, ticket: Sql, policy: Sql) {
  return sql`insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, policy_id, started_at, due_at, warn_at, total_ms, warned_at)
    select ${kind}, ${subject}, ${ticket}, ${metric}, ${policy}, x.s, x.d, x.w, (extract(epoch from x.d - x.s) * 1000)::bigint,
      case when x.w < ${base}::timestamptz + interval '1 hour' then x.w end
    from ${from}
    cross join lateral (select ${base}::timestamptz - ((${key} * 31) % 3600) * interval '1 second' as s, ${due} as d) x0
    cross join lateral (select x0.s, x0.d, x0.s + (x0.d - x0.s) * 0.8 as w) x`;
}

export interface FillResult {
  seconds: Record<string, number>;
  counts: { tickets: number; openTickets: number; clocks: number; ticketsWithDue: number; dueMismatchesInSample: number };
  /** clock rows inserted per second from a ticket query (to time the burst's insert) */
  clockRowsPerSecond: number;
}

/**
 * Tickets (with the earliest due time of the clocks about to be inserted: their due times are functions of the
 * ticket id and one base time), every running clock except the burst's, then VACUUM ANALYZE and a checkpoint.
 */
export async function fillBulk(db: Db, ref: Reference, sizes: FillSizes, log: (m: string) => void): Promise<FillResult> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    seconds[name] = Math.round((performance.now() - t) / 100) / 10;
    log(`  ${name}: ${seconds[name]} s`);
  };
  const base = new Date();
  const open = sizes.openTickets;
  const all = open + sizes.closedTickets;
  const burst = Math.min(sizes.burst, open);
  const id = sql`t.id::bigint`;
  await step(`tickets (${all.toLocaleString()})`, () =>
    sql`insert into tickets (id, number, type, status, priority, category, severity, subject, description, customer_id, assignee_id,
        group_id, channel, created_at, updated_at, solved_at, closed_at, sla_due_at)
      overriding system value
      select t.id, ${PREFIXES} || to_char(t.created_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(t.id::text, 7, '0'),
        t.type, t.status, (array['low', 'normal', 'normal', 'high'])[1 + (t.id * 11) % 4],
        (array['product_quality', 'logistics', 'service_attitude', 'after_sales_policy', 'payment', 'other'])[1 + (t.id * 7) % 6],
        case when t.type = 'complaint' then (case when t.id % 4 = 0 then 'critical' else 'major' end) end,
        '压测工单 #' || t.id || ' ' || (array['退款进度', '物流停滞', '尺码偏小', '质量问题', '发票抬头', '少发漏发'])[1 + t.id % 6], '',
        (${ref.customerIds}::int[])[1 + t.id % ${ref.customerIds.length}::int],
        case when t.status <> 'new' then (${ref.agentIds}::int[])[1 + t.id % ${ref.agentIds.length}::int] end,
        (${ref.groupIds}::int[])[1 + t.id % 3], (array['web', 'web', 'taobao', 'jd', 'pdd', 'email', 'phone'])[1 + t.id % 7],
        t.created_at, t.created_at + interval '10 minutes',
        case when t.status in ('solved', 'closed') then t.created_at + interval '1 day' end,
        case when t.status = 'closed' then t.created_at + interval '2 days' end,
        case when t.id <= ${open}::int then least(${resolutionDue(base, id)}, case when t.id > ${burst}::int then ${firstResponseDue(base, id)} end) end
      from (select g as id,
          case when (g * 37) % 100 < 20 then 'complaint' when (g * 37) % 100 < 35 then 'problem_order'
            when (g * 37) % 100 < 50 then 'after_sale' else 'consultation' end as type,
          case when g > ${open}::int then (array['solved', 'closed', 'closed'])[1 + g % 3]
            else (array['new', 'open', 'open', 'pending_internal'])[1 + (g * 3) % 4] end as status,
          case when g <= ${burst}::int then ${base}::timestamptz - interval '40 minutes'
            when g <= ${open}::int then ${base}::timestamptz - ((g * 13) % 720) * interval '1 hour'
            else ${base}::timestamptz - interval '31 days' - ((g * 13) % 8000) * interval '1 hour' end as created_at
        from generate_series(1, ${all}::int) g) t
      order by t.id`.execute(db),
  );
  await sql`select setval(pg_get_serial_sequence('tickets', 'id'), ${all}::int)`.execute(db);
  await step('ticket created events', () =>
    sql`insert into ticket_events (ticket_id, kind, data, at)
      select id, 'created', jsonb_build_object('type', type, 'status', 'new', 'number', number), created_at from tickets order by id`.execute(db),
  );
  const ticketId = sql`t.id`;
  await step('clocks: resolution on open tickets', () =>
    clocks(
      base,
      sql`(select * from tickets where id <= ${open}::int) t`,
      id,
      resolutionDue(base, id),
      'ticket',
      'resolution',
      ticketId,
      ticketId,
      ticketPolicy(ref, 'resolution'),
    ).execute(db),
  );
  const firstStarted = performance.now();
  await step('clocks: first response on the other open tickets', () =>
    clocks(
      base,
      sql`(select * from tickets where id > ${burst}::int and id <= ${open}::int) t`,
      id,
      firstResponseDue(base, id),
      'ticket',
      'first_response',
      ticketId,
      ticketId,
      ticketPolicy(ref, 'first_response'),
    ).execute(db),
  );
  const clockRowsPerSecond = (open - burst) / Math.max(0.001, (performance.now() - firstStarted) / 1000);
  const ticketClocks = open + (open - burst);
  const rest = Math.max(0, sizes.clocks - burst - ticketClocks);
  const share = (f: number) => Math.floor(rest * f);
  // After-sales reviews on open tickets fall due after their ticket's resolution: the ticket's earliest due stays.
  const afterSaleTicket = sql`(1 + (g * 31) % ${open}::bigint)`;
  const parts: [string, string, number, Sql, Sql, number][] = [
    [
      'after_sale',
      'aftersale_review',
      share(0.15),
      sql`${afterSaleTicket}::int`,
      sql`${resolutionDue(base, afterSaleTicket)} + interval '1 hour' + ((g * 15485863::bigint) % 604800) * interval '1 second'`,
      ref.policies.afterSale,
    ],
    ['conversation', 'chat_response', share(0.2), sql`null::int`, ahead(base, sql`g::bigint`, 15_485_863), ref.policies.fallback],
    ['order', 'order_confirm', share(0.15), sql`null::int`, ahead(base, sql`g::bigint`, 15_485_863), ref.policies.fallback],
  ];
  parts.push([
    'order',
    'order_ship',
    rest - parts.reduce((s, p) => s + p[2], 0),
    sql`null::int`,
    ahead(base, sql`g::bigint`, 7_368_787),
    ref.policies.fallback,
  ]);
  for (const [kind, metric, count, ticket, due, policy] of parts) {
    if (count <= 0) continue;
    await step(`clocks: ${metric} (${count.toLocaleString()})`, () =>
      clocks(base, sql`generate_series(1, ${count}::int) g`, sql`g::bigint`, due, kind, metric, sql`g`, ticket, sql`${policy}::int`).execute(db),
    );
  }
  await step('vacuum analyze', async () => {
    for (const table of ['tickets', 'ticket_events', 'sla_clocks', 'customers', 'users']) await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  });
  // The bulk load's WAL is written out now rather than by a checkpoint during the burst.
  await step('checkpoint', () => sql`checkpoint`.execute(db));
  // A sample of tickets: their sla_due_at is the earliest running clock's due time, as refreshTicketDue keeps it.
  const [mismatch] = await rows(
    sql<{ n: number }>`select count(*)::int as n from tickets t
      where t.id % 97 = 0 and t.sla_due_at is distinct from (select min(c.due_at) from sla_clocks c where c.ticket_id = t.id and c.state = 'running')`,
    db,
  );
  const [c] = await rows(
    sql<{ tickets: number; open: number; clocks: number; due: number }>`select
      (select count(*)::int from tickets) as tickets,
      (select count(*)::int from tickets where status not in ('solved', 'closed')) as open,
      (select count(*)::int from sla_clocks where state = 'running') as clocks,
      (select count(*)::int from tickets where sla_due_at is not null and status not in ('solved', 'closed')) as due`,
    db,
  );
  return {
    seconds,
    counts: { tickets: c!.tickets, openTickets: c!.open, clocks: c!.clocks, ticketsWithDue: c!.due, dueMismatchesInSample: mismatch!.n },
    clockRowsPerSecond,
  };
}

/**
 * The burst: a first-response clock on each of the first `burst` open tickets, due evenly over `spreadMs` from
 * `startAt` (5 min or 30 min after they started, by policy; warned already), `reassignPercent` % of them under
 * the bench's reassigning policy. Then ANALYZE, as autovacuum would. The tickets' `sla_due_at` is brought
 * forward afterwards (burstTicketsDue): updating 100,000 tickets takes long, and the sweep does not read it.
 */
export async function insertBurst(db: Db, ref: Reference, burst: number, startAt: Date, spreadMs: number, reassignPercent: number) {
  await sql`insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, policy_id, started_at, due_at, warn_at, total_ms, warned_at)
    select 'ticket', t.id, t.id, 'first_response',
      case when t.id % 100 < ${reassignPercent}::int then ${ref.policies.reassign}::int else ${ticketPolicy(ref, 'first_response')} end,
      x.d - x.target, x.d, x.d - x.target * 0.2, (extract(epoch from x.target) * 1000)::bigint, x.d - x.target * 0.2
    from tickets t
    cross join lateral (select ${startAt}::timestamptz + ((t.id - 1)::float8 * ${spreadMs}::float8 / ${burst}::float8) * interval '1 millisecond' as d,
      case when t.type = 'complaint' and t.severity = 'critical' and t.id % 100 >= ${reassignPercent}::int
        then interval '5 minutes' else interval '30 minutes' end as target) x
    where t.id <= ${burst}::int`.execute(db);
  await sql`analyze sla_clocks`.execute(db);
}

/** The burst tickets' earliest due time is now their first-response clock's (as startClocks would have set it). */
export async function burstTicketsDue(db: Db, burst: number): Promise<void> {
  await sql`update tickets t set sla_due_at = c.due_at from sla_clocks c
    where c.subject_kind = 'ticket' and c.metric = 'first_response' and c.subject_id = t.id and t.id <= ${burst}::int
      and c.state = 'running' and c.due_at < t.sla_due_at`.execute(db);
  await sql`vacuum analyze tickets`.execute(db);
}

export interface BurstCheck {
  due: number;
  breached: number;
  /** breached_at − due_at (the time the sweep run that took the clock started), ms */
  markedMs: LatencySummary;
  /** clocks breached that were not in the burst (should be 0: nothing else falls due during the run) */
  breachedOutsideBurst: number;
  events: { rows: number; clocks: number; outsideBurst: number };
  timeline: { rows: number; clocks: number; expected: number; priorityRaised: number; reassigned: number };
}

export async function checkBurst(db: Db, startAt: Date, endAt: Date): Promise<BurstCheck> {
  const burst = await rows(
    sql<{ ms: number | null; ticket: boolean }>`select extract(epoch from breached_at - due_at)::float8 * 1000 as ms, ticket_id is not null as ticket
      from sla_clocks where due_at >= ${startAt} and due_at <= ${endAt}`,
    db,
  );
  const breachedMs = burst.flatMap((r) => (r.ms === null ? [] : [Number(r.ms)]));
  const [outside] = await rows(
    sql<{ n: number }>`select count(*)::int as n from sla_clocks where breached_at is not null and (due_at < ${startAt} or due_at > ${endAt})`,
    db,
  );
  const [ev] = await rows(
    sql<{ n: number; clocks: number; outside: number }>`select count(*)::int as n, count(distinct e.payload->>'clockId')::int as clocks,
        count(*) filter (where c.due_at < ${startAt} or c.due_at > ${endAt} or c.id is null)::int as outside
      from domain_events e left join sla_clocks c on c.id = (e.payload->>'clockId')::bigint where e.type = 'sla.breached'`,
    db,
  );
  const [tl] = await rows(
    sql<{ n: number; clocks: number; raised: number; moved: number }>`select
        count(*) filter (where kind = 'sla_breached')::int as n,
        count(distinct data->>'clockId') filter (where kind = 'sla_breached')::int as clocks,
        count(*) filter (where kind = 'priority')::int as raised,
        count(*) filter (where kind = 'group')::int as moved
      from ticket_events where kind in ('sla_breached', 'priority', 'group')`,
    db,
  );
  return {
    due: burst.length,
    breached: breachedMs.length,
    markedMs: summarize(breachedMs),
    breachedOutsideBurst: outside!.n,
    events: { rows: ev!.n, clocks: ev!.clocks, outsideBurst: ev!.outside },
    timeline: {
      rows: tl!.n,
      clocks: tl!.clocks,
      expected: burst.filter((r) => r.ticket && r.ms !== null).length,
      priorityRaised: tl!.raised,
      reassigned: tl!.moved,
    },
  };
}
