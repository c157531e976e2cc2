import { HANDOVER_REASONS, kpiResult, SLA_METRICS, share, type KpiKey } from '@kefu/domain';
import type { KpiReport } from '@kefu/protocol/api/reports';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import {
  conversationSums,
  heatCells,
  otherSums,
  slaSums,
  ticketSums,
  type ConversationSums,
  type Dimension,
  type OtherSums,
  type Period,
  type SlaSums,
  type TicketSums,
} from './figures.ts';
import { namesOf } from './names.ts';
import type { ReportPeriod } from './period.ts';
import { oneByOne, type RunStatements } from './run.ts';

type Report = z.infer<typeof KpiReport>;
type Breakdown = Report['byAgent'][number];

const mean = (sum: number, count: number) => (count > 0 ? sum / count : null);

/** The case-level rates of one slice (a period, a day, an agent…) from its conversation and ticket sums. */
function rates(c: ConversationSums | undefined, t: TicketSums | undefined) {
  const closed = (c?.closed ?? 0) + (t?.closed ?? 0);
  return {
    csat: share(c?.satisfied ?? 0, c?.rated ?? 0),
    fcr: share((c?.fcr ?? 0) + (t?.fcr ?? 0), closed),
    secondContactRate: share((c?.contacted_again ?? 0) + (t?.contacted_again ?? 0), closed),
    secondContactResolution: share((c?.repeats_resolved ?? 0) + (t?.repeats_resolved ?? 0), (c?.repeats ?? 0) + (t?.repeats ?? 0)),
    firstResponse: mean(c?.first_response_ms_sum ?? 0, c?.first_responses ?? 0),
    avgResponse: mean(c?.response_ms_sum ?? 0, c?.responses ?? 0),
    within30s: share(c?.within_30s ?? 0, c?.responses ?? 0),
    escalationRate: share(t?.escalated ?? 0, t?.cases ?? 0),
    botDeflection: share(c?.by_bot ?? 0, c?.cases ?? 0),
  };
}

/** How many cases each KPI is over, so a reader sees a 100% of 2 for what it is. */
function counts(c: ConversationSums | undefined, t: TicketSums | undefined, s: SlaSums[], o: OtherSums | undefined): Record<KpiKey, number> {
  const closed = (c?.closed ?? 0) + (t?.closed ?? 0);
  return {
    csat: c?.rated ?? 0,
    fcr: closed,
    secondContactRate: closed,
    secondContactResolution: (c?.repeats ?? 0) + (t?.repeats ?? 0),
    firstResponse: c?.first_responses ?? 0,
    avgResponse: c?.responses ?? 0,
    within30s: c?.responses ?? 0,
    complaintFirstFeedback: s.find((x) => x.metric === 'first_feedback')?.feedbacks ?? 0,
    escalationRate: t?.cases ?? 0,
    botDeflection: c?.cases ?? 0,
    collabSatisfaction: o?.rated ?? 0,
  };
}

function kpiValues(c: ConversationSums | undefined, t: TicketSums | undefined, s: SlaSums[], collab: OtherSums | undefined) {
  const feedback = s.find((x) => x.metric === 'first_feedback');
  return {
    ...rates(c, t),
    complaintFirstFeedback: mean(feedback?.feedback_ms_sum ?? 0, feedback?.feedbacks ?? 0),
    collabSatisfaction: share(collab?.satisfied ?? 0, collab?.rated ?? 0),
  } satisfies Record<KpiKey, number | null>;
}

const pick = <T extends { period: Period; dim: Dimension }>(rows: T[], period: Period, dim: Dimension) =>
  rows.filter((r) => r.period === period && r.dim === dim);

function slice<T extends { period: Period; dim: Dimension }>(rows: T[], dim: Dimension, key: (r: T) => string) {
  return new Map(pick(rows, 'current', dim).map((r) => [key(r), r]));
}

