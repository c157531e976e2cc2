import { sql, type Kysely } from 'kysely';

/**
 * What the one clock (0012) left unused: a chat's overdue flag and its index (a chat's wait is its response clock),
 * a ticket's answer deadline (its first-response clock). And the agent's "mine, due soon" list gets its own index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists conversations_waiting;
    alter table conversations drop column overdue_flagged_at;
    drop index if exists tickets_answer_due;
    alter table tickets drop column answer_due_at;
    create index tickets_assignee_sla_due on tickets (assignee_id, sla_due_at, id)
      where sla_due_at is not null and status not in ('solved', 'closed');
  `.execute(db);
}
