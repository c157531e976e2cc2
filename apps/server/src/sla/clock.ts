import {
  clockTimes,
  policyFor,
  remainingOnPause,
  resumedTimes,
  serviceTimeBetween,
  type SlaMetric,
  type SlaPolicy,
  type SlaSubject,
  type SlaSubjectKind,
} from '@kefu/domain';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { SlaClocksTable } from '../db/schema/service-levels.ts';
import { refreshTicketDue } from '../tickets/sla-due.ts';
import { FALLBACK_POLICY } from './policies.ts';

/**
 * The one clock on every promise (docs/service-levels.md). A clock starts when a promise is made, under the first
 * policy that matches the work and sets the metric; it is met or cancelled when the work is done, paused while the
 * case waits on the shopper (if the policy says so), warned about once and breached once by the sweep (sweep.ts).
 * Running clocks keep the promise made when they started: a policy changed later applies to clocks started after.
 */

export interface SubjectRef {
  kind: SlaSubjectKind;
  id: number;
}

/** A clock about to start, before its subject's id is known (see clockInsertFrom). */
export interface PlannedClock {
  metric: SlaMetric;
  policyId: number;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
  totalMs: number;
}

/** The clocks these promises start for work like `attrs`: none for a metric no policy sets. */
export function planClocks(
  policies: readonly SlaPolicy[],
  attrs: SlaSubject,
  metrics: readonly SlaMetric[],
  now = new Date(),
  updatedToday = false,
): PlannedClock[] {
  return metrics.flatMap((metric) => {
    const policy = policyFor(policies, metric, attrs);
    const target = policy?.targets[metric];
    if (!policy || !target) return [];
    const { dueAt, warnAt } = clockTimes(policy, target, now, updatedToday);
    return [{ metric, policyId: policy.id, startedAt: now, dueAt, warnAt, totalMs: serviceTimeBetween(now, dueAt, policy.hours) }];
  });
}

/** The earliest due time among planned clocks (a ticket's `sla_due_at` when it is created with them). */
export const earliestDue = (planned: readonly PlannedClock[]): Date | null =>
  planned.reduce<Date | null>((min, c) => (!min || c.dueAt < min ? c.dueAt : min), null);

function plannedValues(planned: readonly PlannedClock[]) {
  return sql.join(
    planned.map(
      (c) =>
        sql`(${c.metric}::text, ${c.policyId}::int, ${c.startedAt}::timestamptz, ${c.dueAt}::timestamptz, ${c.warnAt}::timestamptz, ${c.totalMs}::bigint)`,
    ),
  );
}

/**
 * For a statement that creates the subject: the INSERT of `planned` clocks for each row of the CTE `from` (its `id`
 * is the subject's; `ticketColumn` names its ticket id, e.g. `id` for tickets), in parentheses, to add as a CTE.
 */
export function clockInsertFrom(
  from: string,
  kind: SlaSubjectKind,
  ticketColumn: string | null,
  planned: readonly PlannedClock[],
): RawBuilder<never> {
  if (!planned.length) return sql<never>`(select 1)`;
  const ticket = ticketColumn ? sql.ref(`${from}.${ticketColumn}`) : sql`null::int`;
  return sql<never>`(insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, policy_id, started_at, due_at, warn_at, total_ms)
    select ${kind}, ${sql.ref(`${from}.id`)}, ${ticket}, v.metric, v.policy_id, v.started_at, v.due_at, v.warn_at, v.total_ms
    from ${sql.table(from)} cross join (values ${plannedValues(planned)}) as v (metric, policy_id, started_at, due_at, warn_at, total_ms)
    on conflict do nothing returning *)`;
}

/**
 * `clockInsertFrom` for one constant statement (a prepared hot path): the planned clocks come as six array
 * parameters from `$first` on (metric, policy, started, due, warn, total ms), so any number of clocks fits one text.
 */
