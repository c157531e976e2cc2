import {
  CONVERSATION_PRIORITIES,
  policyFor,
  SEGMENTS,
  type Channel,
  type ConversationPriority,
  type Segment,
  type SlaPolicy,
  type SlaSubject,
} from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';
import { clockInsertFrom, clockStopFrom, planClocks } from '../sla/clock.ts';

/**
 * The chat response clock (metric `chat_response`): it starts when a shopper's message makes the conversation wait,
 * is met when the shopper is answered, cancelled when the conversation closes. Starting and meeting it are CTEs of
 * the statement that stores the message (store.ts), so a chat message costs no extra round trip.
 */

/** Where chats come in: the shop's web widget and chat page, and the marketplaces' own chats (channels/marketplace). */
export const CHAT_CHANNELS = ['web', 'taobao', 'jd', 'pdd'] as const satisfies readonly Channel[];

/** The conversations one policy's target covers: those whose channel, customer segment and priority are listed. */
interface Choice {
  policy: SlaPolicy;
  attrs: SlaSubject;
  covers: { channel: Channel; segment: Segment | null; priority: ConversationPriority }[];
  /** The clause keeping, of the conversations `c`, those this policy covers (empty when it covers every one). */
  pick: RawBuilder<unknown>;
}

/** How many (channel, segment, priority) kinds of conversation there are, a customer without a segment included. */
const EVERY_KIND = CHAT_CHANNELS.length * (SEGMENTS.length + 1) * CONVERSATION_PRIORITIES.length;

const choicesByPolicies = new WeakMap<readonly SlaPolicy[], Choice[]>();

/**
 * For every channel, segment and priority a conversation can have, the policy that sets its chat response target, grouped
 * by policy. Worked out once per policies list (currentPolicies keeps the same list while it is cached).
 */
function choicesFor(policies: readonly SlaPolicy[]): Choice[] {
  const known = choicesByPolicies.get(policies);
  if (known) return known;
  const byPolicy = new Map<number, Choice>();
  for (const channel of CHAT_CHANNELS)
    for (const segment of [null, ...SEGMENTS])
      for (const priority of CONVERSATION_PRIORITIES) {
        const attrs: SlaSubject = { channel, segment, priority };
        const policy = policyFor(policies, 'chat_response', attrs);
        if (!policy) continue;
        const choice = byPolicy.get(policy.id) ?? { policy, attrs, covers: [], pick: sql`` };
        choice.covers.push({ channel, segment, priority });
        byPolicy.set(policy.id, choice);
      }
  const choices = [...byPolicy.values()];
  const everyone = choices.length === 1 && choices[0]!.covers.length === EVERY_KIND;
  const bySegment = segmentMatters(choices);
  if (!everyone) for (const choice of choices) choice.pick = pickBy(choice, bySegment);
  choicesByPolicies.set(policies, choices);
  return choices;
}

/**
 * The CTEs that start the clock for a message stored by the CTE `c` (which returns the conversation's `id`,
 * `channel`, `customer_id`, `priority`, `status` and `old_waiting_since`), or null when no policy sets a chat response target:
 * per policy, the conversations it covers that now start waiting, and the insert of its clock (sla/ clockInsertFrom).
 * When one policy covers every conversation (the usual case) there is nothing to pick by.
 */
export function startResponseClock(policies: readonly SlaPolicy[], now: Date): RawBuilder<unknown> | null {
  const choices = choicesFor(policies);
  if (!choices.length) return null;
  const ctes = choices.flatMap((choice, i) => {
    const planned = planClocks([choice.policy], choice.attrs, ['chat_response'], now);
    if (!planned.length) return [];
    const waiting = `waiting_${i}`;
    return [
      sql`${sql.table(waiting)} as (select c.id from c where c.old_waiting_since is null and c.status <> 'closed' ${choice.pick}),
        ${sql.table(`clock_${i}`)} as ${clockInsertFrom(waiting, 'conversation', null, planned)}`,
    ];
  });
  return ctes.length ? sql.join(ctes, sql`, `) : null;
}

/** Whether some policy picks chats by the customer's segment (else the clause skips reading the customer). */
function segmentMatters(choices: Choice[]): boolean {
  const everySegment = SEGMENTS.length + 1;
  return choices.some((choice) => {
    const perChannelAndPriority = new Map<string, number>();
    for (const k of choice.covers)
      perChannelAndPriority.set(`${k.channel}|${k.priority}`, (perChannelAndPriority.get(`${k.channel}|${k.priority}`) ?? 0) + 1);
    return [...perChannelAndPriority.values()].some((n) => n !== everySegment);
  });
}

/** The clause that keeps, of the conversations `c`, those `choice` covers. */
function pickBy(choice: Choice, bySegment: boolean): RawBuilder<unknown> {
  if (!bySegment) {
    const covered = [...new Set(choice.covers.map((k) => `${k.channel}|${k.priority}`))].map((key) => key.split('|'));
    return sql`and (c.channel, c.priority) in (${sql.join(covered.map(([channel, priority]) => sql`(${channel}, ${priority})`))})`;
  }
  const covered = sql.join(choice.covers.map((k) => sql`(${k.channel}, ${k.segment ?? ''}, ${k.priority})`));
  return sql`and (c.channel, coalesce((select segment from customers where id = c.customer_id), ''), c.priority) in (${covered})`;
}

/**
 * The CTE that meets the clock of the conversation the CTE `c` stored an answer in. A clock runs exactly while the
 * shopper waits (both are set and cleared by this statement, and by closing), so an answer to nobody looks no further.
 */
export function meetResponseClock(now: Date): RawBuilder<unknown> {
  return sql`answered as (select c.id from c where c.old_waiting_since is not null),
    met as ${clockStopFrom('answered', 'conversation', 'met', ['chat_response'], now)}`;
}

/** The moment the running response clock of the conversation `c` was breached: its `overdueAt` (views.ts). */
export const overdueAt = sql<Date | null>`(select k.breached_at from sla_clocks k
  where k.subject_kind = 'conversation' and k.subject_id = c.id and k.metric = 'chat_response' and k.state in ('running', 'paused'))`;
