/** Saved ticket views (我的视图; routes in apps/server/src/saved-views): the ticket list's filters under a name. */
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

/** The ticket list's filters, as GET /api/tickets takes them; `assignee` is me, none or a user id. */
export const TicketViewFilters = z
  .object({
    status: z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length).optional(),
    type: z.array(z.enum(TICKET_TYPES)).max(TICKET_TYPES.length).optional(),
    priority: z.array(z.enum(TICKET_PRIORITIES)).max(TICKET_PRIORITIES.length).optional(),
    assignee: z
      .string()
      .regex(/^(me|none|[1-9]\d{0,9})$/, 'me, none or a user id')
      .optional(),
    tag: z.string().trim().min(1).max(32).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    due: z.enum(['breached', 'soon']).optional(),
    sort: z.enum(['updated_at', 'created_at', 'priority', 'sla_due_at']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .strict();

export const TicketView = z.object({
  id: RowId,
  name: z.string(),
  filters: TicketViewFilters,
  shared: z.boolean().describe('seen by the whole team; only supervisors and admins share or change shared views'),
  ownerId: RowId.nullable().describe('null: a view kefu set up'),
  ownerName: z.string().nullable(),
  editable: z.boolean().describe('whether the viewer may rename, change or delete it'),
  version: z.number().int(),
  createdAt: Timestamp,
});
export const TicketViewList = z.object({ views: z.array(TicketView).describe('shared views first, then the viewer’s own, oldest first') });
export const TicketViewAnswer = z.object({ view: TicketView });

export const TicketViewInput = z
  .object({ name: z.string().trim().min(1).max(40), filters: TicketViewFilters, shared: z.boolean().default(false) })
  .strict();
export const TicketViewChange = z
  .object({
    version: z.number().int().positive(),
    name: z.string().trim().min(1).max(40).optional(),
    filters: TicketViewFilters.optional(),
    shared: z.boolean().optional(),
  })
  .strict();
