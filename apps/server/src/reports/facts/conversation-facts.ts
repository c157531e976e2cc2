import { RESOLVING_CLOSE_REASONS, RESPONSE_TARGET_MS, SHOPPER_LEFT, ticketCategoryForIntent } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';
import { INTENT_LABEL } from '../../conversations/bot-turns.ts';
import { msBetween } from './span.ts';

/** Where chats come in today: the shop's web widget and chat page (as the chat response clock says). */
const CHAT_CHANNEL = 'web';

const INTENTS = Object.keys(INTENT_LABEL);

/** A tag the chat was given for an intent (商品咨询, 投诉 …: routing and left messages tag with INTENT_LABEL) → that intent. */
const intentFromTags = sql<string | null>`(select v.intent from (values ${sql.join(
  Object.entries(INTENT_LABEL).map(([intent, label]) => sql`(${sql.lit(label)}, ${sql.lit(intent)})`),
)}) as v (label, intent) where v.label = any(c.tags) limit 1)`;

/** The ticket category an intent suggests (domain ticketCategoryForIntent), as SQL over `intent`. */
const categoryOfIntent = sql<string | null>`case intent ${sql.join(
  INTENTS.map((intent) => sql`when ${sql.lit(intent)} then ${sql.lit(ticketCategoryForIntent(intent))}`),
  sql` `,
)} end`;

const resolvingReasons = sql.join(RESOLVING_CLOSE_REASONS.map((r) => sql.lit(r)));

/**
 * The statement that (re)writes the facts of the closed conversations `scope` selects (a condition on `c`, the
 * conversation): one INSERT … SELECT … ON CONFLICT over their messages, bot answers, linked ticket and order, so
 * one conversation and every conversation are computed the same way. `repeat_of` and `contacted_again` are left
 * to second-contact.ts, which needs the facts of the customer's other cases.
 */
