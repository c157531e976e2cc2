import { sql, type Kysely } from 'kysely';

/**
 * The daily care job's writes, cheaper (a holiday greets every customer: a million codes and a million sends in one
 * run), as 0040 did for the segments job:
 * - The foreign keys on `coupon_codes.customer_id`, `coupon_codes.definition_id` and `outreach_sends.customer_id`
 *   checked each row by locking the customer (or the coupon) row — a million row locks written to the customers
 *   table, a third of the run. Every writer takes the customer from the customers table (a due set, an after-sale,
 *   a case) and the coupon from a row it has just locked; kefu deletes neither customers (a merge keeps both files)
 *   nor coupon definitions (they are switched off), so the checks guarded nothing the writers do not.
 * - `coupon_codes_definition (definition_id, customer_id)` duplicated `coupon_codes_customer (customer_id, …)` for
 *   every lookup kefu makes (a customer's codes of one coupon); the per-coupon counts read the whole table anyway.
 * - Codes start with a serial number (coupon_code_serial, from 0x10000000: eight hex digits) and end with 32 random
 *   bits (coupons/grant.ts): a million new codes append to the unique index on `code` instead of each dirtying a
 *   random page of it. Codes granted before keep their all-random form.
 * - A care run is claimed before it starts (a care_runs row without `finished_at`): a run that finds no claim writes
 *   its codes and greetings with plain inserts, and only one that finds an unfinished claim (a run cut short, or
 *   another process's) pays for resolving conflicts row by row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table coupon_codes drop constraint coupon_codes_customer_id_fkey`.execute(db);
  await sql`alter table coupon_codes drop constraint coupon_codes_definition_id_fkey`.execute(db);
  await sql`alter table outreach_sends drop constraint outreach_sends_customer_id_fkey`.execute(db);
  await sql`drop index coupon_codes_definition`.execute(db);
  await sql`alter table care_runs alter column finished_at drop not null, alter column finished_at drop default`.execute(db);
  await sql`create sequence coupon_code_serial start with 268435456 maxvalue 4294967295`.execute(db);
}
