/**
 * kefu against the bare chat pipeline (bare.ts), in the same run, alternating: the sustained shopper msg/s of
 * each, round by round, and their ratio with the load average (issue 17: kefu ≥ 0.5 of bare on PostgreSQL).
 *
 *   npx tsx bench/chat/compare.ts [--rounds 3] [--conversations 2000] [--step-seconds 8] …   (~8–10 min)
 *   npx tsx bench/chat/compare.ts --help
 *
 * Both servers run side by side (the idle one costs next to nothing), each with its agents online and its
 * conversations open; then each round searches, for kefu and for bare in turn (the first alternates), the
 * highest offered rate the system sustains (see `sustains`), starting from its result of the round before.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { LoadGenerator } from './load.ts';
import { children } from './server.ts';
import { loadAverage, median, search, type Search } from './sustained.ts';
import { startBare, startKefu, type RunningSystem, type SystemName } from './systems.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    conversations: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '40' },
    'max-chats': { type: 'string', default: '50' },
    'step-seconds': { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    'max-steps': { type: 'string', default: '5' },
    'max-per-shopper': { type: 'string', default: '6' },
    'kefu-start': { type: 'string', default: '800' },
    'bare-start': { type: 'string', default: '2500' },
    'pool-size': { type: 'string' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'time-limit': { type: 'string', default: '1200' },
    out: { type: 'string', default: `${HERE}compare-results.json` },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: npx tsx bench/chat/compare.ts [options]
  --rounds N                 rounds, each measuring kefu and bare once (3)
  --conversations N          open conversations per system (1000); --agents A --max-chats M (40, 50)
  --step-seconds S --warmup W   measured and unmeasured seconds of each offered rate (8, 2)
  --max-steps K              offered rates tried per system per round (5)
  --max-per-shopper P        messages a second one shopper may send (6; the server allows 10)
  --kefu-start R --bare-start R   the first offered rates (800, 2500); later rounds start from the last result
  --pool-size N              DB_POOL_SIZE of kefu, and the bare pool (default 10)
  --pg-url URL               PostgreSQL on this machine
  --time-limit S             hard limit for the whole run (1200)
  --out FILE                 results JSON (bench/chat/compare-results.json)`);
  process.exit(0);
}
const int = (name: keyof typeof args, min = 1) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const opts = {
  rounds: int('rounds'),
  conversations: int('conversations'),
  agents: int('agents'),
  maxChats: int('max-chats'),
  stepSeconds: int('step-seconds'),
  warmupSeconds: int('warmup', 0),
  maxSteps: int('max-steps'),
  maxPerShopper: int('max-per-shopper'),
  start: { kefu: int('kefu-start'), bare: int('bare-start') } as Record<SystemName, number>,
  poolSize: args['pool-size'] !== undefined ? int('pool-size') : undefined,
  pgUrl: args['pg-url']!,
  timeLimitS: int('time-limit', 60),
};
if (opts.maxPerShopper > 8) throw new Error('--max-per-shopper: at most 8 (the server allows 10 messages/s per connection)');
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(opts.pgUrl).hostname)) throw new Error('--pg-url must point at this machine');

const DRAIN_SECONDS = 10;
const load = loadAverage;
const t0 = performance.now();
const log = (m: string) => console.error(`[compare ${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}`);

async function main() {
  const deadlineAt = performance.now() + opts.timeLimitS * 1000;
  const admin = new pg.Client({ connectionString: opts.pgUrl, application_name: 'kefu-chat-compare-admin' });
  await admin.connect();
  const systems: RunningSystem[] = [];
  const generators: LoadGenerator[] = [];
  const stopAll = async () => {
    for (const g of generators) g.markStopping();
    for (const s of systems) await s.stop().catch((e: Error) => log(`stopping ${s.name}: ${e.message}`));
    for (const g of generators) await g.close();
    await admin.end().catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const searches: Search[] = [];
  try {
    log(`load average before: ${load()}`);
    const so = { pgUrl: opts.pgUrl, agents: opts.agents, maxChats: opts.maxChats, poolSize: opts.poolSize };
    for (const start of [startKefu, startBare]) {
      const system = await start(admin, so);
      systems.push(system);
      const generator = new LoadGenerator({
        port: system.server.port,
        shopKey: system.shopKey,
        agents: system.agents,
        conversations: opts.conversations,
        seconds: opts.stepSeconds,
        warmupSeconds: opts.warmupSeconds,
        replyEvery: 0,
        connectRate: 200,
        connectConcurrency: 100,
        perAddress: 30,
        assignTimeoutS: 120,
        drainSeconds: DRAIN_SECONDS,
        maxPerShopperPerSec: opts.maxPerShopper,
        deadlineAt: deadlineAt - 30_000,
        log: (m) => log(`${system.name}: ${m}`),
      });
      generators.push(generator);
      await generator.connectAgents();
      const open = await generator.openShoppers();
      log(
        `${system.name}: pid ${system.server.pid}, ${open.assigned}/${open.shoppers} conversations open and assigned in ${open.allAssignedSeconds} s`,
      );
      // Under heavy outside load a few openings time out; the steps send from the assigned ones only.
      if (open.assigned < opts.conversations * 0.95) throw new Error(`${system.name}: only ${open.assigned} conversations assigned`);
    }
    const next = { ...opts.start };
    for (let round = 1; round <= opts.rounds; round++) {
      const order = round % 2 === 1 ? [0, 1] : [1, 0];
      for (const x of order) {
        if (performance.now() > deadlineAt - 90_000) throw new Error('time limit: stopping before the next search');
        const system = systems[x]!;
        log(`round ${round}: ${system.name}, from ${next[system.name]}/s (load ${load()})`);
        const measured = { name: system.name, pids: () => [system.server.pid], appName: system.appName };
        const s = await search(admin, measured, generators[x]!, next[system.name], round, { maxSteps: opts.maxSteps, log });
        searches.push(s);
        if (s.sustainedPerSec > 0) next[system.name] = s.sustainedPerSec;
        else next[system.name] = Math.round(next[system.name] / 2);
      }
      const of = (name: SystemName) => searches.find((s) => s.round === round && s.system === name)!.sustainedPerSec;
      const cpu = (name: SystemName) => searches.find((s) => s.round === round && s.system === name)!.cpuMsPerMsg;
      console.log(
        `round ${round}: kefu ${of('kefu')} msg/s, bare ${of('bare')} msg/s, ratio ${(of('kefu') / of('bare')).toFixed(2)}; ` +
          `CPU/msg kefu ${cpu('kefu')} ms, bare ${cpu('bare')} ms, ratio ${(cpu('bare') / cpu('kefu')).toFixed(2)} (load average ${load()})`,
      );
    }
  } finally {
    await stopAll();
    for (const c of children) c.kill('SIGKILL');
  }
  const ratios = Array.from({ length: opts.rounds }, (_, r) => {
    const of = (name: SystemName) => searches.find((s) => s.round === r + 1 && s.system === name)?.sustainedPerSec ?? NaN;
    return of('kefu') / of('bare');
  }).filter((x) => Number.isFinite(x));
  const summary = {
    kefuMedianPerSec: median(searches.filter((s) => s.system === 'kefu').map((s) => s.sustainedPerSec)),
    bareMedianPerSec: median(searches.filter((s) => s.system === 'bare').map((s) => s.sustainedPerSec)),
    ratios: ratios.map((r) => Math.round(r * 100) / 100),
    medianRatio: Math.round(median(ratios) * 100) / 100,
    kefuCpuMsPerMsg: median(searches.filter((s) => s.system === 'kefu').map((s) => s.cpuMsPerMsg)),
    bareCpuMsPerMsg: median(searches.filter((s) => s.system === 'bare').map((s) => s.cpuMsPerMsg)),
    loadAverage: load(),
  };
  console.log(
    `median: kefu ${summary.kefuMedianPerSec} msg/s, bare ${summary.bareMedianPerSec} msg/s, ratio ${summary.medianRatio} ` +
      `(rounds ${summary.ratios.join(', ')}; load average ${summary.loadAverage}; target ≥ 0.5); ` +
      `CPU/msg kefu ${summary.kefuCpuMsPerMsg} ms, bare ${summary.bareCpuMsPerMsg} ms, ratio ${(summary.bareCpuMsPerMsg / summary.kefuCpuMsPerMsg).toFixed(2)}`,
  );
  writeFileSync(args.out!, `${JSON.stringify({ options: opts, summary, searches, at: new Date().toISOString() }, null, 2)}\n`);
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