export function conversationFacts(scope: RawBuilder<boolean>): RawBuilder<{ n: number }> {
  const target = sql`select c.id from conversations c where c.closed_at is not null and ${scope}`;
  return sql`
    with msg as (
      select m.conversation_id,
        count(*) filter (where m.sender_kind = 'agent' and m.kind not in ('note', 'system')) as agent_messages,
        count(*) filter (where m.sender_kind = 'shopper') as shopper_messages,
        count(m.response_ms) filter (where m.sender_kind = 'agent') as responses,
        coalesce(sum(m.response_ms) filter (where m.sender_kind = 'agent'), 0) as response_ms_sum,
        count(*) filter (where m.sender_kind = 'agent' and m.response_ms <= ${sql.lit(RESPONSE_TARGET_MS)}) as responses_within_30s,
        (array_agg(m.response_ms order by m.seq) filter (where m.sender_kind = 'agent' and m.response_ms is not null))[1] as first_response_ms,
        (array_agg(m.data order by m.seq desc) filter (where m.kind = 'note' and m.data->>'code' = 'handover'))[1] as handover,
        (array_agg(m.data->>'intent' order by m.seq) filter (where m.sender_kind = 'bot' and m.kind = 'text' and m.data->>'intent' <> 'other'))[1] as bot_intent,
        (array_agg(m.data->>'orderNo' order by m.seq) filter (where m.kind = 'order'))[1] as order_no,
        (array_agg(m.data->>'productId' order by m.seq) filter (where m.kind = 'product'))[1] as card_product
      from messages m where m.conversation_id in (${target})
      group by m.conversation_id
    ), bot as (
      select b.conversation_id, count(*) as answers from bot_answers b where b.conversation_id in (${target}) group by b.conversation_id
    ), read as (
      select c.id, c.created_at, c.closed_at, c.assigned_at, c.agent_id, c.group_id, c.customer_id, c.ticket_id, c.close_reason,
        c.rating, msg.agent_messages, msg.shopper_messages, msg.responses, msg.response_ms_sum, msg.responses_within_30s,
        msg.first_response_ms, msg.handover, coalesce(bot.answers, 0) as bot_answers,
        coalesce(nullif(msg.handover->>'intent', 'other'), ${intentFromTags}, msg.bot_intent, msg.handover->>'intent') as intent,
        k.type as ticket_type, k.category as ticket_category, k.product_id as ticket_product,
        coalesce(k.order_id, (select o.id from orders o where o.customer_id = c.customer_id and o.order_no = msg.order_no order by o.id limit 1)) as order_id,
        case when msg.card_product ~ '^[0-9]{1,9}$' then msg.card_product::int end as card_product,
        k.escalation_level is not null or exists (select 1 from ticket_escalations x where x.ticket_id = c.ticket_id) as ticket_escalated
      from conversations c
      left join msg on msg.conversation_id = c.id
      left join bot on bot.conversation_id = c.id
      left join tickets k on k.id = c.ticket_id
      where c.closed_at is not null and ${scope}
    ), fact as (
      select r.*,
        coalesce(r.ticket_category, ${categoryOfIntent}) as category,
        coalesce(r.ticket_product, r.card_product,
          (select l.product_id from order_lines l where l.order_id = r.order_id and l.product_id is not null order by l.id limit 1)) as product_id,
        r.handover is not null as handed_over,
        r.bot_answers > 0 and coalesce(r.agent_messages, 0) = 0 and r.handover is null as by_bot,
        r.ticket_type = 'complaint' or r.ticket_escalated as is_escalated
      from read r
    ), written as (
      insert into report_conversations (conversation_id, opened_at, closed_at, channel, agent_id, group_id, customer_id, ticket_id,
        intent, category, product_id, order_id, first_response_ms, responses, response_ms_sum, responses_within_30s, handling_ms,
        agent_messages, shopper_messages, bot_answers, handed_over, handover_reason, resolved_by_bot, resolved, close_reason, csat,
        escalated, updated_at)
      select f.id, f.created_at, f.closed_at, ${sql.lit(CHAT_CHANNEL)}, f.agent_id, f.group_id, f.customer_id, f.ticket_id,
        f.intent, f.category, f.product_id, f.order_id, f.first_response_ms, coalesce(f.responses, 0), coalesce(f.response_ms_sum, 0),
        coalesce(f.responses_within_30s, 0),
        ${msBetween(sql`f.assigned_at`, sql`f.closed_at`)},
        coalesce(f.agent_messages, 0), coalesce(f.shopper_messages, 0), f.bot_answers, f.handed_over, f.handover->>'reason', f.by_bot,
        coalesce(not f.is_escalated, true) and (f.by_bot or f.close_reason in (${resolvingReasons})
          or (f.close_reason = ${sql.lit(SHOPPER_LEFT)} and coalesce(f.responses, 0) > 0)),
        f.close_reason, f.rating, coalesce(f.is_escalated, false), now()
      from fact f
      on conflict (conversation_id) do update set
        opened_at = excluded.opened_at, closed_at = excluded.closed_at, channel = excluded.channel, agent_id = excluded.agent_id,
        group_id = excluded.group_id, customer_id = excluded.customer_id, ticket_id = excluded.ticket_id, intent = excluded.intent,
        category = excluded.category, product_id = excluded.product_id, order_id = excluded.order_id,
        first_response_ms = excluded.first_response_ms, responses = excluded.responses, response_ms_sum = excluded.response_ms_sum,
        responses_within_30s = excluded.responses_within_30s, handling_ms = excluded.handling_ms,
        agent_messages = excluded.agent_messages, shopper_messages = excluded.shopper_messages, bot_answers = excluded.bot_answers,
        handed_over = excluded.handed_over, handover_reason = excluded.handover_reason, resolved_by_bot = excluded.resolved_by_bot,
        resolved = excluded.resolved, close_reason = excluded.close_reason, csat = excluded.csat, escalated = excluded.escalated,
        updated_at = excluded.updated_at
      returning 1
    )
    select count(*)::int as n from written`;
}
