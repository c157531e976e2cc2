/**
 * Two kefu processes on one PostgreSQL and one Redis; the shopper (the widget's own Connection) on one, the
 * agent (the web app's own ChatSocket) on the other. Bursts of messages both ways, and each process in turn is
 * killed with SIGKILL mid-burst and restarted. Every acknowledged message must be stored exactly once and
 * reach the other side, the holes filled by the clients' resumes.
 * It needs PostgreSQL and Redis; without DATABASE_URL it uses the local ones (CI always has them) and fails,
 * saying so, when they are not there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { contiguousSeq } from '../../web/src/features/chat/logic.ts';
import { ChatSocket } from '../../web/src/features/chat/socket.ts';
import type { ChatMessage, InFrame } from '../../web/src/features/chat/types.ts';
import { Connection, type SocketFactory } from '../../widget/src/connection.ts';
import { MessageStore } from '../../widget/src/store.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createUser } from '../src/users/service.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SCHEMA = `crash_${randomBytes(5).toString('hex')}`;
const PASSWORD = 'correct-horse-1';

let database: Database;
let admin: pg.Client;
const servers: Record<'shopperSide' | 'agentSide', { port: number; child: ChildProcess | null }> = {
  shopperSide: { port: 0, child: null },
  agentSide: { port: 0, child: null },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

async function start(which: keyof typeof servers): Promise<void> {
  const server = servers[which];
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'start', '--no-demo'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL,
      PGOPTIONS: `-c search_path=${SCHEMA}`,
      REDIS_URL,
      REDIS_PREFIX: SCHEMA,
      PORT: String(server.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      SWEEP_INTERVAL_MS: '0',
      KEFU_DEMO: 'false',
    },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  server.child = child;
  // Waiting for a child process to listen, not a speed check: two servers starting beside two test workers on 2 cores.
  for (const deadline = Date.now() + 45_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`${which} server exited: ${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${server.port}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`${which} server did not start: ${stderr}`);
}

async function kill(which: keyof typeof servers): Promise<void> {
  const child = servers[which].child;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000, state: () => unknown = () => ''): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await ok()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what} ${JSON.stringify(state())}`);
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`chat-crash.test.ts needs PostgreSQL at ${DATABASE_URL} (set DATABASE_URL): ${(err as Error).message}`, { cause: err });
  }
  await admin.query(`create schema ${SCHEMA}`);
  database = openDatabase({ url: DATABASE_URL, schema: SCHEMA, poolSize: 2 });
  await migrateToLatest(database.db);
  await database.db
    .insertInto('shops')
    .values({ key: 'crash', name: '崩溃测试店', identity_secret: randomBytes(16).toString('hex') })
    .execute();
  await createUser(database.db, null, { username: 'crash-agent', displayName: '客服小崩', role: 'agent', password: PASSWORD });
  servers.shopperSide.port = await freePort();
  servers.agentSide.port = await freePort();
  await Promise.all([start('shopperSide'), start('agentSide')]);
});

afterAll(async () => {
  await Promise.all([kill('shopperSide'), kill('agentSide')]);
  await database?.close();
  if (admin) {
    await admin.query(`drop schema if exists ${SCHEMA} cascade`).catch(() => {});
    await admin.end();
  }
});

/** The shopper: the widget's Connection over a real socket, its messages through the widget's MessageStore. */
function shopper() {
  const socket: SocketFactory = (url, h) => {
    const ws = new WebSocket(url, { headers: { origin: 'http://shop.example' } });
    ws.on('message', (data) => h.message(data.toString()));
    ws.on('close', (code) => h.close(code));
    ws.on('error', () => {
      /* close follows */
    });
    return { send: (d) => ws.send(d), close: () => ws.terminate() };
  };
  const stored = new Map<string, string>();
  const conn = new Connection({
    url: `ws://127.0.0.1:${servers.shopperSide.port}/ws/shopper`,
    shop: 'crash',
    socket,
    ackTimeoutMs: 3000,
    storage: { get: (k) => stored.get(k) ?? null, set: (k, v) => (v === null ? stored.delete(k) : stored.set(k, v)) },
  });
  const screen = new MessageStore();
  // What the widget counts as stored: an ack, or its own message coming back with its clientId (the ack may die with
  // the process that stored the message; the message is published before the ack, and again on a retried send).
  const acked = new Map<string, number>();
  conn.on((e) => {
    if (e.type !== 'frame') return;
    // As the widget does (app.ts): its own message is on screen from the send, and the ack gives it its seq. The ack
    // can overtake the message's echo, and the echo die with the process that published it: the ack is what counts.
    if (e.frame.type === 'message') screen.receive(e.frame);
    if (e.frame.type === 'ack') screen.ack(e.frame.clientId, e.frame.conversationId, e.frame.seq, e.frame.at);
    if (e.frame.type === 'message' && e.frame.sender.kind === 'shopper' && e.frame.clientId) acked.set(e.frame.clientId, e.frame.seq);
    if (e.frame.type === 'ack') acked.set(e.frame.clientId, e.frame.seq);
  });
  conn.start();
  const say = (body: string) => {
    const f = conn.send('text', body);
    screen.addLocal(f.clientId, 'text', body);
  };
  return { conn, screen, acked, say };
}

