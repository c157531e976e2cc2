import type { AuditEntry } from '@kefu/protocol/api/audit';
import type { z } from 'zod';

export interface AuditRow {
  id: string | number;
  action: string;
  entity: string;
  entity_id: string;
  detail: unknown;
  at: Date;
  actor_id: number | null;
  actor: string | null;
}

export function presentAuditEntry(row: AuditRow): z.output<typeof AuditEntry> {
  return {
    // A bigint column: the driver reads it as a number (apps/server/src/db/database.ts).
    id: Number(row.id),
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    detail: (row.detail ?? {}) as Record<string, unknown>,
    at: row.at,
    actor: row.actor,
    actorId: row.actor_id,
  };
}
