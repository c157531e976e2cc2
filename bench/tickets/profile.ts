/**
 * Summary of a V8 .cpuprofile: self time by function and by package, without idle time.
 *   npx tsx bench/tickets/profile.ts FILE.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byPackage: [string, number][];
  byFunction: [string, number][];
}

function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `native ${fn}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const app = /\/work\/main\/((?:apps|packages)\/[^/]+)/.exec(url) ?? /\/(bench)\//.exec(url);
  return app ? app[1]! : url;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfTime = new Map<number, number>();
  p.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, us] of selfTime) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const pkg = packageOf(url, functionName);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace('file:///work/main/', '')}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const pct = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, Math.round((us / busy) * 1000) / 10] as [string, number]);
  return { busyMs: Math.round(busy / 1000), idleMs: Math.round(idle / 1000), byPackage: pct(pkgs), byFunction: pct(fns) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile.ts FILE.cpuprofile [top]');
  const s = summarizeProfile(file, Number(process.argv[3] ?? 25));
  console.log(`busy ${s.busyMs} ms, idle ${s.idleMs} ms; self time as % of busy:\n\nby package:`);
  for (const [k, v] of s.byPackage) console.log(`  ${String(v).padStart(5)}%  ${k}`);
  console.log('\nby function:');
  for (const [k, v] of s.byFunction) console.log(`  ${String(v).padStart(5)}%  ${k}`);
}