export const clockInsertFromArraysSql = (from: string, kind: SlaSubjectKind, ticketColumn: string, first: number) => {
  const p = (i: number) => `$${first + i}`;
  return `insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, policy_id, started_at, due_at, warn_at, total_ms)
    select '${kind}', ${from}.id, ${from}.${ticketColumn}, v.metric, v.policy_id, v.started_at, v.due_at, v.warn_at, v.total_ms
    from ${from} cross join unnest(${p(0)}::text[], ${p(1)}::int[], ${p(2)}::timestamptz[], ${p(3)}::timestamptz[], ${p(4)}::timestamptz[], ${p(5)}::bigint[])
      as v (metric, policy_id, started_at, due_at, warn_at, total_ms)
    on conflict do nothing returning *`;
};

/**
 * For a statement that ends the work: the UPDATE that stops the open `metrics` clocks of each row of the CTE `from`
 * (its `id` is the subject's), in parentheses, to add as a CTE. Does not touch a ticket's due time: for subjects
 * without a ticket (a chat meeting its response clock in the message statement).
 */
export function clockStopFrom(
  from: string,
  kind: SlaSubjectKind,
  outcome: 'met' | 'cancelled',
  metrics: readonly SlaMetric[],
  now: Date,
): RawBuilder<never> {
  return sql<never>`(update sla_clocks k set state = ${outcome}, stopped_at = ${now}::timestamptz, remaining_ms = null
    from ${sql.table(from)} where k.subject_kind = ${kind} and k.subject_id = ${sql.ref(`${from}.id`)}
      and k.metric in (${sql.join(metrics)}) and k.state in ('running', 'paused'))`;
}

/**
 * The clocks a `clockInsertFrom` CTE named `cte` inserted, as one JSON column of the same statement's select (its
 * own select cannot read the new rows from the table); `clocksFromJson` turns it back into rows.
 */
export const insertedClocksJson = (cte: string) =>
  sql<unknown[]>`(select coalesce(json_agg(${sql.table(cte)} order by id), '[]'::json) from ${sql.table(cte)})`;

type ClockRow = Selectable<SlaClocksTable>;
const DATES = ['started_at', 'due_at', 'warn_at', 'paused_at', 'warned_at', 'breached_at', 'stopped_at'] as const;

export function clocksFromJson(json: unknown[]): ClockRow[] {
  return (json as Record<string, unknown>[]).map((r) => {
    const row = { ...r, id: String(r.id) } as Record<string, unknown>;
    for (const k of DATES) row[k] = r[k] == null ? null : new Date(r[k] as string);
    return row as unknown as ClockRow;
  });
}

/**
 * Starts clocks on existing work. A metric whose clock already runs (or is paused) keeps it: a next-response clock
 * counts from the first message still unanswered.
 */
export async function startClocks(tx: Tx, subject: SubjectRef, ticketId: number | null, planned: readonly PlannedClock[]): Promise<void> {
  if (!planned.length) return;
  await sql`insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, policy_id, started_at, due_at, warn_at, total_ms)
    select ${subject.kind}, ${subject.id}::int, ${ticketId}::int, v.metric, v.policy_id, v.started_at, v.due_at, v.warn_at, v.total_ms
    from (values ${plannedValues(planned)}) as v (metric, policy_id, started_at, due_at, warn_at, total_ms)
    on conflict do nothing`.execute(tx);
  if (ticketId) await refreshTicketDue(tx, [ticketId]);
}

/**
 * Stops the subject's open clocks of these metrics (all, by default): `met` when the promise was kept (late or
 * not: `breached_at` tells), `cancelled` when it no longer applies. Returns the metrics stopped.
 */
export async function stopClocks(tx: Tx, subject: SubjectRef, outcome: 'met' | 'cancelled', metrics?: readonly SlaMetric[], now = new Date()) {
  let q = tx
    .updateTable('sla_clocks')
    .set({ state: outcome, stopped_at: now, remaining_ms: null })
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .where('state', 'in', ['running', 'paused']);
  if (metrics) q = metrics.length ? q.where('metric', 'in', metrics) : q.where(sql<boolean>`false`);
  const stopped = await q.returning(['ticket_id', 'metric']).execute();
  const tickets = [...new Set(stopped.flatMap((s) => (s.ticket_id ? [s.ticket_id] : [])))];
  if (tickets.length) await refreshTicketDue(tx, tickets);
  return stopped.map((s) => s.metric as SlaMetric);
}

/**
 * Starts clocks on many subjects in one statement, each with its own plan (orders counted from when each was placed
 * or paid). As `startClocks`, a metric whose clock already runs keeps it.
 */
