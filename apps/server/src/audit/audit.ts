import type { Db, Tx } from '../db/database.ts';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  detail?: Record<string, unknown>;
}

/** Written in the same transaction as the change it records. */
export async function audit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: String(entry.entityId),
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

/**
 * For one constant statement (a prepared hot path) that creates the audited rows: the INSERT of one audit entry per
 * row of the CTE `from` (its `id` is the entity's), to add as a CTE. `actor` is the statement's parameter for the
 * actor (e.g. `$19::int`); `detail` is SQL over `from`'s columns.
 */
export const auditInsertFromSql = (from: string, actor: string, action: string, entity: string, detail: string) =>
  `insert into audit_log (actor_id, action, entity, entity_id, detail)
    select ${actor}, '${action}', '${entity}', ${from}.id::text, ${detail} from ${from}`;
