import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../src/seed/random.ts';
import { fuzzHttp, fuzzRoutes } from './fuzz/http.ts';
import { fuzzSockets } from './fuzz/sockets.ts';
import { fuzzTarget, type FuzzTarget } from './fuzz/target.ts';

/**
 * Malformed input over every route and both chat sockets: no 5xx, no `internal` error frame, and nothing stored by a
 * request or frame that was refused. Bounded and seeded: a failure prints its seed; FUZZ_SEED=<seed> replays it.
 * `npm run bench:fuzz` runs the same fuzzers longer.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
const replay = `replay with FUZZ_SEED=${SEED} npx vitest run apps/server/test/fuzz.test.ts`;

let t: FuzzTarget;
beforeAll(async () => {
  t = await fuzzTarget();
});
afterAll(async () => {
  await t.close();
});

describe(`malformed input (seed ${SEED})`, () => {
  it('never answers 5xx and never writes on a refusal, on any route', async () => {
    const routes = fuzzRoutes(t.app);
    const report = await fuzzHttp({
      app: t.app,
      db: t.ctx.db,
      rnd: seededRandom(SEED),
      perRoute: 6,
      routes,
      inject: t.inject,
      relogin: t.relogin,
      checkWrites: (method) => method !== 'GET',
    });
    expect(report.findings, replay).toEqual([]);
    expect(Object.keys(report.perRoute).length, 'every registered route was fuzzed').toBe(routes.length);
    expect(report.byStatusClass['4xx'], 'most malformed requests are refused').toBeGreaterThan(report.requests / 3);
  }, 90_000);

  it('never answers `internal`, never drops a connection unannounced, never writes on a refused frame', async () => {
    await t.relogin(); // the HTTP fuzz may have changed the admin's role
    const report = await fuzzSockets({
      db: t.ctx.db,
      rnd: seededRandom(SEED),
      count: 120,
      wsBase: t.wsBase,
      shopKey: t.shopKey,
      agentCookie: t.cookie,
    });
    expect(report.findings, replay).toEqual([]);
    expect(report.frames).toBe(240);
  }, 90_000);
});
