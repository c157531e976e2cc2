/** Customer responses: the list, duplicates, the customer file and its notes, merge, assignment and import (routes in apps/server/src/customers). */
import { IDENTITY_KINDS, ORDER_PLATFORMS, ORDER_STATUSES, SEGMENTS, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '@kefu/domain';
import { z } from 'zod';
import { Day, Fen, RowId, Timestamp } from './common.ts';
import { FaqSpreadsheet } from './knowledge.ts';

/** A customer in a list (GET /api/customers): `phone` is their first phone identity. */
export const CustomerSummary = z.object({
  id: RowId,
  name: z.string(),
  segment: z.enum(SEGMENTS),
  tags: z.array(z.string()),
  assignedAgentId: RowId.nullable(),
  assignedAgentName: z.string().nullable(),
  updatedAt: Timestamp,
  phone: z.string().nullable(),
});
export const CustomerList = z.object({ customers: z.array(CustomerSummary), total: z.number().int() });

/** A customer already holding one of the identities asked about, or (kind `name`) bearing the same name. */
export const Duplicate = z.object({
  id: RowId,
  name: z.string(),
  kind: z.enum([...IDENTITY_KINDS, 'name']),
  value: z.string(),
  phone: z.string().nullable().describe('their first phone, to tell two namesakes apart'),
});
export const Duplicates = z.object({ duplicates: z.array(Duplicate) });

export const Identity = z.object({ id: RowId, kind: z.enum(IDENTITY_KINDS), value: z.string() });

export const Address = z.object({
  id: RowId,
  customerId: RowId,
  recipient: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
  isDefault: z.boolean(),
});

export const CustomerNote = z.object({ id: RowId, body: z.string(), createdAt: Timestamp });
export const CustomerNoteAnswer = z.object({ note: CustomerNote });

/** The customer's tickets, most recently updated first (at most 100). */
export const CustomerTicket = z.object({
  id: RowId,
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  subject: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** The customer's orders, newest first (at most 50). */
export const CustomerOrder = z.object({
  id: RowId,
  platform: z.enum(ORDER_PLATFORMS),
  orderNo: z.string(),
  status: z.enum(ORDER_STATUSES),
  totalFen: Fen,
  trackingNo: z.string().nullable(),
  createdAt: Timestamp,
  shippedAt: Timestamp.nullable(),
});

/** The customer file: profile, identities, addresses, notes (newest first), tickets and orders. */
export const Customer = z.object({
  id: RowId,
  name: z.string(),
  gender: z.enum(['female', 'male']).nullable(),
  birthday: Day.nullable(),
  birthdayLunar: z.boolean().describe('the birthday is celebrated on the lunar calendar (农历)'),
  segment: z.enum(SEGMENTS),
  tags: z.array(z.string()),
  assignedAgentId: RowId.nullable(),
  assignedAgentName: z.string().nullable(),
  mergedIntoId: RowId.nullable().describe('set on a file merged into another; the other one is the live file'),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  identities: z.array(Identity),
  addresses: z.array(Address),
  notes: z.array(CustomerNote.extend({ author: z.string().nullable() })),
  tickets: z.array(CustomerTicket),
  orders: z.array(CustomerOrder),
});
export const CustomerAnswer = z.object({ customer: Customer });

/** One side of a merge as the preview shows it. */
export const MergeSide = z.object({
  id: RowId,
  name: z.string(),
  segment: z.enum(SEGMENTS),
  tags: z.array(z.string()),
  assignedAgentName: z.string().nullable(),
  identities: z.array(Identity),
  version: z.number().int(),
});
/**
 * GET /api/customers/:id/merge-preview?sourceId=: what merging `source` into `target` moves — the number of rows
 * of each table that points at the source (conversations, visitors, after_sales, orders, tickets, …), only those above 0.
 */
export const MergePreview = z.object({
  target: MergeSide,
  source: MergeSide,
  moves: z.array(z.object({ table: z.string(), count: z.number().int() })),
});

/** POST /api/customers/assign and /reassign: how many customers changed hands. */
export const AssignAnswer = z.object({ updated: z.number().int() });

/** POST /api/customers/import: every bad row by line, column (its Chinese header) and a Chinese reason; what was or would be written. */
export const CustomerImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
  created: z.number().int(),
  updated: z.number().int(),
});

/** GET /api/customers/export: a file, not JSON (the content type of the FAQ export). */
export const CustomerSpreadsheet = {
  description: "The (filtered) customer list as .xlsx, in the import's columns",
  content: FaqSpreadsheet.content,
};
