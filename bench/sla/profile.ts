/**
 * Where the clock's CPU goes in a create, from two V8 CPU profiles of the server (policies on and off, the same
 * number of creates each): the time spent inside the clock's own code in the "on" profile (inclusive: every
 * sample with a frame of a file matching CLOCK_CODE on its stack), and per package the self time on − off.
 */
import { readFileSync } from 'node:fs';
import { summarizeProfile } from '../tickets/profile.ts';

/** The clock's code: the rules (packages/domain/src/sla), the server's sla/ room, and the subjects' clock files. */
const CLOCK_CODE = /\/(apps|packages)\/[^/]+\/src\/(sla\/|tickets\/clocks\.ts|conversations\/response-clock\.ts|aftersales\/clocks\.ts)/;
/** The profiler's own work when it stops (in every profile, not the server's). */
const PROFILER = 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface ClockProfile {
  /** busy server CPU per create in the "on" profile, ms */
  busyMs: number;
  /** of which inside the clock's code (inclusive), ms */
  clockCodeMs: number;
  /** the clock-code functions with the most self time, ms per create */
  clockFunctions: [string, number][];
  /** self time per create by package, on − off, ms: the largest differences */
  packages: { pkg: string; onMs: number; offMs: number }[];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function clockCode(file: string, units: number) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    let v = inside.get(id);
    if (v === undefined) {
      const up = parent.get(id);
      v = CLOCK_CODE.test(byId.get(id)!.callFrame.url) || (up !== undefined && isInside(up));
      inside.set(id, v);
    }
    return v;
  };
  const profiler = new Map<number, boolean>();
  const isProfiler = (id: number): boolean => {
    let v = profiler.get(id);
    if (v === undefined) {
      const up = parent.get(id);
      v = byId.get(id)!.callFrame.url === PROFILER || (up !== undefined && isProfiler(up));
      profiler.set(id, v);
    }
    return v;
  };
  let busy = 0;
  let clock = 0;
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || isProfiler(id)) return;
    const dt = p.timeDeltas[i] ?? 0;
    busy += dt;
    if (!isInside(id)) return;
    clock += dt;
    if (CLOCK_CODE.test(url)) {
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/work\/main\//, '')}:${lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + dt);
    }
  });
  const per = (us: number) => r3(us / 1000 / units);
  return {
    busyMs: per(busy),
    clockCodeMs: per(clock),
    clockFunctions: [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, us]) => [k, per(us)] as [string, number]),
  };
}

export function clockProfile(on: string, off: string, units: number): ClockProfile {
  const byPackage = (file: string) => {
    const s = summarizeProfile(file, 100);
    return new Map(s.byPackage.map(([pkg, pct]) => [pkg, (pct / 100) * (s.busyMs / units)]));
  };
  const a = byPackage(on);
  const b = byPackage(off);
  const packages = [...new Set([...a.keys(), ...b.keys()])]
    .filter((pkg) => pkg !== 'native dispatch') // the profiler stopping
    .map((pkg) => ({ pkg, onMs: r3(a.get(pkg) ?? 0), offMs: r3(b.get(pkg) ?? 0) }))
    .sort((x, y) => Math.abs(y.onMs - y.offMs) - Math.abs(x.onMs - x.offMs))
    .slice(0, 8);
  return { ...clockCode(on, units), packages };
}
