/**
 * Restart on existing data (issue 17: ≤ 1.5 s on PGlite): the time from starting the server as `npm start` does
 * (`node apps/server/dist/kefu.mjs start`, the bundle, built first if stale) to /readyz answering 200, alternated with
 * the bare start (bench/startup/bare.ts: PGlite on the same folder + an HTTP server). `--tsx` also times the same
 * start from the TypeScript sources through tsx, as before the bundle.
 *
 *   npx tsx bench/startup/run.ts [--runs 5] [--data /tmp/kefu-bench-startup]
 *
 * The first run fills the folder with the demo shop (a minute); later runs reuse it. Prints medians, the ratio and the
 * load average, and writes bench/startup/last-results.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    data: { type: 'string', default: '/tmp/kefu-bench-startup' },
    tsx: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const dataDir = values.data!;
const PORT = 3987;

async function readyAfter(started: number, timeoutMs: number): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/readyz`);
      if (res.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) throw new Error('not ready in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function timeStart(command: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    return await readyAfter(started, timeoutMs);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const kefuEnv = { DATA_DIR: dataDir, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
const kefu = () => timeStart(process.execPath, ['--enable-source-maps', 'apps/server/dist/kefu.mjs', 'start'], kefuEnv, 180_000);
const kefuTsx = () => timeStart(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'start'], kefuEnv, 180_000);
spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/build/cli.ts', 'if-stale'], { cwd: ROOT, stdio: 'inherit' });
// The bare program answers any path, /readyz included.
const bare = () => timeStart(process.execPath, ['--import', 'tsx', 'bench/startup/bare.ts', dataDir, String(PORT)], {}, 60_000);

if (!existsSync(`${dataDir}/PG_VERSION`)) {
  console.log(`filling ${dataDir} with the demo shop…`);
  await kefu();
}
const kefuMs: number[] = [];
const bareMs: number[] = [];
const tsxMs: number[] = [];
for (let i = 0; i < runs; i++) {
  kefuMs.push(await kefu());
  bareMs.push(await bare());
  if (values.tsx) tsxMs.push(await kefuTsx());
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const result = {
  runs,
  kefuMedianMs: Math.round(median(kefuMs)),
  bareMedianMs: Math.round(median(bareMs)),
  ratio: Number((median(bareMs) / median(kefuMs)).toFixed(2)),
  kefuMs: kefuMs.map(Math.round),
  bareMs: bareMs.map(Math.round),
  ...(tsxMs.length ? { tsxMedianMs: Math.round(median(tsxMs)), tsxMs: tsxMs.map(Math.round) } : {}),
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  at: new Date().toISOString(),
};
console.log(`restart on existing data (PGlite): kefu ${result.kefuMedianMs} ms, bare ${result.bareMedianMs} ms, bare/kefu ${result.ratio}`);
console.log(`  kefu runs ${result.kefuMs.join(' ')} · bare runs ${result.bareMs.join(' ')} · load ${result.loadAverage.join(' ')}`);
if (tsxMs.length) console.log(`  through tsx from the sources: median ${Math.round(median(tsxMs))} ms (runs ${tsxMs.map(Math.round).join(' ')})`);
writeFileSync(new URL('./last-results.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
