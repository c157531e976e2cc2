/**
 * Phase 2, the ticket list sorted by due time: GET /api/tickets on the database the burst left (a million
 * clocks, the open tickets' `sla_due_at`), sequential requests (or `concurrency` at once) after a warm-up, per
 * query. A query the server refuses (400: the sort or filter is not there yet) is reported as refused; the
 * `updated_at` lists are measured as the baseline. The first answer of each query is checked: sorted by
 * `slaDueAt`, and within the next 2 hours for `due=soon`.
 */
import { summarize, type LatencySummary } from '../chat/load.ts';
import { closedLoop, type Client } from '../tickets/http.ts';
import type { ExplainedStatement } from './server.ts';

export interface ListOptions {
  requests: number;
  warmup: number;
  concurrency: number;
  /** agents whose "mine, due soon" lists are asked for, in turn */
  agentIds: number[];
  /** EXPLAIN ANALYZE of the statements the list runs for a filter (in the server process) */
  explain(filter: object): Promise<ExplainedStatement[]>;
}

export interface ListQueryResult {
  label: string;
  path: string;
  /** 'refused 400: …' when the server does not take the query */
  status: string;
  latencyMs?: LatencySummary;
  non200?: number;
  /** tickets the first answer says match in all, and on its page */
  total?: number;
  page?: number;
  /** whether the first answer is what the query asks for */
  honoured?: string;
  /** the statements listTickets ran for the first request, EXPLAIN ANALYZEd afterwards */
  explain?: ExplainedStatement[];
}

interface TicketListBody {
  tickets?: { slaDueAt?: string | null }[];
  total?: number;
  message?: string;
  error?: string;
}

const SOON_MS = 2 * 3600_000;

function judge(label: string, body: TicketListBody): string {
  const tickets = body.tickets ?? [];
  if (!label.includes('due')) return 'n/a';
  if (tickets.some((t) => t.slaDueAt === undefined)) return 'no: tickets have no slaDueAt on the wire';
  const due = tickets.map((t) => (t.slaDueAt ? Date.parse(t.slaDueAt) : Infinity));
  if (due.some((d, i) => i > 0 && d < due[i - 1]!)) return 'no: not sorted by slaDueAt';
  if (label.includes('soon') && due.some((d) => d > Date.now() + SOON_MS)) return 'no: a ticket due later than 2 h';
  return tickets.length ? 'yes' : 'yes (empty page)';
}

export async function runList(client: Client, o: ListOptions, deadline: number, log: (m: string) => void): Promise<ListQueryResult[]> {
  const agent = (i: number) => o.agentIds[i % o.agentIds.length]!;
  const page = { page: 1, pageSize: 20 };
  const queries: { label: string; path: (i: number) => string; filter: object }[] = [
    { label: 'sort=sla_due_at asc', path: () => '/api/tickets?sort=sla_due_at&order=asc', filter: { ...page, sort: 'sla_due_at', order: 'asc' } },
    {
      label: 'sla_due_at asc, due=soon',
      path: () => '/api/tickets?sort=sla_due_at&order=asc&due=soon',
      filter: { ...page, sort: 'sla_due_at', order: 'asc', due: 'soon' },
    },
    {
      label: 'assignee, due=soon, sla_due_at asc',
      path: (i) => `/api/tickets?assigneeId=${agent(i)}&due=soon&sort=sla_due_at&order=asc`,
      filter: { ...page, sort: 'sla_due_at', order: 'asc', due: 'soon', assigneeId: agent(0) },
    },
    {
      label: 'baseline: sort=updated_at',
      path: () => '/api/tickets?sort=updated_at&order=desc',
      filter: { ...page, sort: 'updated_at', order: 'desc' },
    },
    {
      label: 'baseline: assignee, sort=updated_at',
      path: (i) => `/api/tickets?assigneeId=${agent(i)}&sort=updated_at&order=desc`,
      filter: { ...page, sort: 'updated_at', order: 'desc', assigneeId: agent(0) },
    },
  ];
  const results: ListQueryResult[] = [];
  for (const q of queries) {
    const first = await client.request('GET', q.path(0));
    let body: TicketListBody = {};
    try {
      body = JSON.parse(first.body) as TicketListBody;
    } catch {
      /* reported below */
    }
    if (first.status !== 200) {
      const why = `${first.status}: ${(body.message ?? body.error ?? first.body).slice(0, 160)}`;
      results.push({ label: q.label, path: q.path(0), status: first.status === 400 ? `refused ${why}` : `failed ${why}` });
      log(`  ${q.label}: ${results.at(-1)!.status}`);
      continue;
    }
    await closedLoop(o.warmup, o.concurrency, deadline, (i) => client.request('GET', q.path(i + 1)));
    const run = await closedLoop(o.requests, o.concurrency, deadline, (i) => client.request('GET', q.path(i)));
    const ok = run.samples.filter((s) => s.reply.status === 200);
    const latencyMs = summarize(ok.map((s) => s.reply.ms));
    results.push({
      label: q.label,
      path: q.path(0),
      status: run.truncated ? 'ok (stopped at the time limit)' : 'ok',
      latencyMs,
      non200: run.samples.length - ok.length,
      total: body.total,
      page: body.tickets?.length,
      honoured: judge(q.label, body),
      explain: await o
        .explain(q.filter)
        .catch((e: Error) => [{ sql: '', executionMs: NaN, planningMs: NaN, plan: [`explain failed: ${e.message}`] }]),
    });
    const dbMs = results
      .at(-1)!
      .explain!.map((e) => e.executionMs)
      .join(' + ');
    log(`  ${q.label}: p50 ${latencyMs.p50} / p95 ${latencyMs.p95} / p99 ${latencyMs.p99} ms over ${latencyMs.count}; statements ${dbMs} ms`);
  }
  return results;
}