export async function kpiReport(db: Db, p: ReportPeriod, run: RunStatements = oneByOne(db)): Promise<Report> {
  // Independent: at once on PostgreSQL, one after the other on PGlite (chat gets the database between them).
  const [conversations, tickets, sla, others, heat] = await run([
    (db) => conversationSums(db, p),
    (db) => ticketSums(db, p),
    (db) => slaSums(db, p),
    (db) => otherSums(db, p),
    (db) => heatCells(db, p),
  ] as const);

  const total = (period: Period) => ({
    c: pick(conversations, period, 'total')[0],
    t: pick(tickets, period, 'total')[0],
    s: sla.filter((r) => r.period === period),
    collab: others.find((r) => r.period === period && r.what === 'collab'),
    afterSales: others.find((r) => r.period === period && r.what === 'afterSales')?.cases ?? 0,
  });
  const now = total('current');
  const before = total('previous');
  const current = kpiValues(now.c, now.t, now.s, now.collab);
  const previous = kpiValues(before.c, before.t, before.s, before.collab);
  const count = counts(now.c, now.t, now.s, now.collab);

  const breakdown = (dim: Dimension, keyOf: (r: { agent_id: number | null; group_id: number | null; channel: string | null }) => string) => {
    const c = slice(conversations, dim, keyOf);
    const t = slice(tickets, dim, keyOf);
    return [...new Set([...c.keys(), ...t.keys()])].map((key) => {
      const r = rates(c.get(key), t.get(key));
      return {
        key,
        conversations: c.get(key)?.cases ?? 0,
        tickets: t.get(key)?.cases ?? 0,
        csat: r.csat,
        fcr: r.fcr,
        firstResponseMs: r.firstResponse,
        within30s: r.within30s,
        escalationRate: r.escalationRate,
      };
    });
  };
  const agents = breakdown('agent', (r) => String(r.agent_id ?? ''));
  const groups = breakdown('group', (r) => String(r.group_id ?? ''));
  const [names] = await run([
    (db) =>
      namesOf(db, {
        users: agents.map((a) => Number(a.key)).filter(Boolean),
        groups: groups.map((g) => Number(g.key)).filter(Boolean),
      }),
  ] as const);
  const byVolume = (a: Breakdown, b: Breakdown) => b.conversations + b.tickets - (a.conversations + a.tickets) || a.name.localeCompare(b.name);
  const label = (rows: ReturnType<typeof breakdown>, describe: (key: string) => { id: number | null; name: string }): Breakdown[] =>
    rows.map(({ key, ...figures }) => ({ ...describe(key), ...figures })).sort(byVolume);
  // Cases nobody took (a bot's, a queue's) have no agent or group: id null, no name.
  const byId = (names: Map<number, string>) => (key: string) =>
    key ? { id: Number(key), name: names.get(Number(key)) ?? '' } : { id: null, name: '' };

  return {
    from: p.days.from,
    to: p.days.to,
    previousFrom: p.previousDays.from,
    previousTo: p.previousDays.to,
    kpis: (Object.keys(current) as KpiKey[]).map((key) => ({ ...kpiResult(key, current[key], previous[key]), count: count[key] })),
    sla: SLA_METRICS.flatMap((metric) => {
      const cur = now.s.find((r) => r.metric === metric);
      const prev = before.s.find((r) => r.metric === metric);
      if (!cur && !prev) return [];
      return [
        {
          metric,
          met: cur?.met ?? 0,
          breached: cur?.breached ?? 0,
          rate: share(cur?.met ?? 0, (cur?.met ?? 0) + (cur?.breached ?? 0)),
          previousRate: share(prev?.met ?? 0, (prev?.met ?? 0) + (prev?.breached ?? 0)),
        },
      ];
    }),
    handoverReasons: pick(conversations, 'current', 'reason')
      .filter((r) => r.reason !== null)
      .map((r) => ({
        reason: (HANDOVER_REASONS as readonly string[]).includes(r.reason!) ? (r.reason as Report['handoverReasons'][number]['reason']) : 'other',
        count: r.cases,
      }))
      .sort((a, b) => b.count - a.count),
    volumes: [
      { key: 'conversations', value: now.c?.cases ?? 0, previous: before.c?.cases ?? 0 },
      { key: 'tickets', value: now.t?.cases ?? 0, previous: before.t?.cases ?? 0 },
      { key: 'afterSales', value: now.afterSales, previous: before.afterSales },
      { key: 'messages', value: now.c?.messages ?? 0, previous: before.c?.messages ?? 0 },
      { key: 'handedOver', value: now.c?.handed_over ?? 0, previous: before.c?.handed_over ?? 0 },
      { key: 'resolvedByBot', value: now.c?.by_bot ?? 0, previous: before.c?.by_bot ?? 0 },
      { key: 'rated', value: now.c?.rated ?? 0, previous: before.c?.rated ?? 0 },
    ],
    daily: dailyRows(conversations, tickets, p),
    heatmap: heat,
    byAgent: label(agents, byId(names.users)),
    byGroup: label(groups, byId(names.groups)),
    byChannel: label(
      breakdown('channel', (r) => r.channel ?? ''),
      (key) => ({ id: null, name: key }),
    ),
  };
}

/** Every day of the range, also those without a case (a line chart needs its gaps as zeros / no figure). */
function dailyRows(conversations: ConversationSums[], tickets: TicketSums[], p: ReportPeriod): Report['daily'] {
  const c = slice(conversations, 'day', (r) => r.day!);
  const t = slice(tickets, 'day', (r) => r.day!);
  const days: string[] = [];
  for (let at = p.from.getTime(); at < p.to.getTime(); at += 86_400_000) days.push(new Date(at + 8 * 3600_000).toISOString().slice(0, 10));
  return days.map((day) => {
    const r = rates(c.get(day), t.get(day));
    return {
      day,
      conversations: c.get(day)?.cases ?? 0,
      tickets: t.get(day)?.cases ?? 0,
      csat: r.csat,
      fcr: r.fcr,
      firstResponseMs: r.firstResponse,
      avgResponseMs: r.avgResponse,
      within30s: r.within30s,
      escalationRate: r.escalationRate,
      botDeflection: r.botDeflection,
      secondContactRate: r.secondContactRate,
    };
  });
}
