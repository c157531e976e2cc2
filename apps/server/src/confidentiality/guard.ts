import { isDepartmentRole, type Role } from '@kefu/domain';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { caseInScope, type CaseKind } from './scope.ts';

/**
 * Routes open to department roles whose `:id` names a case or something inside one, and which case it is. A
 * department asking for a case it holds no task on gets the same 404 as for one that does not exist (no oracle).
 * `apps/server/test/confidentiality-routes.test.ts` fails when a route open to a department names an `:id` and is
 * neither here nor listed there as not a shopper's case.
 */
export const CASE_ROUTES: Record<string, CaseKind | 'attachment'> = {
  'GET /api/tickets/:id': 'ticket',
  'GET /api/tickets/:id/timeline': 'ticket',
  'POST /api/tickets/:id/messages': 'ticket',
  'POST /api/tickets/:id/attachments': 'ticket',
  'GET /api/attachments/:id': 'attachment',
  'GET /api/orders/:id': 'order',
  'GET /api/aftersales/:id': 'after_sale',
  'POST /api/aftersales/:id/transition': 'after_sale',
};

const NOT_FOUND_AS: Record<(typeof CASE_ROUTES)[string], string> = {
  ticket: 'ticket',
  order: 'order',
  after_sale: 'after-sale request',
  attachment: 'attachment',
};

async function inScope(ctx: AppContext, role: Role, kind: keyof typeof NOT_FOUND_AS, id: number) {
  if (kind === 'attachment') {
    const file = await ctx.db.selectFrom('attachments').select('ticket_id').where('id', '=', id).executeTakeFirst();
    return file?.ticket_id != null && caseInScope(ctx.db, role, 'ticket', file.ticket_id);
  }
  return caseInScope(ctx.db, role, kind, id);
}

/** Registered once, after the role guard: it runs on the matched route, before the handler reads anything. */
export function registerCaseScope(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('preHandler', async (request) => {
    const kind = CASE_ROUTES[`${request.method} ${request.routeOptions.url}`];
    const principal = request.principal;
    if (!kind || !principal || !isDepartmentRole(principal.role)) return;
    const id = Number((request.params as { id?: unknown }).id);
    if (!Number.isInteger(id) || !(await inScope(ctx, principal.role, kind, id))) throw notFound(NOT_FOUND_AS[kind]);
  });
}
