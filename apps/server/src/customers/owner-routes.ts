import { DESK_ROLES, LEAD_ROLES, SEGMENTS, type Segment } from '@kefu/domain';
import { BalancePlanAnswer, CustomerHistory, OwnersOverview } from '@kefu/protocol/api/owners';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, Tag } from '../http/schemas.ts';
import { applyBalance, previewBalance, spreadCustomersOf } from './balance.ts';
import { customerHistory } from './history.ts';
import { ownersOverview } from './owners.ts';

const SegmentGroups = z
  .partialRecord(z.enum(SEGMENTS), Id)
  .optional()
  .describe('a segment whose customers go to the agents of this skill group (e.g. vip → the VIP group)');

const BalanceBody = z
  .object({
    customerIds: z.array(Id).min(1).max(5000).optional().describe('a selection; otherwise the filter below picks the customers'),
    segment: z.enum(SEGMENTS).optional(),
    tag: Tag.optional(),
    unassigned: z.boolean().optional().describe('only customers without an owner'),
    agentIds: z.array(Id).min(1).max(200).optional(),
    groupId: Id.optional().describe('every active member of this skill group'),
    rebalance: z.boolean().default(false).describe('hand out again customers that have an owner (kept on a tie)'),
    segmentGroups: SegmentGroups,
    dryRun: z.boolean().default(true).describe('only say who would get how many'),
  })
  .strict();

const SpreadBody = z
  .object({
    fromAgentId: Id,
    agentIds: z.array(Id).min(1).max(200).optional(),
    groupId: Id.optional(),
    segmentGroups: SegmentGroups,
    dryRun: z.boolean().default(true),
  })
  .strict();

/** 客户分配: owners' loads, balanced assignment and spreading a leaving agent's customers; the customer's history. */
export function customerOwnerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const lead = { roles: LEAD_ROLES };

  r.get(
    '/api/customers/owners',
    {
      config: lead,
      schema: { tags, description: "Each desk user's live customers by segment, and the unassigned ones.", response: { 200: OwnersOverview } },
    },
    async () => ownersOverview(ctx.db),
  );

  r.post(
    '/api/customers/balance',
    {
      config: lead,
      schema: {
        tags,
        description:
          'Balances owners (专属客服) over the chosen agents by their load, a segment to its skill group, existing owners kept unless rebalance. dryRun (default) previews; otherwise applied in one transaction, audited, with a first-contact follow-up due in 7 days per newly assigned customer.',
        body: BalanceBody,
        response: { 200: BalancePlanAnswer },
      },
    },
    async (request) => {
      const { dryRun, segmentGroups, ...rest } = request.body;
      const req = { ...rest, segmentGroups: segmentGroups as Partial<Record<Segment, number>> | undefined };
      return dryRun ? previewBalance(ctx.db, req) : applyBalance(ctx.db, actor(request), req);
    },
  );

  r.post(
    '/api/customers/spread',
    {
      config: lead,
      schema: {
        tags,
        description: 'An agent leaves: spreads all of their customers over the chosen colleagues by the same balancing. dryRun (default) previews.',
        body: SpreadBody,
        response: { 200: BalancePlanAnswer },
      },
    },
    async (request) => {
      const { fromAgentId, dryRun, segmentGroups, ...rest } = request.body;
      const req = { ...rest, segmentGroups: segmentGroups as Partial<Record<Segment, number>> | undefined };
      return spreadCustomersOf(ctx.db, actor(request), fromAgentId, req, !dryRun);
    },
  );

  r.get(
    '/api/customers/:id/history',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        description: 'Every conversation, ticket, after-sale, order, survey and follow-up of the customer, newest first.',
        params: IdParam,
        response: { 200: CustomerHistory },
      },
    },
    async (request) => ({ entries: await customerHistory(ctx.db, request.params.id) }),
  );
}
