/** Customer owners (专属客服): the owners overview, balanced assignment and the customer's history (routes in apps/server/src/customers). */
import { SEGMENTS } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

const SegmentCounts = z.record(z.enum(SEGMENTS), z.number().int()).describe('live customers by segment');

/** One agent (or the unassigned pool, agentId null) and the customers they own. */
export const OwnerLoad = z.object({
  agentId: RowId.nullable(),
  name: z.string().nullable(),
  active: z.boolean(),
  groupIds: z.array(RowId),
  total: z.number().int(),
  bySegment: SegmentCounts,
});
export const OwnersOverview = z.object({ agents: z.array(OwnerLoad), unassigned: OwnerLoad });

/** Who gets how many: each chosen agent's count before and after, and the customers that change hands. */
export const BalancePlanAnswer = z.object({
  customers: z.number().int().describe('customers matched by the selection'),
  kept: z.number().int().describe('customers that keep their owner'),
  moved: z.number().int().describe('customers that get a new owner'),
  loads: z.array(z.object({ agentId: RowId, name: z.string(), before: z.number().int(), after: z.number().int(), gained: z.number().int() })),
  moves: z.array(z.object({ customerId: RowId, fromAgentId: RowId.nullable(), toAgentId: RowId })).describe('the first 200'),
  followUps: z.number().int().describe('first-contact follow-ups opened (0 in a preview)'),
});

const HistoryEntry = z.object({
  kind: z.enum(['conversation', 'ticket', 'after_sale', 'order', 'survey', 'follow_up', 'call']),
  id: RowId,
  at: Timestamp,
  title: z.string(),
  status: z.string(),
  detail: z.string().nullable(),
  link: z.string().nullable().describe('the web page of the entry, if it has one'),
});
/** Everything that happened with a customer, newest first: conversations, tickets, after-sales, orders, surveys, follow-ups, calls. */
export const CustomerHistory = z.object({ entries: z.array(HistoryEntry) });
