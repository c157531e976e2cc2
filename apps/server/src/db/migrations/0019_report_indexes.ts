import { sql, type Kysely } from 'kysely';

/**
 * Indexes the reports (reports/dashboard) read by. The month's facts, promises met and promises breached are read
 * through covering indexes (INCLUDE the columns the sums read), so a month is an index-only scan of its own rows
 * instead of heap pages scattered over the whole table (docs/reports.md "Dashboard"). They replace the facts' plain
 * time indexes of 0015. A case's agent, group and channel by its key, for clocks and breaches filtered or counted by
 * them, from an index a tenth the table's size. Also the bot's answers, unknown questions and inspections by time; rated collaboration tasks
 * came with 0020's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    drop index report_conversations_opened;
    create index report_conversations_opened on report_conversations (opened_at) include (
      closed_at, channel, agent_id, group_id, csat, resolved, contacted_again, repeat_of, first_response_ms, responses,
      response_ms_sum, responses_within_30s, handling_ms, resolved_by_bot, handed_over, handover_reason, escalated,
      agent_messages, shopper_messages);
    drop index report_tickets_created;
    create index report_tickets_created on report_tickets (created_at) include (
      type, conversation_id, solved_at, closed_at, reopens, contacted_again, repeat_of, escalated, agent_id, group_id, channel);
    create index report_conversations_case on report_conversations (conversation_id) include (agent_id, group_id, channel);
    create index report_tickets_case on report_tickets (ticket_id) include (agent_id, group_id, channel);
    create index sla_clocks_met on sla_clocks (stopped_at) include (metric, started_at, ticket_id, subject_kind, subject_id)
      where state = 'met' and breached_at is null;
    create index sla_clocks_breached_report on sla_clocks (breached_at) include (metric, state, started_at, stopped_at, ticket_id, subject_kind, subject_id)
      where breached_at is not null;
    create index bot_answers_at on bot_answers (at);
    create index unknown_questions_last_asked on unknown_questions (last_asked_at);
    create index quality_inspections_inspected on quality_inspections (inspected_at);
  `.execute(db);
}
