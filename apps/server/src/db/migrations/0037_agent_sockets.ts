import { sql, type Kysely } from 'kysely';

/**
 * Agents' open chat sockets per kefu process (conversations/presence.ts): an agent goes offline when their last
 * socket in ANY process closes, not their last in one. A process refreshes `seen_at` while it runs; the rows of a
 * process not seen for a minute (it died) no longer count.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agent_sockets (
      process_id text not null,
      user_id integer not null references users(id) on delete cascade,
      sockets integer not null check (sockets > 0),
      seen_at timestamptz not null default now(),
      primary key (user_id, process_id)
    );
  `.execute(db);
}
