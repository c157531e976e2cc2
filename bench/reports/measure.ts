/**
 * The reports over HTTP, as a browser asks for them: page views of the dashboard (GET /api/reports/kpis with the
 * staff and group lists its filters need, all at once), the agents' table and the question statistics, for months
 * and filters in turn; and the weekly after-sales brief made (POST, an admin's "generate now") and downloaded as
 * PDF and Excel. Latencies per page view and per request; anything but 200/201 is counted with a sample.
 */
import { summarize, type LatencySummary } from '../chat/load.ts';
import type { Client, Reply } from '../tickets/http.ts';
import type { Reference } from './fill.ts';
import type { Span } from './sql.ts';

export interface Range {
  label: string;
  from: string;
  to: string;
  agentId?: number;
  groupId?: number;
  channel?: string;
}

export type PageName = 'dashboard' | 'agents' | 'questions';

const query = (r: Range, filters = true) =>
  new URLSearchParams(
    Object.entries({ from: r.from, to: r.to, ...(filters && { agentId: r.agentId, groupId: r.groupId, channel: r.channel }) }).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, String(v)]],
    ),
  ).toString();

/** The requests one view of each page makes (apps/web/src/features/reports: reportsApi + useDirectory). */
export const PAGES: Record<PageName, (r: Range) => string[]> = {
  dashboard: (r) => [`/api/reports/kpis?${query(r)}`, '/api/users', '/api/groups'],
  agents: (r) => [`/api/reports/agents?${query(r)}`, '/api/users', '/api/groups'],
  questions: (r) => [`/api/reports/questions?${query(r, false)}`],
};

const DAY_MS = 86_400_000;
const chinaDay = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * `count` ranges: the span's calendar months, latest first (this month up to yesterday), then the same months again
 * with a filter each — an agent, a skill group, a channel — in turn.
 */
export function monthRanges(span: Span, ref: Reference, count: number): Range[] {
  const first = chinaDay(span.start.getTime());
  const last = chinaDay(span.start.getTime() + (span.days - 1) * DAY_MS);
  const months: Range[] = [];
  for (let [y, m] = last.slice(0, 7).split('-').map(Number) as [number, number]; months.length < 13; m === 1 ? ((m = 12), y--) : m--) {
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    const end = chinaDay(Date.parse(`${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`) - DAY_MS);
    if (end < first) break;
    months.push({ label: start.slice(0, 7), from: start < first ? first : start, to: end > last ? last : end });
  }
  const filters: Omit<Range, 'label' | 'from' | 'to'>[] = [
    { agentId: ref.agentIds[3] },
    { groupId: ref.groupIds[1] },
    { channel: 'taobao' },
    { agentId: ref.agentIds[17] },
    { channel: 'web' },
    { groupId: ref.groupIds[0] },
  ];
  const out: Range[] = [];
  for (let i = 0; out.length < count && months.length; i++) {
    const month = months[i % months.length]!;
    const round = Math.floor(i / months.length);
    if (round === 0) out.push(month);
    else {
      const f = filters[(i - months.length) % filters.length]!;
      out.push({ ...month, ...f, label: `${month.label} ${Object.entries(f).map(([k, v]) => `${k}=${v}`)[0]}` });
    }
  }
  return out;
}

export interface PageResult {
  page: PageName;
  views: number;
  pageViewMs: LatencySummary;
  requests: Record<string, LatencySummary>;
  failures: number;
  failureSamples: string[];
  /** each view: its range and wall time, ms */
  perRange: { label: string; ms: number; kpiMs: number }[];
}

async function view(client: Client, paths: string[]): Promise<{ ms: number; replies: { path: string; reply: Reply }[] }> {
  const start = performance.now();
  const replies = await Promise.all(paths.map(async (path) => ({ path, reply: await client.request('GET', path) })));
  return { ms: performance.now() - start, replies };
}

