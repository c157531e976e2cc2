import { sql, type Kysely } from 'kysely';

/**
 * Ticket numbers without a counter row every create waits on (tickets/numbering.ts): one sequence per type prefix,
 * and per prefix and day the sequence value the day's numbers count from (`base`), written once by the first
 * create of the day. A number is then `nextval - base`: readable (ZX20261130-0042), unique, and with a gap only
 * where a create failed. `ticket_counters` stays for writers that number past days in bulk (the demo's seed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create sequence ticket_numbers_zx;
    create sequence ticket_numbers_ts;
    create sequence ticket_numbers_sh;
    create sequence ticket_numbers_wt;
    create sequence ticket_numbers_xt;
    create sequence ticket_numbers_jy;
    create table ticket_number_days (
      prefix text not null,
      day text not null,
      base bigint not null,
      primary key (prefix, day)
    );
  `.execute(db);
}
