/**
 * Direct-SQL data for the ticket benchmark, run inside the server process (PGlite has a single
 * connection, owned by that process): reference rows, the bulk ticket load, and EXPLAIN ANALYZE of
 * the exact SQL that GET /api/tickets?q=… runs.
 */
import { formatTicketNumber, shanghaiDay, type TicketStatus } from '@kefu/domain';
import { CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import type { Db } from '../../apps/server/src/db/database.ts';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { tokensVector, wordsQuery } from '../../apps/server/src/search/tsvector.ts';
import { listTickets } from '../../apps/server/src/tickets/list.ts';
import { generateTicket, rng, type TicketType } from './corpus.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '子涵', '欣怡', '梓萱', '浩然'];

export interface Reference {
  customerIds: number[];
  groupIds: number[];
  agentIds: number[];
}

/** Skill groups, a few agents (who cannot log in) and customers, so tickets reference real rows. */
export async function createReferenceData(db: Db, customers: number): Promise<Reference> {
  const groups = await db
    .insertInto('skill_groups')
    .values(['售前', '售后', 'VIP'].map((name) => ({ name })))
    .returning('id')
    .execute();
  const agents = await db
    .insertInto('users')
    .values(
      ['小美', '阿杰', '丽娜', '小周', '阿芳', '大伟'].map((name, i) => ({
        username: `bench_agent_${i + 1}`,
        display_name: name,
        role: 'agent',
        password_hash: 'bench-no-login',
      })),
    )
    .returning('id')
    .execute();
  const r = rng(7);
  const customerIds: number[] = [];
  for (let start = 0; start < customers; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, customers - start) }, (_, k) => {
      const name = r.pick(SURNAMES) + r.pick(GIVEN);
      const phone = `1${r.pick(['38', '39', '58', '86', '77'])}${String(10_000_000 + (start + k) * 37).slice(0, 8)}`;
      return { name, segment: r.pick(['new', 'regular', 'regular', 'vip']), search: tokensVector([name], [phone]) };
    });
    customerIds.push(...(await db.insertInto('customers').values(rows).returning('id').execute()).map((c) => c.id));
  }
  return { customerIds, groupIds: groups.map((g) => g.id), agentIds: agents.map((a) => a.id) };
}

export interface LoadResult {
  tickets: number;
  seconds: number;
  /** generating texts and jieba tokens in JS (overlaps the inserts on PostgreSQL) */
  tokenizeSeconds: number;
  insertSeconds: number;
  eventsSeconds: number;
  vacuumAnalyzeSeconds: number;
  batchSize: number;
}

const PREFIX: Record<TicketType, string> = { consultation: 'ZX', complaint: 'TS', after_sale: 'SH', problem_order: 'WT', collaboration: 'XT' };

/**
 * Inserts `count` tickets dated over the past year (never today, so HTTP-created tickets keep
 * today's numbering), as multi-row Kysely inserts whose `search` is the server's own tokensVector;
 * then one 'created' timeline event per ticket, the day counters, and VACUUM ANALYZE (standing in
 * for the autovacuum that would follow such a load in production).
 */
