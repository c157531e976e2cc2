import type { Severity, TicketCategory, TicketPriority, TicketStatus, TicketType } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { pauseClocks, planClocks, startClocks, stopClocks } from '../sla/clock.ts';
import { readPolicies } from '../sla/policies.ts';
import { tokensVector } from '../search/tsvector.ts';
import { openingMetrics } from '../tickets/clocks.ts';
import { nextTicketNumber } from '../tickets/numbering.ts';
import { writeTimeline, type TimelineEntry } from '../tickets/timeline.ts';
import { daysAgo } from './dates.ts';
import type { Random } from './random.ts';
import { TICKET_STORIES } from './shop.ts';

const TYPE_WEIGHTS: TicketType[] = [
  'consultation',
  'consultation',
  'consultation',
  'after_sale',
  'after_sale',
  'complaint',
  'problem_order',
  'collaboration',
];

/** `count` tickets on random customers (and their orders), each with a believable timeline for its age and status. */
export async function seedTickets(
  tx: Tx,
  rnd: Random,
  count: number,
  customerIds: number[],
  orders: { id: number; customerId: number }[],
  agents: number[],
  groupIds: number[],
  now: Date,
) {
  const policies = await readPolicies(tx);
  for (let i = 0; i < count; i++) {
    const type = rnd.pick(TYPE_WEIGHTS);
    const story = rnd.pick(TICKET_STORIES[type]);
    const customerId = rnd.pick(customerIds);
    const order = orders.find((o) => o.customerId === customerId);
    const createdAt = daysAgo(now, Math.floor(rnd.next() ** 2 * 60), rnd);
    const age = now.getTime() - createdAt.getTime();
    const status: TicketStatus =
      age < 86_400_000
        ? rnd.pick(['new', 'open', 'open', 'pending_customer'])
        : age < 7 * 86_400_000
          ? rnd.pick(['open', 'pending_customer', 'pending_internal', 'solved'])
          : rnd.pick(['solved', 'closed', 'closed']);
    const assignee = status === 'new' ? null : rnd.pick(agents);
    const number = await nextTicketNumber(tx, type, createdAt);
    const tags = rnd.chance(0.3) ? [rnd.pick(['双11', '加急', '回访', '差评风险', '大促'])] : [];
    const at = (minutes: number) => new Date(Math.min(now.getTime(), createdAt.getTime() + minutes * 60_000));
    const ticket = await tx
      .insertInto('tickets')
      .values({
        number,
        type,
        status,
        priority: type === 'complaint' ? rnd.pick(['high', 'urgent']) : rnd.pick(['low', 'normal', 'normal', 'high']),
        category: story.category,
        severity: type === 'complaint' ? rnd.pick(['minor', 'major', 'critical']) : null,
        subject: story.subject,
        description: story.description,
        customer_id: customerId,
        order_id: type === 'consultation' ? null : (order?.id ?? null),
        assignee_id: assignee,
        group_id: rnd.pick(groupIds),
        tags,
        created_at: createdAt,
        updated_at: at(90),
        search: tokensVector([story.subject, story.description, status === 'new' ? null : story.reply], [number, ...tags]),
        solved_at: status === 'solved' || status === 'closed' ? at(80) : null,
        closed_at: status === 'closed' ? at(90) : null,
        answered_at: status === 'new' ? null : at(5),
      })
      .returning(['id', 'priority', 'severity', 'category'])
      .executeTakeFirstOrThrow();
    const events: (TimelineEntry & { actor: number | null; at: Date })[] = [
      { kind: 'created', actor: assignee, data: { type, status: 'new', number }, at: createdAt },
    ];
    if (status !== 'new') {
      events.push({ kind: 'assignee', actor: assignee, data: { from: null, to: assignee }, at: at(2) });
      events.push({ kind: 'reply', actor: assignee, body: story.reply, data: {}, at: at(5) });
      events.push({ kind: 'status', actor: assignee, data: { from: 'new', to: 'open' }, at: at(5) });
      if (rnd.chance(0.4))
        events.push({
          kind: 'note',
          actor: assignee,
          body: rnd.pick(['已电话联系顾客，确认地址无误', '等待仓库回复', '顾客要求下午联系', '已申请主管审批补偿']),
          data: {},
          at: at(30),
        });
      if (status !== 'open')
        events.push({ kind: 'status', actor: assignee, data: { from: 'open', to: status === 'closed' ? 'solved' : status }, at: at(80) });
      if (status === 'closed') events.push({ kind: 'status', actor: assignee, data: { from: 'solved', to: 'closed' }, at: at(90) });
    }
    await writeTimeline(
      tx,
      events.map(({ actor, at: entryAt, ...entry }) => ({ ticketId: ticket.id, actorId: actor, at: entryAt, entry })),
    );
    if (status !== 'solved' && status !== 'closed') await seedClocks(tx, ticket, type, status, createdAt, at(5));
  }
  return count + (await seedSuggestions(tx, Math.max(2, Math.round(count / 40)), customerIds, agents, now));

  /** The open tickets' promises as they would run: started when opened, the first reply on time, paused while waiting. */
  async function seedClocks(
    tx: Tx,
    t: { id: number; priority: string; severity: string | null; category: string | null },
    type: TicketType,
    status: TicketStatus,
    openedAt: Date,
    repliedAt: Date,
  ) {
    const attrs = {
      ticketType: type,
      priority: t.priority as TicketPriority,
      severity: t.severity as Severity | null,
      category: t.category as TicketCategory | null,
      channel: 'web' as const,
    };
    const ref = { kind: 'ticket' as const, id: t.id };
    await startClocks(tx, ref, t.id, planClocks(policies, attrs, openingMetrics(type), openedAt));
    if (status !== 'new') await stopClocks(tx, ref, 'met', ['first_response'], repliedAt);
    if (status === 'pending_customer') await pauseClocks(tx, ref, now);
  }
}

/**
 * 建议/需求 records an agent filed, spread over the last month. They take nothing from `rnd`, so the other demo data
 * stays as it was before suggestions existed.
 */
async function seedSuggestions(tx: Tx, count: number, customerIds: number[], agents: number[], now: Date): Promise<number> {
  const stories = TICKET_STORIES.suggestion;
  const products = await tx.selectFrom('products').select(['id', 'sku']).execute();
  for (let i = 0; i < count; i++) {
    const story = stories[i % stories.length]!;
    const createdAt = new Date(now.getTime() - (1 + ((i * 3) % 28)) * 86_400_000);
    const agent = agents[i % agents.length] ?? null;
    const number = await nextTicketNumber(tx, 'suggestion', createdAt);
    const ticket = await tx
      .insertInto('tickets')
      .values({
        number,
        type: 'suggestion',
        status: 'solved',
        priority: 'low',
        subject: story.subject,
        description: story.description,
        customer_id: customerIds[i % customerIds.length] ?? null,
        product_id: products.find((p) => p.sku === story.sku)?.id ?? null,
        assignee_id: agent,
        created_by: agent,
        created_at: createdAt,
        updated_at: createdAt,
        solved_at: createdAt,
        answered_at: createdAt,
        search: tokensVector([story.subject, story.description], [number]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeTimeline(tx, [
      { ticketId: ticket.id, actorId: agent, at: createdAt, entry: { kind: 'created', data: { type: 'suggestion', status: 'solved', number } } },
    ]);
  }
  return count;
}
