/**
 * What storing one shopper message costs in the database, without WebSockets: the server's own code path
 * (openConversationOf + storeMessage from apps/server/src/conversations/store.ts: 7 statements, 6 of them in a
 * transaction) against the same work as one statement (a CTE: bump last_seq, insert the message, skip a
 * client id already stored), and storeMessage alone (the conversation known, as a socket could remember it). Per message: wall time, CPU of this Node process and of the PostgreSQL backends.
 *
 *   npx tsx bench/chat/store-cost.ts [--messages 5000] [--concurrency 1,8] [--pg-url URL]
 *
 * A fresh schema bench_chatstore_<random>, dropped at the end. PostgreSQL on 127.0.0.1 only.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { openConversationOf, storeMessage } from '../../apps/server/src/conversations/store.ts';
import { processCpu } from '../tickets/http.ts';
import { summarize } from './load.ts';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '1,8' },
    conversations: { type: 'string', default: '2000' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const messages = Number(args.messages);
const concurrencies = args.concurrency!.split(',').map(Number);
const conversations = Number(args.conversations);
if (!['127.0.0.1', 'localhost'].includes(new URL(args['pg-url']!).hostname)) throw new Error('--pg-url must be on this machine');

const id = randomBytes(5).toString('hex');
const schema = `bench_chatstore_${id}`;
const appName = `kefu-chatstore-${id}`;
const admin = new pg.Client({ connectionString: args['pg-url'] });
await admin.connect();
await admin.query(`create schema ${schema}`);
const url = new URL(args['pg-url']!);
url.searchParams.set('application_name', appName);
const database = openDatabase({ url: url.toString(), schema, poolSize: Math.max(...concurrencies) });
const { db } = database;

try {
  await migrateToLatest(db);
  const shop = await db.insertInto('shops').values({ key: 'store-cost', name: '店', identity_secret: 'x' }).returning('id').executeTakeFirstOrThrow();
  const convs: { id: number; visitorId: number }[] = [];
  const visitors = await db
    .insertInto('visitors')
    .values(Array.from({ length: conversations }, (_, i) => ({ shop_id: shop.id, token_hash: `h-${i}`, name: `访客${i}` })))
    .returning('id')
    .execute();
  const created = await db
    .insertInto('conversations')
    .values(visitors.map((v) => ({ shop_id: shop.id, visitor_id: v.id, status: 'active' })))
    .returning(['id', 'visitor_id'])
    .execute();
  for (const c of created) convs.push({ id: c.id, visitorId: c.visitor_id });
  await sql`analyze`.execute(db);

  const variants: Record<string, (conv: { id: number; visitorId: number }, clientId: string) => Promise<unknown>> = {
    'server code: openConversationOf + storeMessage': async (conv, clientId) => {
      const open = await openConversationOf(db, conv.visitorId);
      return storeMessage(db, {
        conversationId: open!.id,
        sender: { kind: 'shopper', id: conv.visitorId, name: '访客' },
        kind: 'text',
        body: '压测消息 store-cost',
        data: {},
        clientId,
      });
    },
    'server code: storeMessage only (conversation known)': async (conv, clientId) =>
      storeMessage(db, {
        conversationId: conv.id,
        sender: { kind: 'shopper', id: conv.visitorId, name: '访客' },
        kind: 'text',
        body: '压测消息 store-cost',
        data: {},
        clientId,
      }),
    'one statement (CTE)': async (conv, clientId) => {
      const now = new Date();
      const res = await sql<{ seq: number }>`
        with c as (
          update conversations set last_seq = last_seq + 1, waiting_since = coalesce(waiting_since, ${now})
          where id = ${conv.id} and status <> 'closed'
            and not exists (select 1 from messages where conversation_id = ${conv.id} and sender_kind = 'shopper' and client_id = ${clientId})
          returning id, last_seq)
        insert into messages (conversation_id, seq, client_id, sender_kind, sender_id, kind, body, data, at)
        select id, last_seq, ${clientId}, 'shopper', ${conv.visitorId}, 'text', ${'压测消息 store-cost'}, '{}', ${now} from c
        returning seq`.execute(db);
      if (res.rows.length === 0) throw new Error('not stored');
      return res.rows[0];
    },
  };

  const pids = async () =>
    new Set((await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [appName])).rows.map((r) => r.pid));
  let n = 0;
  console.log(
    `${messages} messages per run over ${conversations} conversations; PostgreSQL ${(await admin.query('show server_version')).rows[0].server_version}, synchronous_commit ${(await admin.query('show synchronous_commit')).rows[0].synchronous_commit}\n`,
  );
  for (const concurrency of concurrencies) {
    for (const [label, run] of Object.entries(variants)) {
      // warm-up: JIT, pool connections, plans
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          for (let i = 0; i < 100; i++) await run(convs[(w * 100 + i) % convs.length]!, `w-${n}-${w}-${i}`);
        }),
      );
      n++;
      const backends = await pids();
      const before = processCpu();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const times: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (;;) {
            const i = next++;
            if (i >= messages) return;
            const s = performance.now();
            await run(convs[i % convs.length]!, `c-${n}-${i}`);
            times.push(performance.now() - s);
          }
        }),
      );
      const secs = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const after = processCpu();
      let backendCpu = 0;
      for (const pid of backends) backendCpu += (after.get(pid)?.seconds ?? 0) - (before.get(pid)?.seconds ?? 0);
      const l = summarize(times);
      console.log(
        `${label}, ${concurrency} connection(s): ${Math.round(messages / secs)} msg/s, latency p50 ${l.p50} / p99 ${l.p99} ms; ` +
          `per message: Node CPU ${((c.user + c.system) / 1000 / messages).toFixed(3)} ms, PostgreSQL backend CPU ${((backendCpu * 1000) / messages).toFixed(3)} ms`,
      );
    }
  }
} finally {
  await database.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
}