export async function bulkLoad(db: Db, ref: Reference, count: number, batchSize: number, actorId: number): Promise<LoadResult> {
  const t0 = performance.now();
  const r = rng(20261122);
  const now = Date.now();
  // Ages sorted so that ids grow with created_at, as in a real database.
  const ages = Array.from({ length: count }, () => 86_400_000 * (1 + r.next() * 364)).sort((a, b) => b - a);
  const counters = new Map<string, number>();
  const before = await db
    .selectFrom('tickets')
    .select(sql<number>`coalesce(max(id), 0)`.as('max'))
    .executeTakeFirstOrThrow();
  let tokenizeMs = 0;
  let insertMs = 0;
  let pending: Promise<unknown> | undefined;
  let pendingStart = 0;

  const buildBatch = (from: number, to: number) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const t = generateTicket(r);
      const createdAt = new Date(now - ages[i]!);
      const day = shanghaiDay(createdAt);
      const key = `${PREFIX[t.type]}${day}`;
      const seq = (counters.get(key) ?? 0) + 1;
      counters.set(key, seq);
      const number = formatTicketNumber(t.type, day, seq);
      const ageDays = ages[i]! / 86_400_000;
      const status: TicketStatus =
        ageDays < 3
          ? r.pick(['new', 'open', 'pending_customer', 'pending_internal'] as const)
          : ageDays < 14
            ? r.pick(['open', 'pending_customer', 'solved', 'solved'] as const)
            : r.pick(['solved', 'closed', 'closed'] as const);
      const handledMinutes = r.int(5, 3 * 24 * 60);
      const updatedAt = new Date(Math.min(now - 60_000, createdAt.getTime() + handledMinutes * 60_000));
      const done = status === 'solved' || status === 'closed';
      rows.push({
        number,
        type: t.type,
        status,
        priority: t.priority,
        category: t.category,
        severity: t.severity,
        subject: t.subject,
        description: t.description,
        customer_id: r.chance(0.9) ? r.pick(ref.customerIds) : null,
        assignee_id: status === 'new' ? null : r.pick(ref.agentIds),
        group_id: r.pick(ref.groupIds),
        tags: t.tags,
        search: tokensVector([t.subject, t.description], [number, ...t.tags]),
        created_by: actorId,
        created_at: createdAt,
        updated_at: updatedAt,
        solved_at: done ? updatedAt : null,
        closed_at: status === 'closed' ? updatedAt : null,
      });
    }
    return rows;
  };

  for (let from = 0; from < count; from += batchSize) {
    const tb = performance.now();
    const rows = buildBatch(from, Math.min(count, from + batchSize));
    tokenizeMs += performance.now() - tb;
    if (pending) {
      await pending;
      insertMs += performance.now() - pendingStart;
    }
    pendingStart = performance.now();
    pending = db.insertInto('tickets').values(rows).execute();
  }
  if (pending) {
    await pending;
    insertMs += performance.now() - pendingStart;
  }

  const te = performance.now();
  await sql`insert into ticket_events (ticket_id, actor_id, kind, data, at)
    select id, created_by, 'created', jsonb_build_object('type', type, 'status', 'new', 'number', number), created_at
    from tickets where id > ${before.max} order by id`.execute(db);
  const counterRows = [...counters].map(([key, last]) => ({ prefix: key.slice(0, 2), day: key.slice(2), last }));
  for (let i = 0; i < counterRows.length; i += 1000) {
    await db
      .insertInto('ticket_counters')
      .values(counterRows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['prefix', 'day']).doUpdateSet({ last: sql<number>`greatest(ticket_counters.last, excluded.last)` }))
      .execute();
  }
  const eventsMs = performance.now() - te;
  const tv = performance.now();
  await sql`vacuum analyze tickets`.execute(db);
  await sql`vacuum analyze ticket_events`.execute(db);
  const vacuumMs = performance.now() - tv;
  return {
    tickets: count,
    seconds: (performance.now() - t0) / 1000,
    tokenizeSeconds: tokenizeMs / 1000,
    insertSeconds: insertMs / 1000,
    eventsSeconds: eventsMs / 1000,
    vacuumAnalyzeSeconds: vacuumMs / 1000,
    batchSize,
  };
}

/** A Kysely that only compiles: it records the SQL listTickets would send. */
function capturingDb(): { db: Kysely<DB>; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  return { db, queries };
}

export interface ExplainResult {
  label: string;
  q: string;
  /** tickets the query matches in all (count(*)), not just the first page */
  matches: number;
  executionMs: number;
  planningMs: number;
  plan: string;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the list query GET /api/tickets?q=… runs (default sort and page size), second run of two. */
export async function explainSearches(db: Db, queries: readonly { label: string; q: string }[]): Promise<ExplainResult[]> {
  const results: ExplainResult[] = [];
  for (const { label, q } of queries) {
    const capture = capturingDb();
    await listTickets(capture.db, { role: 'agent' }, { q, sort: 'updated_at', order: 'desc', page: 1, pageSize: 20 });
    await capture.db.destroy();
    const query = capture.queries[0];
    if (!query) throw new Error(`listTickets sent no query for ${q}`);
    let plan = '';
    for (let run = 0; run < 2; run++) {
      const res = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
      plan = res.rows.map((row) => Object.values(row)[0]).join('\n');
    }
    const words = /^[A-Z]{2}\d{8}-\d{4,}$/i.test(q) ? null : wordsQuery(q);
    const countQuery = words
      ? sql<{ n: number }>`select count(*)::int as n from tickets where search @@ ${words}`
      : sql<{ n: number }>`select count(*)::int as n from tickets where number = ${q.toUpperCase()}`;
    const matches = Number((await countQuery.execute(db)).rows[0]?.n ?? 0);
    results.push({
      label,
      q,
      matches,
      plan,
      executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? NaN),
      planningMs: Number(/Planning Time: ([\d.]+)/.exec(plan)?.[1] ?? NaN),
    });
  }
  return results;
}

/** Row counts and sizes that describe the database the searches ran on. */
export async function databaseInfo(db: Db) {
  const tickets = Number((await sql<{ n: number }>`select count(*)::int as n from tickets`.execute(db)).rows[0]?.n ?? 0);
  const sizes = await sql<{ table_mb: number; search_index_mb: number }>`
    select round(pg_total_relation_size('tickets') / 1048576.0, 1)::float8 as table_mb,
           round(pg_relation_size('tickets_search') / 1048576.0, 1)::float8 as search_index_mb`.execute(db);
  const sample = await db
    .selectFrom('tickets')
    .select('number')
    .orderBy('id')
    .offset(Math.floor(tickets / 2))
    .limit(1)
    .executeTakeFirst();
  return { tickets, ...sizes.rows[0], sampleNumber: sample?.number ?? null };
}
