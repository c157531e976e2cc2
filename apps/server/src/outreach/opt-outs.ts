import { createHmac, timingSafeEqual } from 'node:crypto';
import { MARKETING_PURPOSES } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { notFound } from '../http/errors.ts';

/**
 * A shopper's "do not contact me": all marketing (care greetings, review invitations), or one channel. Staff set it
 * from the customer file; the shopper sets it through the unsubscribe link of an e-mail. Sends already queued that
 * it now forbids are cancelled at once (and the delivery checks again before sending).
 */
export const OPT_OUT_SCOPES = ['marketing', 'chat', 'email', 'sms'] as const;
export type OptOutScope = (typeof OPT_OUT_SCOPES)[number];

export async function optOutsOf(db: Db | Tx, customerId: number): Promise<OptOutScope[]> {
  const rows = await db.selectFrom('outreach_opt_outs').select('scope').where('customer_id', '=', customerId).orderBy('scope').execute();
  return rows.map((r) => r.scope as OptOutScope);
}

/** Sets the customer's opt-outs to exactly `scopes`; returns how many queued sends were cancelled. */
export async function setOptOuts(
  tx: Tx,
  customerId: number,
  scopes: readonly OptOutScope[],
  by: { source: 'staff'; actorId: number } | { source: 'shopper' },
): Promise<number> {
  const customer = await tx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirst();
  if (!customer) throw notFound('customer');
  const before = await optOutsOf(tx, customerId);
  const wanted = [...new Set(scopes)];
  const removed = before.filter((s) => !wanted.includes(s));
  const added = wanted.filter((s) => !before.includes(s));
  if (removed.length) await tx.deleteFrom('outreach_opt_outs').where('customer_id', '=', customerId).where('scope', 'in', removed).execute();
  if (added.length) {
    await tx
      .insertInto('outreach_opt_outs')
      .values(added.map((scope) => ({ customer_id: customerId, scope, source: by.source, created_by: by.source === 'staff' ? by.actorId : null })))
      .execute();
  }
  const cancelled = await cancelForbidden(tx, customerId);
  if (removed.length || added.length) {
    await audit(tx, {
      actorId: by.source === 'staff' ? by.actorId : null,
      action: 'customer.opt_out',
      entity: 'customer',
      entityId: customerId,
      detail: { source: by.source, added, removed, cancelled },
    });
  }
  return cancelled;
}

/** Adds one opt-out (the shopper's unsubscribe link), keeping the others. */
export async function addOptOut(tx: Tx, customerId: number, scope: OptOutScope): Promise<void> {
  const current = await optOutsOf(tx, customerId);
  if (!current.includes(scope)) await setOptOuts(tx, customerId, [...current, scope], { source: 'shopper' });
}

/** Cancels the customer's queued sends that their opt-outs now forbid. */
export async function cancelForbidden(tx: Tx, customerId: number): Promise<number> {
  const result = await sql<{ n: number }>`
    with cancelled as (
      update outreach_sends s set state = 'cancelled', reason = 'opted_out'
      where s.customer_id = ${customerId} and s.state = 'queued' and exists (
        select 1 from outreach_opt_outs o where o.customer_id = s.customer_id
          and (o.scope = s.channel or (o.scope = 'marketing' and s.purpose = any(${[...MARKETING_PURPOSES]}::text[]))))
      returning 1)
    select count(*)::int as n from cancelled`.execute(tx);
  return result.rows[0]?.n ?? 0;
}

/**
 * Before a customer merge moves rows to the kept file: drops the merged-away file's rows the kept file already has
 * (the same opt-out, a send with the same dedupe key), so the move never breaks a unique key.
 */
export async function prepareOutreachMerge(tx: Tx, targetId: number, sourceId: number): Promise<void> {
  await sql`delete from outreach_opt_outs s where s.customer_id = ${sourceId}
    and exists (select 1 from outreach_opt_outs t where t.customer_id = ${targetId} and t.scope = s.scope)`.execute(tx);
  await sql`delete from outreach_sends s where s.customer_id = ${sourceId}
    and exists (select 1 from outreach_sends t where t.customer_id = ${targetId} and t.dedupe_key = s.dedupe_key)`.execute(tx);
}

/** The unsubscribe link's token: the customer id, signed with the shop's secret (no row per e-mail). */
export function unsubscribeToken(secret: string, customerId: number): string {
  return `${customerId}.${sign(secret, customerId)}`;
}

/** The customer an unsubscribe token names, or null when it is not one kefu signed. */
export function customerOfToken(secret: string, token: string): number | null {
  const m = /^(\d{1,10})\.([0-9a-f]{32})$/.exec(token);
  if (!m) return null;
  const id = Number(m[1]);
  const expected = Buffer.from(sign(secret, id));
  return timingSafeEqual(expected, Buffer.from(m[2]!)) ? id : null;
}

const sign = (secret: string, customerId: number) => createHmac('sha256', secret).update(`unsubscribe:${customerId}`).digest('hex').slice(0, 32);

export async function linkSecret(db: Db | Tx): Promise<string> {
  return (await db.selectFrom('outreach_settings').select('link_secret').where('id', '=', 1).executeTakeFirstOrThrow()).link_secret;
}
