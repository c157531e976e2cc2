import { sql, type Kysely } from 'kysely';
import { newSecret } from '../../auth/tokens.ts';

/**
 * One-time codes a shopper proves a phone or e-mail address with (docs/security.md, "Shopper identity").
 * Links made before this migration were made on a typed phone or order number, proving nothing: they are
 * undone (conversations stay in the customer's file for the staff). A shop's signed identity links again
 * at the shopper's next visit. A demo shop seeded with the old published secret gets a random one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shopper_codes (
      id bigint generated always as identity primary key,
      shop_id integer not null references shops(id),
      visitor_id integer not null references visitors(id),
      customer_id integer references customers(id),
      channel text not null check (channel in ('sms', 'email')),
      destination text not null,
      salt text not null,
      code_hash text not null,
      wrong_tries integer not null default 0,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index shopper_codes_visitor on shopper_codes(visitor_id, created_at);
    create index shopper_codes_destination on shopper_codes(destination, created_at);
    update visitors set customer_id = null,
      name = '访客' || case when length(id::text) >= 4 then id::text else lpad(id::text, 4, '0') end
      where customer_id is not null;
  `.execute(db);
  const published = await db.selectFrom('shops').select('id').where('identity_secret', '=', 'demo-identity-secret').execute();
  for (const shop of published)
    await db
      .updateTable('shops')
      .set({ identity_secret: newSecret('ki') })
      .where('id', '=', shop.id)
      .execute();
}
