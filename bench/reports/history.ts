/**
 * The whole fill of the reports bench, step by step with its time (fill.ts, fill-chat.ts), then the reporting facts
 * through the app's own `rebuildFacts` (what an upgrade's backfill and the demo seed run), then VACUUM ANALYZE.
 */
import { sql } from 'kysely';
import type { Db, Engine } from '../../apps/server/src/db/database.ts';
import { rebuildFacts } from '../../apps/server/src/reports/facts/rebuild.ts';
import { fillClocks, fillConversations, fillMessages, fillQualityAndCollab, fillUnknownQuestions } from './fill-chat.ts';
import { fillAfterSales, fillOrders, fillTicketEvents, fillTickets, prepareReference, type FillSizes, type Reference } from './fill.ts';
import { spanOf, type Span } from './sql.ts';

export interface HistoryResult {
  sizes: FillSizes;
  span: { from: string; days: number; spikeDay: string | null };
  seconds: Record<string, number>;
  counts: Record<string, number>;
  facts: { seconds: number; conversations: number; tickets: number; afterSales: number; rowsPerSecond: number };
  /** on-disk size of the biggest tables (PostgreSQL), MB */
  tableMb?: Record<string, number>;
}

const TABLES = ['tickets', 'ticket_events', 'conversations', 'messages', 'after_sales', 'sla_clocks', 'orders', 'customers', 'bot_answers'];
const FACTS = ['report_conversations', 'report_tickets', 'report_aftersales'];

export async function fillHistory(
  db: Db,
  engine: Engine,
  sizes: FillSizes,
  months: number,
  log: (m: string) => void,
): Promise<{ ref: Reference; span: Span; result: HistoryResult }> {
  const seconds: Record<string, number> = {};
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await run();
    seconds[name] = Math.round((performance.now() - t) / 100) / 10;
    log(`  ${name}: ${seconds[name]} s`);
    return out;
  };
  const span = spanOf(months);
  const ticketBatch = 200_000;
  const messageBatch = Math.max(1000, Math.floor(500_000 / sizes.messagesPerConversation));
  const afterSaleEvery = Math.max(1, Math.round(sizes.tickets / Math.max(1, sizes.afterSales)));
  const ref = await step('reference (staff, customers, visitors, products)', () => prepareReference(db, sizes));
  await step(`orders (${sizes.orders.toLocaleString()})`, () => fillOrders(db, ref, span, ticketBatch));
  await step(`tickets (${sizes.tickets.toLocaleString()})`, () => fillTickets(db, ref, span, sizes.tickets, afterSaleEvery, ticketBatch));
  await step('ticket timelines', () => fillTicketEvents(db, ref, ticketBatch, sizes.tickets));
  await step('after-sales', () => fillAfterSales(db, ref, ticketBatch, sizes.tickets));
  await step(`conversations (${sizes.conversations.toLocaleString()})`, () =>
    fillConversations(db, ref, span, sizes.conversations, sizes.messagesPerConversation, sizes.tickets, ticketBatch),
  );
  await step(`messages (${(sizes.conversations * sizes.messagesPerConversation).toLocaleString()}) and bot answers`, () =>
    fillMessages(db, ref, sizes.conversations, sizes.messagesPerConversation, sizes.tickets, messageBatch),
  );
  await step('unknown questions', () => fillUnknownQuestions(db, span, Math.max(100, Math.round(sizes.conversations / 200))));
  await step('service-level clocks', () => fillClocks(db, ref, sizes.tickets, ticketBatch));
  await step('quality inspections, collaboration tasks', () => fillQualityAndCollab(db, ref));
  // Statistics before the facts are computed: PGlite has no autovacuum, and a plan made without them joins badly.
  await step('analyze', () => sql`analyze`.execute(db));

  const t = performance.now();
  const written = await rebuildFacts(db);
  const factSeconds = (performance.now() - t) / 1000;
  const factRows = written.conversations + written.tickets + written.afterSales;
  log(`  rebuildFacts: ${factSeconds.toFixed(1)} s (${Math.round(factRows / factSeconds).toLocaleString()} facts/s)`);
  await step('vacuum analyze', () => sql`vacuum analyze`.execute(db));
  if (engine === 'postgres') await step('checkpoint', () => sql`checkpoint`.execute(db));

  const counts: Record<string, number> = {};
  for (const table of [...TABLES, ...FACTS, 'unknown_questions', 'quality_inspections', 'collab_tasks']) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = rows[0]!.n;
  }
  let tableMb: Record<string, number> | undefined;
  if (engine === 'postgres') {
    const { rows } = await sql<{ name: string; mb: number }>`select relname as name, (pg_total_relation_size(oid) / 1048576)::int as mb
      from pg_class where relname = any(${[...TABLES, ...FACTS]}::text[]) and relkind = 'r' order by 2 desc`.execute(db);
    tableMb = Object.fromEntries(rows.map((r) => [r.name, r.mb]));
  }
  const day = (offset: number) => new Date(span.start.getTime() + offset * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  return {
    ref,
    span,
    result: {
      sizes,
      span: { from: day(0), days: span.days, spikeDay: span.spikeDay >= 0 ? day(span.spikeDay) : null },
      seconds,
      counts,
      facts: { seconds: Math.round(factSeconds * 10) / 10, ...written, rowsPerSecond: Math.round(factRows / factSeconds) },
      tableMb,
    },
  };
}
