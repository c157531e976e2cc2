/** The reports bench's results (last-results.json) and the table run.ts prints. */
import type { LatencySummary } from '../chat/load.ts';
import type { HistoryResult } from './history.ts';
import type { BriefRun, PageResult } from './measure.ts';
import type { ChatWindow, PgliteResult } from './pglite.ts';
import type { ExplainedStatement } from './server.ts';

export interface Results {
  generatedAt: string;
  command: string;
  machine: { cores: number; cpu?: string; node: string; postgres: string };
  options: Record<string, unknown>;
  loadAverage: Record<string, number[]>;
  postgres?: {
    history: HistoryResult;
    serverStartSeconds: number;
    backfillJobAtStart?: { ms: number | null; error: string | null };
    pages: PageResult[];
    briefs: BriefRun[];
    explain: ExplainedStatement[];
  };
  pglite?: PgliteResult;
  errors: string[];
  totalSeconds: number;
}

/** The issue's targets (issue 12, "Speed"). */
const MONTH_P95_MS = 2000;
const BRIEF_MS = 30_000;

const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x).toLocaleString()}` : '—');
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
const lat = (l: LatencySummary) => `${ms(l.p50).padStart(7)} ${ms(l.p95).padStart(7)} ${ms(l.p99).padStart(7)} ${ms(l.max).padStart(7)}`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function history(h: HistoryResult, lines: string[]) {
  const fill = Object.values(h.seconds).reduce((a, b) => a + b, 0);
  lines.push(
    `  data: ${Object.entries(h.counts)
      .map(([k, v]) => `${k} ${v.toLocaleString()}`)
      .join(', ')}`,
    `  span: ${h.span.days} days from ${h.span.from} (Double-11 day ${h.span.spikeDay ?? 'none'}); fill ${fill.toFixed(0)} s`,
    `  rebuildFacts: ${h.facts.seconds} s for ${(h.facts.conversations + h.facts.tickets + h.facts.afterSales).toLocaleString()} facts = ${h.facts.rowsPerSecond.toLocaleString()} facts/s`,
  );
  if (h.tableMb)
    lines.push(
      `  on disk (MB): ${Object.entries(h.tableMb)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
}

function chatRow(label: string, w: ChatWindow) {
  const loop = w.serverEventLoop;
  return `  ${pad(label, 22)} ${String(w.sentPerSec).padStart(6)} ${lat(w.shopperToAgentMs)}   ${ms(w.ackMs.p99).padStart(7)} ${String(w.lost).padStart(5)}   ${ms(loop.max).padStart(7)} ${String(loop.secondsOver100ms).padStart(6)}`;
}

export function report(r: Results): string {
  const lines = [
    `kefu reports bench — ${r.generatedAt}, ${r.machine.cores} cores (${r.machine.cpu ?? '?'}), node ${r.machine.node}, PostgreSQL ${r.machine.postgres}`,
    `load average: ${Object.entries(r.loadAverage)
      .map(([k, v]) => `${k} ${v.join('/')}`)
      .join('; ')}`,
  ];
  const pgPhase = r.postgres;
  if (pgPhase) {
    lines.push('', 'PostgreSQL');
    history(pgPhase.history, lines);
    lines.push(
      `  server start ${pgPhase.serverStartSeconds} s`,
      '',
      `  ${pad('page view / request (ms)', 40)}    p50     p95     p99     max  target`,
    );
    for (const page of pgPhase.pages) {
      const ok = page.pageViewMs.p95 <= MONTH_P95_MS && page.failures === 0;
      lines.push(
        `  ${pad(`${page.page}: page view ×${page.views}`, 40)} ${lat(page.pageViewMs)}  p95 ≤ 2 s ${verdict(ok)}${page.failures ? ` (${page.failures} failed)` : ''}`,
      );
      for (const [path, l] of Object.entries(page.requests)) lines.push(`    ${pad(path, 38)} ${lat(l)}`);
      for (const f of page.failureSamples) lines.push(`    ! ${f}`);
    }
    lines.push('', '  weekly after-sales brief        build     PDF   Excel   total  target');
    for (const b of pgPhase.briefs)
      lines.push(
        `  ${pad(`week of ${b.periodStart}`, 30)} ${ms(b.buildMs).padStart(7)} ${ms(b.pdfMs).padStart(7)} ${ms(b.xlsxMs).padStart(7)} ${ms(b.totalMs).padStart(7)}  ≤ 30 s ${verdict(b.status === 'ok' && b.totalMs <= BRIEF_MS)}${b.status === 'ok' ? '' : ` ${b.status}`}`,
      );
    const slow = [...pgPhase.explain].sort((a, b) => b.executionMs - a.executionMs).slice(0, 8);
    if (slow.length) {
      lines.push('', '  slowest report statements (EXPLAIN ANALYZE, one month / one week)');
      for (const s of slow) lines.push(`    ${pad(s.report, 9)} ${ms(s.executionMs).padStart(7)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 110)}`);
    }
  }
  const lite = r.pglite;
  if (lite) {
    lines.push('', 'PGlite');
    history(lite.history, lines);
    lines.push(
      `  chat: ${lite.chat.conversations} conversations (${lite.chat.assigned} assigned), ${lite.chat.agents} agents, ${lite.chat.rate} shopper msg/s`,
      '',
      `  ${pad('shopper→agent (ms)', 22)}  msg/s     p50     p95     p99     max   ack99  lost  loop max  s>100ms`,
      chatRow('without reports', lite.withoutReports),
      chatRow('while reports run', lite.withReports),
      '',
      `  reports during the second window (${lite.reportLoops} full loops), ms:        p50     p95     p99     max`,
    );
    for (const [what, l] of Object.entries(lite.reports)) lines.push(`    ${pad(what, 52)} ${lat(l)}  ×${l.count}`);
    for (const f of lite.reportFailures) lines.push(`    ! ${f}`);
  }
  if (r.errors.length) lines.push('', 'ERRORS', ...r.errors.map((e) => `  ${e.split('\n').slice(0, 4).join('\n  ')}`));
  lines.push('', `total ${r.totalSeconds} s`);
  return lines.join('\n');
}