/** The agent: the web app's ChatSocket over a real socket; it resumes from the end of the gap-free run it holds. */
async function agent() {
  const base = `127.0.0.1:${servers.agentSide.port}`;
  const login = await fetch(`http://${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'crash-agent', password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const messages = new Map<number, Map<number, ChatMessage>>();
  const acked = new Map<string, number>();
  const errors: unknown[] = [];
  const held = (id: number) => [...(messages.get(id)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  let conversationId = 0;
  const socket: ChatSocket = new ChatSocket(
    `ws://${base}/ws/agent`,
    {
      onState: () => {},
      resumePoints: () => (conversationId ? [{ conversationId, afterSeq: contiguousSeq(held(conversationId)) }] : []),
      onFrame: (f: InFrame) => {
        if (f.type === 'message') {
          const { type: _t, ...m } = f;
          if (!messages.has(m.conversationId)) messages.set(m.conversationId, new Map());
          messages.get(m.conversationId)!.set(m.seq, m);
        }
        if (f.type === 'ack') acked.set(f.clientId, f.seq);
        if (f.type === 'error') errors.push(f);
        if (f.type === 'conversation' && f.conversation.status === 'active' && !conversationId) {
          conversationId = f.conversation.id;
          socket.send({ type: 'resume', conversationId, afterSeq: 0 });
        }
      },
    },
    (url) => new WebSocket(url, { headers: { cookie, origin: `http://${base}` } }) as never,
  );
  socket.start();
  return { socket, held, acked, errors, conversation: () => conversationId };
}

describe('two processes, kill -9 mid-burst', () => {
  it('stores every acknowledged message once and delivers it to the other side', async () => {
    const a = await agent();
    const s = shopper();
    await until('the shopper connected', () => s.conn.status === 'ready');
    s.say('开始');
    await until('the conversation reached the agent', () => a.conversation() > 0 && !a.socket.isResuming(a.conversation()));
    const conversationId = a.conversation();

    // Bursts both ways (under the 10 a second a socket may send); one process is killed and restarted in each round.
    let n = 0;
    for (const victim of ['shopperSide', 'agentSide'] as const) {
      const burst = (async () => {
        for (let i = 0; i < 24; i++) {
          n++;
          s.say(`顾客 ${victim} ${i}`);
          a.socket.sendMessage({
            type: 'send',
            conversationId,
            clientId: `agent-${victim}-${i}-${randomBytes(4).toString('hex')}`,
            kind: 'text',
            body: `客服 ${victim} ${i}`,
          });
          await sleep(110);
        }
      })();
      await sleep(900);
      await kill(victim);
      await start(victim);
      s.conn.reconnectNow(); // as the widget does when the browser comes back online
      await burst;
    }

    // Everything sent is confirmed stored in the end (the clients resend until it is).
    await until(
      'every send acknowledged',
      () => s.conn.outbox.size === 0 && s.acked.size === n + 1 && a.acked.size === 2 * 24,
      15_000,
      () => ({
        outbox: s.conn.outbox.size,
        failed: s.conn.failed.size,
        shopperAcked: s.acked.size,
        of: n + 1,
        agentAcked: a.acked.size,
        status: s.conn.status,
        errors: a.errors,
      }),
    );
    // One more line each way: a message whose live delivery was lost shows as a hole before it, and is fetched.
    s.say('最后一句');
    a.socket.sendMessage({
      type: 'send',
      conversationId,
      clientId: `agent-last-${randomBytes(4).toString('hex')}`,
      kind: 'text',
      body: '客服最后一句',
    });
    const lastSeq = async () =>
      (await database.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow()).last_seq;
    // Both last lines stored, and each side holding every seq up to the last: the agent in its list, the shopper on
    // screen (an ack can overtake the shopper's own message, which comes back through Redis).
    const onScreen = () => s.screen.list().filter((item) => item.seq !== null).length;
    const shopperVisible = async () =>
      Number(
        (
          await database.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('conversation_id', '=', conversationId)
            .where('kind', '<>', 'note')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await until(
      'both sides hold every seq',
      async () => {
        const last = await lastSeq();
        return (
          s.acked.size === n + 2 &&
          a.acked.size === 2 * 24 + 1 &&
          s.conn.lastSeq === last &&
          contiguousSeq(a.held(conversationId)) === last &&
          onScreen() === (await shopperVisible())
        );
      },
      15_000,
      () => ({ shopperAcked: s.acked.size, agentAcked: a.acked.size, lastSeq: s.conn.lastSeq, onScreen: onScreen() }),
    );

    const rows = await database.db
      .selectFrom('messages')
      .select(['seq', 'client_id', 'sender_kind', 'kind', 'body'])
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .execute();
    // Stored once: seqs 1…last without a hole, and no client id twice.
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const clientIds = rows.map((r) => r.client_id).filter((c): c is string => c !== null);
    expect(new Set(clientIds).size).toBe(clientIds.length);
    // Every acknowledged message is stored, at the seq its ack named.
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    for (const [clientId, seq] of [...s.acked, ...a.acked]) expect(bySeq.get(seq)?.client_id, clientId).toBe(clientId);
    // The agent holds every message; the shopper's screen shows every one it may see, once.
    expect(a.held(conversationId).map((m) => m.seq)).toEqual(rows.map((r) => r.seq));
    const shown = s.screen
      .list()
      .filter((item) => item.seq !== null)
      .map((item) => item.seq);
    expect(shown).toEqual(rows.filter((r) => r.kind !== 'note').map((r) => r.seq));
    expect(rows.filter((r) => r.sender_kind === 'shopper')).toHaveLength(n + 2);
    expect(rows.filter((r) => r.sender_kind === 'agent')).toHaveLength(2 * 24 + 1);

    s.conn.stop();
    a.socket.stop();
  }, 60_000);
});
