/** The audit log as supervisors read it (GET /api/audit, GET /api/audit.xlsx). */
import { z } from 'zod';
import { Timestamp } from './common.ts';
import { XLSX_TYPE } from './knowledge.ts';

export const AuditEntry = z.object({
  id: z.number().int().positive(),
  action: z.string().describe('e.g. "user.update", "faq.create"'),
  entity: z.string(),
  entityId: z.string(),
  detail: z.record(z.string(), z.unknown()).describe('what the action recorded about the change'),
  at: Timestamp,
  /** The actor's display name; null for the system. */
  actor: z.string().nullable(),
  actorId: z.number().int().positive().nullable(),
});
/** One page of entries, newest first, and how many match the filters. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), total: z.number().int().min(0) });

/** The filters, as query parameters: who, what, on which record, when (`from` inclusive, `to` exclusive). */
export const AuditFilters = z.object({
  actorId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  action: z.string().trim().max(60).optional().describe('an action ("order.cancel") or its prefix ending in "." ("order.")'),
  entity: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** GET /api/audit.xlsx: the filtered entries as a workbook (a file, not JSON). */
export const AuditSpreadsheet = {
  description: 'The audit entries matching the filters as .xlsx, newest first',
  content: {
    [XLSX_TYPE]: { schema: z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }) },
  },
};
