import { sql, type Kysely } from 'kysely';

/**
 * Click-to-call (channels/phone/dial.ts): each agent's extension (分机号) on the shop's telephony system, so that kefu
 * can ask the CTI to ring that extension and connect it to the customer's number.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users add column phone_extension text check (phone_extension ~ '^[0-9]{2,8}$');
    create unique index users_phone_extension on users (phone_extension) where phone_extension is not null`.execute(db);
}
