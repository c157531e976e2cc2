import { sql, type Kysely } from 'kysely';

/**
 * Indexes the reports (reports/dashboard) read by: promises met in a range (breaches have sla_clocks_breached), the
 * bot's answers, unknown questions and inspections by time. The facts tables came with theirs (0015), rated
 * collaboration tasks with 0020's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index sla_clocks_met on sla_clocks (stopped_at) where state = 'met' and breached_at is null;
    create index bot_answers_at on bot_answers (at);
    create index unknown_questions_last_asked on unknown_questions (last_asked_at);
    create index quality_inspections_inspected on quality_inspections (inspected_at);
  `.execute(db);
}
