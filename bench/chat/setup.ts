/**
 * The database side of the chat benchmark, run from the load-generator process (never inside the server):
 * a fresh migrated database with a shop, a skill group and agents with API tokens; afterwards, what the
 * database holds (to check acks and deliveries against), and EXPLAIN ANALYZE of the hot chat queries.
 */
import { CompiledQuery, sql } from 'kysely';
import { createApiToken } from '../../apps/server/src/auth/tokens.ts';
import type { Db } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { createUser } from '../../apps/server/src/users/service.ts';

export const SHOP_KEY = 'bench-shop';

export interface BenchAgent {
  id: number;
  name: string;
  token: string;
}
export interface Setup {
  shopKey: string;
  shopId: number;
  groupId: number;
  agents: BenchAgent[];
  seconds: number;
}

/** Migrates, then creates the shop, one skill group and `agents` agents in it (max_chats each, offline until they connect). */
export async function prepareDatabase(db: Db, agents: number, maxChats: number): Promise<Setup> {
  const t0 = performance.now();
  await migrateToLatest(db);
  const group = await db.insertInto('skill_groups').values({ name: '压测组' }).returning('id').executeTakeFirstOrThrow();
  const shop = await db
    .insertInto('shops')
    .values({ key: SHOP_KEY, name: '压测店铺', identity_secret: 'bench-identity-secret', default_group_id: group.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const out: BenchAgent[] = [];
  for (let i = 1; i <= agents; i++) {
    const username = `bench-agent-${String(i).padStart(3, '0')}`;
    const displayName = `压测客服${i}`;
    const user = await createUser(db, null, { username, displayName, role: 'agent', password: 'bench-password-1', groupIds: [group.id] });
    await db.insertInto('agent_presence').values({ user_id: user.id, status: 'offline', max_chats: maxChats }).execute();
    const { token } = await createApiToken(db, { id: user.id, username, displayName, role: 'agent', via: 'token' }, 'chat bench');
    out.push({ id: user.id, name: displayName, token });
  }
  return { shopKey: SHOP_KEY, shopId: shop.id, groupId: group.id, agents: out, seconds: (performance.now() - t0) / 1000 };
}

export interface StoredRow {
  client_id: string;
  conversation_id: number;
  seq: number;
}

export interface DatabaseCounts {
  conversations: Record<string, number>;
  /** every message by sender kind */
  messagesBySender: Record<string, number>;
  /** shopper messages of the measured phase (client id m-…), with their conversation and seq */
  measured: StoredRow[];
  /** agent replies of the measured phase (client id r-…) */
  replies: number;
  /** (conversation, client id) pairs stored more than once — the unique constraint should make this 0 */
  duplicateClientIds: number;
  /** PostgreSQL: autovacuum/autoanalyze runs and dead rows of the chat tables during the run */
  tables?: Record<string, { autovacuum: number; autoanalyze: number; deadRows: number; liveRows: number }>;
}

export async function databaseCounts(db: Db): Promise<DatabaseCounts> {
  const conv = await db
    .selectFrom('conversations')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
  const bySender = await db
    .selectFrom('messages')
    .select(['sender_kind', sql<number>`count(*)::int`.as('n')])
    .groupBy('sender_kind')
    .execute();
  const measured = await db
    .selectFrom('messages')
    .select(['client_id', 'conversation_id', 'seq'])
    .where('sender_kind', '=', 'shopper')
    .where('client_id', 'like', 'm-%')
    .execute();
  const replies = await db
    .selectFrom('messages')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('sender_kind', '=', 'agent')
    .where('client_id', 'like', 'r-%')
    .executeTakeFirstOrThrow();
  const dups = await sql<{ n: number }>`select count(*)::int as n from (select 1 from messages where client_id is not null
    group by conversation_id, client_id having count(*) > 1) d`.execute(db);
  let tables: DatabaseCounts['tables'];
  try {
    const t = await sql<{ relname: string; autovacuum_count: number; autoanalyze_count: number; n_dead_tup: number; n_live_tup: number }>`
      select relname, autovacuum_count, autoanalyze_count, n_dead_tup, n_live_tup from pg_stat_user_tables
      where schemaname = current_schema() and relname in ('conversations', 'messages', 'visitors', 'agent_presence')`.execute(db);
    tables = Object.fromEntries(
      t.rows.map((r) => [
        r.relname,
        {
          autovacuum: Number(r.autovacuum_count),
          autoanalyze: Number(r.autoanalyze_count),
          deadRows: Number(r.n_dead_tup),
          liveRows: Number(r.n_live_tup),
        },
      ]),
    );
  } catch {
    /* PGlite without statistics */
  }
  return {
    tables,
    conversations: Object.fromEntries(conv.map((r) => [r.status, Number(r.n)])),
    messagesBySender: Object.fromEntries(bySender.map((r) => [r.sender_kind, Number(r.n)])),
    measured: measured.map((r) => ({ client_id: r.client_id!, conversation_id: r.conversation_id, seq: r.seq })),
    replies: Number(replies.n),
    duplicateClientIds: Number(dups.rows[0]?.n ?? 0),
  };
}

export interface ExplainResult {
  label: string;
  sql: string;
  analyzed: boolean;
  executionMs: number;
  planningMs: number;
  plan: string[];
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of statements the server ran (found by probe.ts, with the parameters of their
 * first use), on the database as the run left it, each in a transaction that is rolled back. A statement
 * that fails with those parameters (a duplicate key…) gets a plain EXPLAIN.
 */
export async function explainStatements(db: Db, statements: { label: string; sql: string; params: unknown[] }[]): Promise<ExplainResult[]> {
  const out: ExplainResult[] = [];
  for (const { label, sql: text, params } of statements) {
    let done = false;
    for (const analyze of [true, false]) {
      if (done) break;
      try {
        await db.transaction().execute(async (tx) => {
          const q = await tx.executeQuery(CompiledQuery.raw(`explain (${analyze ? 'analyze, buffers' : 'costs'}) ${text}`, params));
          const plan = (q.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
          const num = (re: RegExp) => Number(re.exec(plan.join('\n'))?.[1] ?? NaN);
          out.push({
            label,
            sql: text,
            analyzed: analyze,
            executionMs: num(/Execution Time: ([\d.]+)/),
            planningMs: num(/Planning Time: ([\d.]+)/),
            plan,
          });
          done = true;
          throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback) && !analyze)
          out.push({ label, sql: text, analyzed: false, executionMs: NaN, planningMs: NaN, plan: [`failed: ${(error as Error).message}`] });
      }
    }
  }
  return out;
}

class Rollback extends Error {}
