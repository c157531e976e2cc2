/** The audit log as supervisors read it (GET /api/audit). */
import { z } from 'zod';
import { Timestamp } from './common.ts';

export const AuditEntry = z.object({
  id: z.number().int().positive(),
  action: z.string().describe('e.g. "user.update", "faq.create"'),
  entity: z.string(),
  entityId: z.string(),
  detail: z.record(z.string(), z.unknown()).describe('what the action recorded about the change'),
  at: Timestamp,
  /** The actor's display name; null for the system. */
  actor: z.string().nullable(),
});
export const AuditPage = z.object({ entries: z.array(AuditEntry) });
