import { mergeFields } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { checkRowVersion, nextVersion } from '../db/versioned.ts';
import { recordEvent } from '../events/record.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { prepareOutreachMerge } from '../outreach/opt-outs.ts';
import { refreshSearch, refuseMerged } from './service.ts';

type Reference = { [T in keyof DB]: { table: T; column: keyof DB[T] & string } }[keyof DB];

/**
 * Every column that points at a customer, and so moves to the kept file when two are merged. A test compares this
 * list with the database's own (information_schema): a new table with a customer_id fails it until it is added here.
 * These are the one write customers/ makes to other modules' tables (docs/decisions/0012): a merge must move
 * everything in one transaction or nothing.
 */
export const CUSTOMER_REFERENCES: readonly Reference[] = [
  { table: 'customer_identities', column: 'customer_id' },
  { table: 'customer_addresses', column: 'customer_id' },
  { table: 'customer_notes', column: 'customer_id' },
  { table: 'conversations', column: 'customer_id' },
  { table: 'visitors', column: 'customer_id' },
  { table: 'after_sales', column: 'customer_id' },
  { table: 'orders', column: 'customer_id' },
  { table: 'tickets', column: 'customer_id' },
  { table: 'shopper_codes', column: 'customer_id' },
  { table: 'shopper_code_requests', column: 'customer_id' },
  { table: 'report_conversations', column: 'customer_id' },
  { table: 'report_tickets', column: 'customer_id' },
  { table: 'report_aftersales', column: 'customer_id' },
  { table: 'customer_segment_history', column: 'customer_id' },
  { table: 'surveys', column: 'customer_id' },
  { table: 'coupon_codes', column: 'customer_id' },
  { table: 'outreach_sends', column: 'customer_id' },
  { table: 'reviews', column: 'customer_id' },
  { table: 'outreach_opt_outs', column: 'customer_id' },
  { table: 'follow_ups', column: 'customer_id' },
  { table: 'sms_messages', column: 'customer_id' },
  { table: 'sms_inbound', column: 'customer_id' },
  { table: 'calls', column: 'customer_id' },
  // Files merged earlier into the source now point straight at the kept file: the redirect stays one hop.
  { table: 'customers', column: 'merged_into_id' },
];

/** How many rows of each table point at `customerId`, the tables with none left out. */
export async function referencesOf(db: Db | Tx, customerId: number) {
  const counts = await Promise.all(
    CUSTOMER_REFERENCES.map(async ({ table, column }) => {
      const row = await sql<{ n: string }>`select count(*) as n from ${sql.id(table)} where ${sql.id(column)} = ${customerId}`.execute(db);
      return { table, count: Number(row.rows[0]?.n ?? 0) };
    }),
  );
  return counts.filter((c) => c.count > 0);
}

async function side(db: Db, id: number) {
  const c = await db
    .selectFrom('customers')
    .leftJoin('users', 'users.id', 'customers.assigned_agent_id')
    .select([
      'customers.id',
      'customers.name',
      'customers.segment',
      'customers.tags',
      'customers.version',
      'customers.merged_into_id',
      'users.display_name as assigned_agent_name',
    ])
    .where('customers.id', '=', id)
    .executeTakeFirst();
  if (!c) return null;
  const identities = await db.selectFrom('customer_identities').select(['id', 'kind', 'value']).where('customer_id', '=', id).orderBy('id').execute();
  return { ...c, identities };
}

/** What merging `sourceId` into `targetId` would do, refused as the merge itself would be. */
export async function previewMerge(db: Db, targetId: number, sourceId: number) {
  if (targetId === sourceId) throw badRequest('query.sourceId', 'cannot merge a customer into itself');
  const [target, source] = await Promise.all([side(db, targetId), side(db, sourceId)]);
  if (!target) throw notFound('customer');
  if (!source) throw badRequest('query.sourceId', 'no such customer');
  refuseMerged(target);
  refuseMerged(source);
  return { target, source, moves: await referencesOf(db, sourceId) };
}

/**
 * Merges `sourceId` into `targetId` in one transaction: every row pointing at the source moves to the target,
 * tags are united, the target's empty fields are filled from the source, and the source file is kept, marked as
 * merged (its old id answers with where it went), with an audit row holding what it was.
 */
export async function mergeCustomers(db: Db, actor: Principal, targetId: number, sourceId: number, targetVersion: number) {
  if (targetId === sourceId) throw badRequest('body.sourceId', 'cannot merge a customer into itself');
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('customers').selectAll().where('id', 'in', [targetId, sourceId]).orderBy('id').forUpdate().execute();
    const target = rows.find((r) => r.id === targetId);
    const source = rows.find((r) => r.id === sourceId);
    if (!target) throw notFound('customer');
    if (!source) throw badRequest('body.sourceId', 'no such customer');
    if (source.merged_into_id) throw conflict(`customer #${sourceId} was already merged into #${source.merged_into_id}`);
    refuseMerged(target);
    checkRowVersion('customers', target, targetVersion);
    const pick = (c: typeof target) => ({ gender: c.gender, birthday: c.birthday, assigned_agent_id: c.assigned_agent_id, tags: c.tags });
    const merged = mergeFields(pick(target), pick(source));
    await tx
      .updateTable('customers')
      .set({
        ...merged,
        birthday_lunar: target.birthday ? target.birthday_lunar : source.birthday_lunar,
        segment: target.segment === 'new' ? source.segment : target.segment,
        version: nextVersion(),
        updated_at: sql<Date>`now()` as unknown as Date,
      })
      .where('id', '=', targetId)
      .execute();
    // The kept file keeps its own default address, if it has one.
    const targetDefault = await tx
      .selectFrom('customer_addresses')
      .select('id')
      .where('customer_id', '=', targetId)
      .where('is_default', '=', true)
      .executeTakeFirst();
    if (targetDefault) await tx.updateTable('customer_addresses').set({ is_default: false }).where('customer_id', '=', sourceId).execute();
    // What the kept file already has of outreach (an opt-out, a send's dedupe key) would break a unique key when moved.
    await prepareOutreachMerge(tx, targetId, sourceId);
    const moved: Record<string, number> = {};
    for (const { table, column } of CUSTOMER_REFERENCES) {
      const result = await sql<{ n: string }>`
        with moved as (update ${sql.id(table)} set ${sql.id(column)} = ${targetId} where ${sql.id(column)} = ${sourceId} returning 1)
        select count(*) as n from moved`.execute(tx);
      const n = Number(result.rows[0]?.n ?? 0);
      if (n) moved[table] = n;
    }
    await tx
      .updateTable('customers')
      .set({ merged_into_id: targetId, version: nextVersion(), search: sql<string>`''::tsvector` })
      .where('id', '=', sourceId)
      .execute();
    await refreshSearch(tx, targetId);
    await audit(tx, {
      actorId: actor.id,
      action: 'customer.merge',
      entity: 'customer',
      entityId: targetId,
      detail: { sourceId, moved, source: { ...source, search: undefined } },
    });
    await audit(tx, { actorId: actor.id, action: 'customer.merge', entity: 'customer', entityId: sourceId, detail: { into: targetId } });
    await recordEvent(tx, { type: 'customer.merged', payload: { customerId: targetId, sourceId } });
    return moved;
  });
}
