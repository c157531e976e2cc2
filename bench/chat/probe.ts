/**
 * Bench instrumentation loaded into the server process (`node --import tsx --import ./bench/chat/probe.ts …`);
 * no server code is changed. Once a second it appends a JSON line to BENCH_PROBE_FILE with what happened in
 * that second: event-loop delay, SQL statements and their time (client side: send → result, including the
 * wait for the database), also per statement text, and on PostgreSQL how long requests waited for a pool
 * connection. Each distinct statement is written once, with the parameters of its first use, to
 * BENCH_PROBE_FILE.sql.jsonl (for EXPLAIN after the run).
 * SIGUSR2 starts a CPU profile of this process; the next SIGUSR2 writes it to BENCH_PROBE_FILE.<n>.cpuprofile.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createHistogram, monitorEventLoopDelay, type RecordableHistogram } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;

if (file) {
  const RESOLUTION_MS = 5;
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  let acquire: RecordableHistogram = createHistogram();
  let query: RecordableHistogram = createHistogram();
  let queries = 0;
  let querySumUs = 0;
  let acquires = 0;
  let maxWaiting = 0;
  let maxInFlight = 0;
  let inFlight = 0;
  const us = (t0: number) => Math.max(1, Math.round((performance.now() - t0) * 1000));
  const statementIds = new Map<string, number>();
  let perStatement = new Map<number, [number, number]>();
  const statementId = (text: string, params: unknown) => {
    let id = statementIds.get(text);
    if (id === undefined) {
      id = statementIds.size + 1;
      statementIds.set(text, id);
      const sample = Array.isArray(params) ? params.map((p) => (typeof p === 'string' && p.length > 500 ? p.slice(0, 500) : p)) : [];
      try {
        appendFileSync(`${file}.sql.jsonl`, `${JSON.stringify({ id, sql: text, params: sample })}\n`);
      } catch {
        /* ignore */
      }
    }
    return id;
  };
  const onQueryDone = (t0: number, id: number) => {
    const d = us(t0);
    query.record(d);
    querySumUs += d;
    queries++;
    inFlight--;
    const e = perStatement.get(id);
    if (e) {
      e[0]++;
      e[1] += d;
    } else perStatement.set(id, [1, d]);
  };

  if (process.env.BENCH_PROBE_ENGINE === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const proto = PGlite.prototype as unknown as { query: (...a: unknown[]) => Promise<unknown> };
    const original = proto.query;
    proto.query = function (this: unknown, ...a: unknown[]) {
      const t0 = performance.now();
      const id = statementId(String(a[0]), a[1]);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const p = original.apply(this, a);
      p.then(
        () => onQueryDone(t0, id),
        () => onQueryDone(t0, id),
      );
      return p;
    };
  } else {
    const pg = (await import('pg')).default;
    const poolProto = pg.Pool.prototype as unknown as { connect: (...a: unknown[]) => unknown; waitingCount: number };
    const connect = poolProto.connect;
    poolProto.connect = function (this: { waitingCount: number }, ...a: unknown[]) {
      if (a.length > 0) return connect.apply(this, a);
      maxWaiting = Math.max(maxWaiting, this.waitingCount + 1);
      const t0 = performance.now();
      const p = connect.apply(this, a) as Promise<unknown>;
      p.then(
        () => {
          acquire.record(us(t0));
          acquires++;
        },
        () => {},
      );
      return p;
    };
    const clientProto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const q = clientProto.query;
    clientProto.query = function (this: unknown, ...a: unknown[]) {
      const r = q.apply(this, a);
      // A named (prepared) statement comes as a config object: { name, text, values }.
      const config = a[0] as { text?: unknown; values?: unknown } | string | undefined;
      const text = typeof config === 'string' ? config : config?.text;
      if (r && typeof (r as Promise<unknown>).then === 'function' && typeof text === 'string') {
        const t0 = performance.now();
        const id = statementId(text, typeof config === 'string' ? a[1] : config?.values);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        (r as Promise<unknown>).then(
          () => onQueryDone(t0, id),
          () => onQueryDone(t0, id),
        );
      }
      return r;
    };
  }

  // The histogram holds the timer's whole period (resolution included): the delay is what exceeds it.
  const lag = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
  const ms = (h: RecordableHistogram, p: number) => (h.count ? Math.round(h.percentile(p) / 10) / 100 : null);
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const line = {
      t: Date.now(),
      // this timer is due every 1,000 ms: a longer gap means the event loop was blocked (long synchronous work or microtask chains)
      dtMs: Math.round(now - last),
      loopMs: { p50: lag(loop.percentile(50)), p99: lag(loop.percentile(99)), max: lag(loop.max) },
      queries,
      queryMs: { p50: ms(query, 50), p99: ms(query, 99), max: ms(query, 100), sum: Math.round(querySumUs / 1000) },
      maxInFlight,
      acquires,
      acquireMs: { p50: ms(acquire, 50), p99: ms(acquire, 99), max: ms(acquire, 100) },
      maxWaiting,
      cpuUs: process.cpuUsage(),
      /** statement id → [count, µs] in this second */
      statements: Object.fromEntries(perStatement),
    };
    perStatement = new Map();
    last = now;
    loop.reset();
    acquire = createHistogram();
    query = createHistogram();
    queries = 0;
    querySumUs = 0;
    acquires = 0;
    maxWaiting = 0;
    maxInFlight = inFlight;
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      /* the bench went away */
    }
  }, 1000);
  timer.unref();
}

if (file) {
  let session: Session | undefined;
  let n = 0;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!session) {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
      } else {
        const s = session;
        session = undefined;
        const { profile } = await s.post('Profiler.stop');
        s.disconnect();
        writeFileSync(`${file}.${++n}.cpuprofile`, JSON.stringify(profile));
      }
    })().catch((e: unknown) => console.error('probe profiler:', e));
  });
}
