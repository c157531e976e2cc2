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
