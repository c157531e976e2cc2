/**
 * The malformed-input fuzzer at length (the test suite runs it small: apps/server/test/fuzz.test.ts):
 *
 *   npm run bench:fuzz [-- --seed 7 --per-route 100 --frames 1000 --check-gets]
 *
 * Every registered route gets --per-route malformed requests as an admin (nasty path parameters, query values, body
 * fields, whole bodies, multipart uploads), and the shopper and agent sockets --frames malformed frames each. Counts
 * are printed per status class and per answer; a finding is a 5xx, an `internal` error frame, a connection dropped
 * without its error frame, or a refused request or frame after which stored data differs. Runs on PGlite, or on
 * PostgreSQL with DATABASE_URL (a fresh schema, dropped). Exits 1 when there is a finding.
 */
import { parseArgs } from 'node:util';
import { seededRandom } from '../../apps/server/src/seed/random.ts';
import { fuzzHttp } from '../../apps/server/test/fuzz/http.ts';
import { fuzzSockets } from '../../apps/server/test/fuzz/sockets.ts';
import { fuzzTarget } from '../../apps/server/test/fuzz/target.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'per-route': { type: 'string', default: '100' },
    frames: { type: 'string', default: '1000' },
    'check-gets': { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const target = await fuzzTarget({ customers: 20, tickets: 40 });
console.log(`fuzzing on ${target.ctx.engine}, seed ${seed} (replay: npm run bench:fuzz -- --seed ${seed})`);

const started = performance.now();
const http = await fuzzHttp({
  app: target.app,
  db: target.ctx.db,
  rnd: seededRandom(seed),
  perRoute: Number(values['per-route']),
  inject: target.inject,
  relogin: target.relogin,
  checkWrites: (method) => values['check-gets'] || method !== 'GET',
});
const httpSeconds = (performance.now() - started) / 1000;
console.log(`\nHTTP: ${http.requests} requests over ${Object.keys(http.perRoute).length} routes in ${httpSeconds.toFixed(1)} s`);
console.table(Object.fromEntries(Object.entries(http.byStatusClass).sort()));

await target.relogin();
const socketStart = performance.now();
const sockets = await fuzzSockets({
  db: target.ctx.db,
  rnd: seededRandom(seed),
  count: Number(values.frames),
  wsBase: target.wsBase,
  shopKey: target.shopKey,
  agentCookie: target.cookie,
});
console.log(`\nSockets: ${sockets.frames} frames in ${((performance.now() - socketStart) / 1000).toFixed(1)} s`);
console.table(Object.fromEntries(Object.entries(sockets.byAnswer).sort()));

const findings = [...http.findings.map((f) => ({ where: 'http', ...f })), ...sockets.findings.map((f) => ({ where: 'socket', ...f }))];
console.log(`\n${findings.length} finding(s)${findings.length ? ` — seed ${seed}` : ''}`);
for (const f of findings.slice(0, 50)) console.log(JSON.stringify(f));
await target.close();
process.exit(findings.length ? 1 : 0);