/** Each range once, one page view at a time, after one unmeasured view (the last week, so no measured month is warm). */
export async function measurePage(client: Client, page: PageName, ranges: Range[], warmup: Range, log: (m: string) => void): Promise<PageResult> {
  await view(client, PAGES[page](warmup));
  const byPath: Record<string, number[]> = {};
  const pageMs: number[] = [];
  const perRange: PageResult['perRange'] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  for (const range of ranges) {
    const { ms, replies } = await view(client, PAGES[page](range));
    pageMs.push(ms);
    for (const { path, reply } of replies) {
      const key = path.split('?')[0]!;
      (byPath[key] ??= []).push(reply.ms);
      if (reply.status !== 200) {
        failures++;
        if (failureSamples.length < 5) failureSamples.push(`${reply.status} ${path}: ${(reply.error ?? reply.body).slice(0, 300)}`);
      }
    }
    perRange.push({ label: range.label, ms: Math.round(ms), kpiMs: Math.round(replies[0]!.reply.ms) });
  }
  const result: PageResult = {
    page,
    views: ranges.length,
    pageViewMs: summarize(pageMs),
    requests: Object.fromEntries(Object.entries(byPath).map(([k, v]) => [k, summarize(v)])),
    failures,
    failureSamples,
    perRange,
  };
  log(
    `  ${page}: page view p50 ${result.pageViewMs.p50} / p95 ${result.pageViewMs.p95} / max ${result.pageViewMs.max} ms over ${ranges.length}${failures ? `; ${failures} FAILED` : ''}`,
  );
  return result;
}

export interface BriefRun {
  periodStart: string;
  /** POST /api/reports/briefs: the figures built and archived */
  buildMs: number;
  pdfMs: number;
  xlsxMs: number;
  totalMs: number;
  status: string;
  afterSales?: number;
}

/** The weekly after-sales brief of the week of `day`: made, then downloaded as PDF and as Excel, one after the other. */
export async function weeklyBrief(admin: Client, day: string): Promise<BriefRun> {
  const made = await admin.request('POST', '/api/reports/briefs', { kind: 'weekly_aftersales', periodStart: day });
  const run: BriefRun = { periodStart: day, buildMs: Math.round(made.ms), pdfMs: 0, xlsxMs: 0, totalMs: Math.round(made.ms), status: '' };
  if (made.status !== 201) return { ...run, status: `POST ${made.status}: ${(made.error ?? made.body).slice(0, 300)}` };
  const brief = (JSON.parse(made.body) as { brief: { id: number; data: { totals?: { afterSales?: number } } } }).brief;
  const pdf = await admin.request('GET', `/api/reports/briefs/${brief.id}.pdf`);
  const xlsx = await admin.request('GET', `/api/reports/briefs/${brief.id}.xlsx`);
  const bad = [pdf, xlsx].find((r) => r.status !== 200);
  // A PDF starts with %PDF, an .xlsx is a zip (PK).
  const wrong = !pdf.body.startsWith('%PDF') ? 'not a PDF' : !xlsx.body.startsWith('PK') ? 'not an .xlsx' : null;
  return {
    ...run,
    pdfMs: Math.round(pdf.ms),
    xlsxMs: Math.round(xlsx.ms),
    totalMs: Math.round(made.ms + pdf.ms + xlsx.ms),
    status: bad ? `download ${bad.status}: ${(bad.error ?? bad.body).slice(0, 200)}` : (wrong ?? 'ok'),
    afterSales: brief.data.totals?.afterSales,
  };
}

/** Days in each of the last `count` weeks of the span (a Wednesday-ish day, a week apart, ending a week before its end). */
export function briefDays(span: Span, count: number): string[] {
  const end = span.start.getTime() + (span.days - 1) * DAY_MS;
  return Array.from({ length: count }, (_, i) => chinaDay(end - (7 * (i + 1) + 2) * DAY_MS));
}
