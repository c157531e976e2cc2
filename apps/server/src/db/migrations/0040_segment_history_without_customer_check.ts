import { sql, type Kysely } from 'kysely';

/**
 * The segments job writes a history row for each customer whose segment moved — up to a million in one run. The
 * foreign key on `customer_id` checked each row by locking the customer row the same statement had just updated: a
 * quarter of the job's write time. Every writer of the history (customers/segments/) takes the customer from the
 * customers table in the same statement or transaction, and kefu never deletes a customer (a merge keeps both
 * files), so the check guarded nothing the writers do not; it goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table customer_segment_history drop constraint customer_segment_history_customer_id_fkey`.execute(db);
}
