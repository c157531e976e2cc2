import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Client, closedLoop, latency, processCpu } from './http.ts';
const url = 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Client(url); await admin.connect();
const schema = `bench_probe_${randomBytes(4).toString('hex')}`; await admin.query(`create schema ${schema}`);
const engine = process.argv[2] ?? 'postgres';
const child = fork(new URL('./server.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_ENGINE: engine, BENCH_PG_URL: url + '?application_name=probe', BENCH_SCHEMA: schema, BENCH_DATA_DIR: 'memory://' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ready: any = await new Promise((r) => child.on('message', (m: any) => m.type === 'ready' && r(m)));
const c = new Client(ready.port, ready.token, 32);
const body = { type: 'consultation', subject: '尺码偏小想换大一码', description: '平时穿M码，这次买的跑步鞋尺码偏小，穿着有点紧，想换大一码，吊牌都在。订单号20261101123456。', customerId: ready.reference.customerIds[0] };
const pgPids = async () => new Set((await admin.query(`select pid from pg_stat_activity where application_name='probe'`)).rows.map((r) => r.pid));
async function measure(name: string, n: number, conc: number, fn: (i: number) => Promise<any>) {
  const p0 = processCpu(); const pids0 = await pgPids();
  const run = await closedLoop(n, conc, performance.now() + 60000, fn);
  const p1 = processCpu(); const pids = new Set([...pids0, ...(await pgPids())]);
  const used = (pid: number) => (p1.get(pid)?.seconds ?? 0) - (p0.get(pid)?.seconds ?? 0);
  let pgs = 0; for (const p of pids) pgs += used(p);
  const n2 = run.samples.length;
  console.log(name.padEnd(28), `conc ${conc}`.padEnd(8), `${Math.round(n2 / run.seconds)} req/s`.padEnd(12), `p50 ${latency(run.samples.map((s) => s.reply.ms)).p50} ms`.padEnd(14),
    `server ${(used(child.pid!) * 1000 / n2).toFixed(2)} ms CPU/req`, ` pg ${(pgs * 1000 / n2).toFixed(2)} ms CPU/req`, ` loadgen ${(used(process.pid) * 1000 / n2).toFixed(2)}`, [...new Set(run.samples.map(s=>s.reply.status))].join(','));
}
for (const conc of [1, 32]) {
  await measure('GET /healthz', 2000, conc, () => c.request('GET', '/healthz'));
  await measure('GET /api/tickets/1 (404)', 2000, conc, () => c.request('GET', '/api/tickets/999999'));
  await measure('POST /api/tickets', 1000, conc, () => c.request('POST', '/api/tickets', body));
  await measure('GET /api/tickets?q=退款', 1000, conc, () => c.request('GET', '/api/tickets?q=' + encodeURIComponent('退款')));
}
c.close(); child.send({ id: 1, cmd: 'stop' }); await new Promise((r) => child.on('exit', r));
await admin.query(`drop schema ${schema} cascade`); await admin.end();
