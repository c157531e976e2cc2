import { sql, type Selectable, type UpdateObject } from 'kysely';
import { notFound, refuse } from '../http/errors.ts';
import type { Tx } from './database.ts';
import type { DB } from './schema.ts';

/**
 * A locked, version-checked change. Every record a person edits carries a `version`; an edit names the version it
 * was based on, and if someone else has moved the record since, it is refused (409 stale_version, with
 * `currentVersion`) and nothing is written. The row is locked for the transaction, so two edits of the same version
 * never both pass; every write moves the version on.
 */

/** Tables whose rows carry an `id` and a `version`; shop_settings is keyed by name and uses checkVersion alone. */
export type VersionedTable = { [T in keyof DB]: DB[T] extends { id: unknown; version: unknown } ? T : never }[keyof DB];

/** What a client is told the record is ("order not found", "the order was changed…"). */
const RECORD_NAMES: Record<VersionedTable, string> = {
  customers: 'customer',
  tickets: 'ticket',
  products: 'product',
  faq_entries: 'FAQ entry',
  orders: 'order',
  substitutions: 'substitution',
  after_sales: 'after-sale request',
  collab_tasks: 'task',
  sla_policies: 'service-level policy',
  quality_rules: 'quality rule',
  quality_settings: 'quality settings',
  defect_alarms: 'quality alarm',
  quick_replies: 'quick reply',
  saved_views: 'ticket view',
  reviews: 'review',
  follow_ups: 'follow-up',
  outreach_settings: 'outreach settings',
  notification_templates: 'notification template',
  coupon_definitions: 'coupon',
  care_campaigns: 'care campaign',
  webhook_subscriptions: 'webhook subscription',
};

/** `version = version + 1`, for a write that is its own statement (one that returns more than the version). */
export const nextVersion = () => sql<number>`version + 1`;

/** Refuses an edit based on version `expected` of `record`, which is now at `current`. */
export function checkVersion(record: string, current: number, expected: number): void {
  if (current !== expected) {
    throw refuse('stale_version', `the ${record} was changed by someone else; reload and try again`, { currentVersion: current });
  }
}

/** Locks row `id` of `table` for this transaction (404 when there is none) and checks it is still at `expected`. */
export async function lockVersioned<T extends VersionedTable>(tx: Tx, table: T, id: number, expected: number): Promise<Selectable<DB[T]>> {
  const row = await lockRow(tx, table, id);
  checkRowVersion(table, row as { version: number }, expected);
  return row;
}

/** Locks row `id` of `table` (404 when there is none), for a change that checks something else before the version. */
export async function lockRow<T extends VersionedTable>(tx: Tx, table: T, id: number): Promise<Selectable<DB[T]>> {
  // One query for every table: Kysely cannot follow a table name that is a type parameter, so it is typed as one of them.
  const row = await tx
    .selectFrom(table as 'orders')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound(RECORD_NAMES[table]);
  return row as unknown as Selectable<DB[T]>;
}

/** The version check of a row locked by lockRow or another way (with a join, or with other rows). */
export function checkRowVersion(table: VersionedTable, row: { version: number }, expected: number): void {
  checkVersion(RECORD_NAMES[table], row.version, expected);
}

/** Writes `set` to row `id` of `table` and moves its version on; returns the new version. */
export async function writeVersioned<T extends VersionedTable>(tx: Tx, table: T, id: number, set: UpdateObject<DB, T>): Promise<number> {
  const row = await tx
    .updateTable(table as 'orders')
    .set({ ...(set as UpdateObject<DB, 'orders'>), version: nextVersion() })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}
