import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { executePrepared } from '../db/prepared.ts';

/** The room's SQL (migration 0011): sequencing, listeners' cursors and leases, parked deliveries, pruning. */

export interface StoredEvent {
  id: number;
  position: number;
  subject: string;
  type: string;
  payload: unknown;
  occurred_at: Date;
}
export interface ParkedEvent extends StoredEvent {
  attempts: number;
  due: boolean;
}

/**
 * Gives committed events their `position`, the order listeners get them in, in id order. Ids are handed out at
 * insert, so a transaction that commits late leaves a hole a cursor would step over; positions are handed out
 * after commit, one sequencer at a time (a transaction-scoped advisory lock per schema), so they have no holes
 * that fill later. Events of one subject written under its row lock keep their id order. Returns how many, and
 * their types: only the listeners of those types have anything new.
 */
export async function sequence(db: Db, limit: number): Promise<{ count: number; types: string[] }> {
  return db.transaction().execute(async (tx) => {
    await executePrepared(tx, sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.domain_events'))`.compile(tx));
    const { rows } = await executePrepared(
      tx,
      sql<{ count: number; types: string[] }>`
      with head as (select coalesce(max(position), 0) as position from domain_events),
      batch as (select id, row_number() over (order by id) as n from domain_events where position is null order by id limit ${limit}),
      moved as (update domain_events e set position = head.position + batch.n from batch, head where e.id = batch.id returning e.type)
      select count(*)::int as count, coalesce(array_agg(distinct type), '{}') as types from moved`.compile(tx),
    );
    return { count: Number(rows[0]?.count ?? 0), types: rows[0]?.types ?? [] };
  });
}

/** Adds missing listeners at the current head (a new listener gets what happens from now on) and marks all as seen. */
export async function registerListeners(db: Db, names: string[]): Promise<void> {
  if (!names.length) return;
  await sql`
    insert into event_listeners (name, position)
    select name, (select coalesce(max(position), 0) from domain_events) from unnest(${names}::text[]) as name
    on conflict (name) do update set seen_at = now()`.execute(db);
}

export interface Claim {
  position: number;
  retryDue: boolean;
  parked: boolean;
}

/** Takes a listener's lease in one UPDATE: of processes racing for it, one gets the row; a dead holder's lease expires. */
export async function claimListener(db: Db, name: string, owner: string, leaseMs: number): Promise<Claim | null> {
  const { rows } = await executePrepared(
    db,
    sql<{ position: number; retry_due: boolean; parked: boolean }>`
    update event_listeners l set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    where name = ${name} and (lease_until is null or lease_until < now())
    returning position,
      exists(select 1 from event_retries r where r.listener = l.name and r.attempts > 0 and r.next_attempt_at <= now()) as retry_due,
      exists(select 1 from event_retries r where r.listener = l.name) as parked`.compile(db),
  );
  const row = rows[0];
  return row ? { position: Number(row.position), retryDue: row.retry_due, parked: row.parked } : null;
}

export async function renewLease(db: Db, name: string, owner: string, leaseMs: number): Promise<void> {
  await sql`update event_listeners set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    where name = ${name} and lease_owner = ${owner}`.execute(db);
}

/**
 * Moves the cursor, counts the deliveries and frees the lease — only if `owner` still holds it — and says in the
 * same statement whether there is more for the listener: an event another process sequenced while we held the
 * lease (its own attempt found the lease taken and left it to us). Null: the lease was lost.
 */
export async function finishListener(db: Db, name: string, owner: string, position: number, delivered: number, types: string[]) {
  const { rows } = await executePrepared(
    db,
    sql<{ more: boolean }>`
    update event_listeners set position = greatest(position, ${position}), delivered_count = delivered_count + ${delivered},
      lease_owner = null, lease_until = null, seen_at = now()
    where name = ${name} and lease_owner = ${owner}
    returning exists(select 1 from domain_events e where e.position > ${position} and e.type = any(${types}::text[])) as more`.compile(db),
  );
  return rows[0] ?? null;
}

/** The listener's events after `after` in commit order, and the head: with a short batch the cursor may jump to it. */
export async function readBatch(db: Db, types: string[], after: number, limit: number): Promise<{ events: StoredEvent[]; head: number }> {
  const { rows } = await executePrepared(
    db,
    sql<StoredEvent & { head: number }>`
    with head as (select coalesce(max(position), 0) as head from domain_events)
    select head.head, e.* from head left join lateral (
      select id, position, subject, type, payload, occurred_at from domain_events
      where position > ${after} and type = any(${types}::text[]) order by position limit ${limit}
    ) e on true order by e.position`.compile(db),
  );
  const head = Number(rows[0]?.head ?? after);
  const events = rows.filter((r) => r.id !== null).map(({ head: _head, ...e }) => ({ ...e, id: Number(e.id), position: Number(e.position) }));
  return { events, head };
}

/** The listener's parked events in commit order; `due`: a failed one whose back-off has passed, or one waiting behind another. */
export async function parkedEvents(db: Db, listener: string): Promise<ParkedEvent[]> {
  const { rows } = await sql<ParkedEvent>`
    select e.id, e.position, e.subject, e.type, e.payload, e.occurred_at, r.attempts, (r.attempts = 0 or r.next_attempt_at <= now()) as due
    from event_retries r join domain_events e on e.id = r.event_id where r.listener = ${listener} order by e.position`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), position: Number(r.position) }));
}

export async function parkedSubjects(db: Db, listener: string): Promise<Set<string>> {
  const rows = await db.selectFrom('event_retries').select('subject').distinct().where('listener', '=', listener).execute();
  return new Set(rows.map((r) => r.subject));
}

const MAX_BACKOFF_SECONDS = 600;

/**
 * Parks an event for a listener: after a failure (`error`), retried after 1, 2, 4 … seconds up to 10 minutes; or,
 * without one, waiting behind an earlier parked event of its subject (attempts 0, retried right after that one).
 */
export async function park(db: Db, listener: string, event: { id: number; subject: string }, failure: { attempts: number; error: string } | null) {
  const attempts = failure?.attempts ?? 0;
  const next = failure ? sql`now() + make_interval(secs => least(${MAX_BACKOFF_SECONDS}, power(2, ${attempts - 1})))` : sql`'infinity'::timestamptz`;
  await sql`
    insert into event_retries (listener, event_id, subject, attempts, next_attempt_at, last_error)
    values (${listener}, ${event.id}, ${event.subject}, ${attempts}, ${next}, ${failure?.error ?? null})
    on conflict (listener, event_id)
      do update set attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error`.execute(db);
}

export async function unpark(db: Db, listener: string, eventId: number): Promise<void> {
  await db.deleteFrom('event_retries').where('listener', '=', listener).where('event_id', '=', eventId).execute();
}

/**
 * Deletes events older than `retainDays` that every listener has passed and none has parked, and forgets
 * listeners no process has registered or delivered to for 30 days (removed from the code), so they hold nothing back.
 */
export async function pruneEvents(db: Db, retainDays = 7): Promise<number> {
  await sql`delete from event_listeners where seen_at < now() - interval '30 days'`.execute(db);
  const result = await sql`
    delete from domain_events e
    where e.occurred_at < now() - make_interval(days => ${retainDays})
      and e.position <= coalesce((select min(position) from event_listeners), (select max(position) from domain_events))
      and not exists (select 1 from event_retries r where r.event_id = e.id)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
