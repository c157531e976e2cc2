/** The benchmark's figures as a text table, with the targets of issue 11 and the load average. */
import type { LatencySummary } from '../chat/load.ts';
import type { Results } from './run.ts';

const n = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x.toLocaleString('en-US'));
const s = (ms: number) => (ms / 1000).toFixed(2);
const secs = (l: LatencySummary) => (l.count ? `${s(l.p50)} / ${s(l.p95)} / ${s(l.p99)} / ${s(l.max)} s` : 'none');
const ms = (l: LatencySummary) => (l.count ? `${l.p50} / ${l.p95} / ${l.p99} / ${l.max} ms` : 'none');
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => (v === '' ? k : `  ${k.padEnd(width)}  ${v}`)).join('\n');
}

export function report(r: Results): string {
  const rows: [string, string][] = [];
  const o = r.options as Record<string, string | boolean | undefined>;
  const b = r.burst;
  if (r.fill) {
    const c = r.fill.counts;
    rows.push(['Data', '']);
    rows.push(['running clocks before the burst (+ the burst)', `${n(c.clocks)} (+ ${n(b?.check.due)})`]);
    rows.push(['tickets: all / open / open with a due time', `${n(c.tickets)} / ${n(c.openTickets)} / ${n(c.ticketsWithDue)}`]);
    rows.push(['tickets whose sla_due_at ≠ earliest running clock (sample of 1/97)', String(c.dueMismatchesInSample)]);
    rows.push([
      'fill seconds',
      Object.entries(r.fill.seconds)
        .map(([k, v]) => `${k.replace(/ \(.*\)/, '')} ${v}`)
        .join('; '),
    ]);
  }
  if (b) {
    const ch = b.check;
    rows.push(['', ''], ['1. Breach latency at scale', '']);
    rows.push([
      'burst: clocks due within the minute',
      `${n(ch.due)} over ${o.spread} s, first due ${b.leadSeconds.toFixed(1)} s after the fill ended`,
    ]);
    rows.push([
      'sweeping processes',
      `${o.workers} × job sla.sweep every 1 s (real JobRunner + sweepClocks(db, ${o.hub ? 'hub' : 'null'}); event room ${o['no-events'] ? 'off' : 'on'})`,
    ]);
    rows.push(['due → marked (breached_at) p50/p95/p99/max', secs(ch.markedMs)]);
    rows.push(['due → acted on (batch committed) p50/p95/p99/max', secs(b.actedMs)]);
    rows.push(['target: acted on within 5 s at p99', `${verdict(b.actedMs.p99 <= 5000 && b.allBreached)} (${s(b.actedMs.p99)} s)`]);
    rows.push([
      'every burst clock breached',
      `${b.allBreached ? 'yes' : 'NO'}: ${n(ch.breached)} of ${n(ch.due)}, ${b.seconds.toFixed(1)} s after the first due time`,
    ]);
    const once =
      ch.breached === ch.due &&
      b.breachedByTwoWorkers === 0 &&
      ch.breachedOutsideBurst === 0 &&
      ch.events.rows === ch.breached &&
      ch.events.clocks === ch.breached &&
      ch.events.outsideBurst === 0 &&
      ch.timeline.rows === ch.timeline.expected &&
      ch.timeline.clocks === ch.timeline.expected;
    rows.push(['exactly once', once ? 'yes' : 'NO — see below']);
    rows.push(['  clocks reported by two workers / breached outside the burst', `${b.breachedByTwoWorkers} / ${ch.breachedOutsideBurst}`]);
    rows.push([
      '  sla.breached events: rows / distinct clocks / not burst',
      `${n(ch.events.rows)} / ${n(ch.events.clocks)} / ${ch.events.outsideBurst}`,
    ]);
    rows.push([
      '  sla_breached timeline: rows / distinct clocks / expected',
      `${n(ch.timeline.rows)} / ${n(ch.timeline.clocks)} / ${n(ch.timeline.expected)}`,
    ]);
    rows.push(['breach actions on the timeline: priority raised / group changed', `${n(ch.timeline.priorityRaised)} / ${n(ch.timeline.reassigned)}`]);
    b.perWorker.forEach((w, i) =>
      rows.push([
        `worker ${i + 1}: clocks / sweep runs (with breaches) / run ms mean, max`,
        `${n(w.clocks)} / ${w.sweepRuns} (${w.busyRuns}) / ${w.meanBusyRunMs}, ${w.longestRunMs} ms${w.errors.length ? `; errors: ${w.errors.join(' | ')}` : ''}`,
      ]),
    );
    rows.push(['CPU cores during the burst: workers / PostgreSQL / other', `${b.cores.workers} / ${b.cores.postgres} / ${b.cores.other}`]);
    rows.push([
      'load average (1 min): start / peak / end of the burst',
      `${b.loadAverage.atStart[0]} / ${b.loadAverage.peak1m} / ${b.loadAverage.atEnd[0]}`,
    ]);
  }
  if (r.list) {
    rows.push(['', ''], [`2. Ticket list (GET /api/tickets, ${o['list-concurrency']} at a time) p50/p95/p99/max`, '']);
    for (const q of r.list) {
      rows.push([
        q.label,
        q.latencyMs
          ? `${ms(q.latencyMs)} over ${q.latencyMs.count}; non-200 ${q.non200}; total ${n(q.total)}; sorted/filtered as asked: ${q.honoured}`
          : q.status,
      ]);
      if (q.explain?.length)
        rows.push([
          '  its statements, EXPLAIN ANALYZE execution',
          q.explain.map((e) => `${e.executionMs} ms (${/count\(\*\)/.test(e.sql) ? 'count' : 'page'})`).join(' + '),
        ]);
    }
    const due = r.list.filter((q) => q.label.includes('due') && q.latencyMs);
    rows.push([
      'target: sorted by due time p99 ≤ 50 ms',
      due.length
        ? verdict(due.every((q) => q.latencyMs!.p99 <= 50 && q.honoured?.startsWith('yes')))
        : 'NOT MEASURED: the server refused the sort/filter',
    ]);
  }
  if (r.cpu) {
    rows.push(['', ''], ['3. The clock’s CPU cost (policies on vs all off, alternating blocks)', '']);
    for (const c of r.cpu) {
      rows.push([c.what, '']);
      for (const arm of ['on', 'off'] as const) {
        const a = c[arm];
        rows.push([
          `  ${arm === 'on' ? 'default policies' : 'all disabled'}: server / PostgreSQL CPU ms each`,
          `${a.serverMs} / ${a.postgresMs} over ${n(a.units)}; clocks started each ${a.clocksPerUnit}; latency ${ms(a.latencyMs)}; failed ${a.failed}`,
        ]);
      }
      rows.push([
        '  added by the clock: server / PostgreSQL ms',
        `${c.addedServerMs} / ${c.addedPostgresMs} (block pairs: ${c.blocks}, sd of the pair differences ${c.pairStdDevMs} ms)`,
      ]);
      const p = c.profile;
      if (p) {
        rows.push([
          `  profile (${n(p.creates)} more creates per arm): busy / inside clock code`,
          `${p.busyMs} / ${p.clockCodeMs} ms per create (on)`,
        ]);
        for (const [fn, v] of p.clockFunctions) rows.push([`    ${fn.slice(0, 80)}`, `${v} ms self`]);
        rows.push(['    by package, self ms per create on → off', p.packages.map((x) => `${x.pkg} ${x.onMs} → ${x.offMs}`).join('; ')]);
      }
      rows.push([
        '  target: ≤ 1 ms server CPU added',
        c.on.clocksPerUnit === 0
          ? 'NOT MEASURED: no clock started with the policies on (the path does not start clocks yet)'
          : verdict(c.addedServerMs <= 1),
      ]);
    }
  }
  rows.push(['', ''], ['Load average (1 / 5 / 15 min)', '']);
  for (const [k, v] of Object.entries(r.loadAverage)) rows.push([k, v.join(' / ')]);
  if (r.errors.length) rows.push(['', ''], ['ERRORS', ''], ...r.errors.map((e): [string, string] => ['', e.split('\n')[0]!]));
  const head = `kefu service-level benchmark — ${r.generatedAt} — ${r.machine.cores} cores, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}`;
  return `\n${head}\n\n${table(rows)}\n\nTotal ${r.totalSeconds} s. Latency percentiles are nearest-rank.\n`;
}
