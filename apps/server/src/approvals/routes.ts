import { LEAD_ROLES } from '@kefu/domain';
import { ApprovalCount, ApprovalList } from '@kefu/protocol/api/approvals';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { approvalCounts, approvalInbox } from './inbox.ts';

/**
 * The supervisors' approvals inbox. Deciding reuses the owners' routes (POST /api/aftersales/:id/transition), so the
 * rules of who may approve what stay in one place.
 */
export function approvalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['approvals'];
  const leads = { roles: LEAD_ROLES };

  r.get('/api/approvals', { config: leads, schema: { tags, response: { 200: ApprovalList } } }, async () => approvalInbox(ctx.db));
  r.get('/api/approvals/count', { config: leads, schema: { tags, response: { 200: ApprovalCount } } }, async () => ({
    counts: await approvalCounts(ctx.db),
  }));
}
