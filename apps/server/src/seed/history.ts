import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { rebuildFacts } from '../reports/facts/rebuild.ts';
import { refreshTicketDue } from '../tickets/sla-due.ts';
import { insertRows, reserveIds, type Row } from './bulk.ts';
import { afterSaleSpec, planAfterSales, type AfterSaleRows } from './history-aftersales.ts';
import { planChats, writeChat, type ChatRows } from './history-chats.ts';
import { chatTicketSpecs, COLLABORATION_COUNT, collaborationSpecs, deskTicketSpecs } from './history-ticket-plans.ts';
import { readCounters, saveCounters, writeTicket, type TicketRows } from './history-tickets.ts';
import { agentIn, loadWorld } from './history-world.ts';
import { seededRandom } from './random.ts';

export interface HistoryCounts {
  conversations: number;
  messages: number;
  tickets: number;
  afterSales: number;
  tasks: number;
}

/**
 * Eight weeks of the demo shop's past, up to `now`, so every report has something to show on first start: ~1,500 closed
 * conversations (with the bot's answers and hand-overs, agents' replies and response times, ratings, second contacts),
 * ~400 tickets with their timelines, ~120 after-sales with refunds and a repeated defect, collaboration tasks with the
 * departments' satisfaction, and every service-level clock met or breached as it went. Deterministic: a seeded
 * generator and times relative to `now`. Written in bulk over the shop the demo seed just made, then the reporting
 * facts are rebuilt from it.
 */
export async function seedHistory(tx: Tx, now: Date): Promise<HistoryCounts> {
  const rnd = seededRandom(20261112);
  const world = await loadWorld(tx, now);
  if (!world.agents.length || !world.customers.length) return { conversations: 0, messages: 0, tickets: 0, afterSales: 0, tasks: 0 };

  const plans = planChats(world, rnd);
  const conversationIds = await reserveIds(tx, 'conversations', plans.length);
  const chatting = [...new Set(plans.map((p) => p.visitor))];
  const visitorIds = await reserveIds(tx, 'visitors', chatting.length);
  const chats: ChatRows = {
    visitorOf: new Map(chatting.map((visitor, i) => [visitor, visitorIds[i]!])),
    visitors: new Map(),
    conversations: [],
    messages: [],
    clocks: [],
    botAnswers: [],
    unknown: [],
    faqHits: new Map(),
    outcomes: [],
  };
  plans.forEach((p, i) => writeChat(world, rnd, { ...p, id: conversationIds[i]! }, chats));
  const botAnswerIds = await reserveIds(tx, 'bot_answers', chats.botAnswers.length);
  chats.botAnswers.forEach((b, i) => {
    b.row.id = botAnswerIds[i];
    b.data.botAnswerId = botAnswerIds[i];
  });

  const afterSalePlans = planAfterSales(world, rnd, chats.outcomes);
  const afterSaleIds = await reserveIds(tx, 'after_sales', afterSalePlans.length);
  const taskIds = await reserveIds(tx, 'collab_tasks', afterSalePlans.filter((p) => p.task).length + COLLABORATION_COUNT);
  const attached: AfterSaleRows = { afterSales: [], clocks: [], tasks: [] };
  let nextTask = 0;
  const specs = [
    ...chatTicketSpecs(world, rnd, chats.outcomes),
    ...deskTicketSpecs(world, rnd),
    ...afterSalePlans.map((p, i) =>
      afterSaleSpec(
        world,
        rnd,
        p,
        { afterSale: afterSaleIds[i]!, task: p.task ? taskIds[nextTask++]! : null },
        p.agentId ?? agentIn(world, rnd, world.groups['售后']).id,
        attached,
      ),
    ),
    ...collaborationSpecs(world, rnd, taskIds.slice(nextTask), attached),
  ].sort((a, b) => a.createdAt - b.createdAt);
  const ticketIds = await reserveIds(tx, 'tickets', specs.length);
  const escalationIds = await reserveIds(tx, 'ticket_escalations', specs.filter((s) => s.escalate).length);
  const tickets: TicketRows = { tickets: [], events: [], clocks: [], escalations: [], counters: await readCounters(tx) };
  let nextEscalation = 0;
  specs.forEach((s, i) => writeTicket(world, rnd, s, ticketIds[i]!, s.escalate ? escalationIds[nextEscalation++]! : null, tickets));

  await insertRows(tx, 'visitors', [...chats.visitors.values()]);
  await insertRows(tx, 'conversations', chats.conversations);
  await insertRows(tx, 'messages', chats.messages);
  await insertRows(
    tx,
    'bot_answers',
    chats.botAnswers.map((b) => b.row),
  );
  await insertRows(tx, 'unknown_questions', unknownQuestions(chats.unknown));
  await insertRows(tx, 'tickets', tickets.tickets, { search: sql`array_to_tsvector(array(select jsonb_array_elements_text(u._words)))` });
  // A conversation filed as a ticket names it (the ticket was written after it).
  await sql`update conversations c set ticket_id = t.id from tickets t
    where t.conversation_id = c.id and t.id = any(${ticketIds}::int[])`.execute(tx);
  await insertRows(tx, 'ticket_events', tickets.events);
  await insertRows(tx, 'ticket_escalations', tickets.escalations);
  await insertRows(tx, 'after_sales', attached.afterSales);
  await insertRows(tx, 'collab_tasks', attached.tasks);
  await insertRows(tx, 'sla_clocks', [...chats.clocks, ...tickets.clocks, ...attached.clocks]);
  await saveCounters(tx, tickets.counters);
  await countFaqHits(tx, chats.faqHits);
  await refreshTicketDue(tx, ticketIds);
  // The quality inspection is left to its job (quality.catch-up): due at once on the first start, newest chats first.
  await rebuildFacts(tx);
  return {
    conversations: chats.conversations.length,
    messages: chats.messages.length,
    tickets: tickets.tickets.length,
    afterSales: attached.afterSales.length,
    tasks: attached.tasks.length,
  };
}

/** The questions the bot could not answer, each once with how often and when it was asked (未知问题). */
function unknownQuestions(asked: ChatRows['unknown']): Row[] {
  const byQuestion = new Map<string, Row>();
  for (const u of asked) {
    const at = new Date(u.at).toISOString();
    const row = byQuestion.get(u.question);
    if (row) {
      row.asked = (row.asked as number) + 1;
      row.last_asked_at = at;
    } else
      byQuestion.set(u.question, {
        question: u.question,
        asked: 1,
        first_asked_at: at,
        last_asked_at: at,
        conversation_id: u.conversationId,
        status: 'open',
      });
  }
  return [...byQuestion.values()];
}

async function countFaqHits(tx: Tx, hits: Map<number, number>) {
  if (!hits.size) return;
  const rows = JSON.stringify([...hits].map(([id, n]) => ({ id, n })));
  await sql`update faq_entries f set hits = f.hits + v.n
    from jsonb_to_recordset(${rows}::jsonb) as v(id int, n int) where f.id = v.id`.execute(tx);
}