export async function startClocksMany(tx: Tx, starts: readonly { subject: SubjectRef; ticketId: number | null; planned: readonly PlannedClock[] }[]) {
  const rows = starts.flatMap((s) => s.planned.map((c) => ({ ...s, c })));
  if (!rows.length) return;
  const column = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
  const iso = (d: Date) => d.toISOString();
  await sql`insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, policy_id, started_at, due_at, warn_at, total_ms)
    select * from unnest(${column((r) => r.subject.kind)}::text[], ${column((r) => r.subject.id)}::int[], ${column((r) => r.ticketId)}::int[],
      ${column((r) => r.c.metric)}::text[], ${column((r) => r.c.policyId)}::int[], ${column((r) => iso(r.c.startedAt))}::timestamptz[],
      ${column((r) => iso(r.c.dueAt))}::timestamptz[], ${column((r) => iso(r.c.warnAt))}::timestamptz[], ${column((r) => r.c.totalMs)}::bigint[])
    on conflict do nothing`.execute(tx);
  const tickets = [...new Set(rows.flatMap((r) => (r.ticketId ? [r.ticketId] : [])))];
  if (tickets.length) await refreshTicketDue(tx, tickets);
}

/** Stops the metrics' clocks as met and starts them again (a periodic update given, a promise renewed). */
export async function restartClocks(tx: Tx, subject: SubjectRef, ticketId: number | null, planned: readonly PlannedClock[], now = new Date()) {
  await stopClocks(
    tx,
    subject,
    'met',
    planned.map((p) => p.metric),
    now,
  );
  await startClocks(tx, subject, ticketId, planned);
}

async function openClocks(tx: Tx, subject: SubjectRef, state: 'running' | 'paused') {
  return tx
    .selectFrom('sla_clocks as c')
    .leftJoin('sla_policies as p', 'p.id', 'c.policy_id')
    .select(['c.id', 'c.ticket_id', 'c.due_at', 'c.total_ms', 'c.remaining_ms', 'p.hours', 'p.warn_at_percent', 'p.pause_on_customer'])
    .where('c.subject_kind', '=', subject.kind)
    .where('c.subject_id', '=', subject.id)
    .where('c.state', '=', state)
    .forUpdate('c')
    .execute();
}

const policyOf = (c: { hours: unknown; warn_at_percent: number | null; pause_on_customer: boolean | null }) =>
  c.hours ? { hours: c.hours as SlaPolicy['hours'], warnAtPercent: c.warn_at_percent!, pauseOnCustomer: c.pause_on_customer! } : FALLBACK_POLICY;

/** The case waits on the shopper: clocks whose policy pauses keep the service time they had left. */
export async function pauseClocks(tx: Tx, subject: SubjectRef, now = new Date()): Promise<number> {
  const clocks = (await openClocks(tx, subject, 'running')).filter((c) => policyOf(c).pauseOnCustomer);
  for (const c of clocks)
    await tx
      .updateTable('sla_clocks')
      .set({ state: 'paused', paused_at: now, remaining_ms: remainingOnPause(now, c.due_at, policyOf(c).hours) })
      .where('id', '=', c.id)
      .execute();
  const tickets = [...new Set(clocks.flatMap((c) => (c.ticket_id ? [c.ticket_id] : [])))];
  if (tickets.length) await refreshTicketDue(tx, tickets);
  return clocks.length;
}

/** The shopper answered (or the case came back): paused clocks run again with the time they had left. */
export async function resumeClocks(tx: Tx, subject: SubjectRef, now = new Date()): Promise<number> {
  const clocks = await openClocks(tx, subject, 'paused');
  for (const c of clocks) {
    const { dueAt, warnAt } = resumedTimes(policyOf(c), now, Number(c.remaining_ms ?? 0), Number(c.total_ms));
    await tx
      .updateTable('sla_clocks')
      .set({ state: 'running', paused_at: null, remaining_ms: null, due_at: dueAt, warn_at: warnAt })
      .where('id', '=', c.id)
      .execute();
  }
  const tickets = [...new Set(clocks.flatMap((c) => (c.ticket_id ? [c.ticket_id] : [])))];
  if (tickets.length) await refreshTicketDue(tx, tickets);
  return clocks.length;
}
