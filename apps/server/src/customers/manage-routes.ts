import { LEAD_ROLES, SEGMENTS } from '@kefu/domain';
import { AssignAnswer, CustomerAnswer, CustomerImportReport, CustomerSpreadsheet, MergePreview } from '@kefu/protocol/api/customers';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendSheet } from '../files/sheets.ts';
import type { AppContext } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, Tag, Version } from '../http/schemas.ts';
import { assignCustomers, reassignCustomers } from './assign.ts';
import { exportCustomers } from './export.ts';
import { importCustomers } from './import.ts';
import { mergeCustomers, previewMerge } from './merge.ts';
import { presentCustomer, presentMergeSide } from './presenter.ts';
import { getCustomer } from './service.ts';

/** The list's filters, shared by its export. */
export const CustomerFilters = {
  q: z.string().max(100).optional(),
  segment: z.enum(SEGMENTS).optional(),
  tag: Tag.optional(),
  assignedAgentId: Id.optional(),
};

/** What supervisors do to many customers or to two at once: merge, assign owners, import and export. */
export function customerManagementRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const lead = { roles: LEAD_ROLES };

  r.get(
    '/api/customers/:id/merge-preview',
    { config: lead, schema: { tags, params: IdParam, querystring: z.object({ sourceId: Id }), response: { 200: MergePreview } } },
    async (request) => {
      const preview = await previewMerge(ctx.db, request.params.id, request.query.sourceId);
      return { target: presentMergeSide(preview.target), source: presentMergeSide(preview.source), moves: preview.moves };
    },
  );

  r.post(
    '/api/customers/:id/merge',
    {
      config: lead,
      schema: {
        tags,
        description:
          'Merges sourceId into this customer in one transaction: every row pointing at the source (conversations, visitors, after-sales, orders, tickets, notes, contacts, addresses…) moves here; the source keeps its id and answers with mergedIntoId.',
        params: IdParam,
        body: z.object({ sourceId: Id, version: Version }),
        response: { 200: CustomerAnswer },
      },
    },
    async (request) => {
      await mergeCustomers(ctx.db, actor(request), request.params.id, request.body.sourceId, request.body.version);
      return { customer: presentCustomer(await getCustomer(ctx.db, request.params.id)) };
    },
  );

  r.post(
    '/api/customers/assign',
    {
      config: lead,
      schema: {
        tags,
        description: 'Gives the customers an owner (专属客服), or none with agentId null.',
        body: z.object({ customerIds: z.array(Id).min(1).max(500), agentId: Id.nullable() }),
        response: { 200: AssignAnswer },
      },
    },
    async (request) => ({ updated: await assignCustomers(ctx.db, actor(request), request.body.customerIds, request.body.agentId) }),
  );

  r.post(
    '/api/customers/reassign',
    {
      config: lead,
      schema: {
        tags,
        description: 'Moves every customer of one agent to another (a departure, a rebalance).',
        body: z.object({ fromAgentId: Id, toAgentId: Id }),
        response: { 200: AssignAnswer },
      },
    },
    async (request) => ({ updated: await reassignCustomers(ctx.db, actor(request), request.body.fromAgentId, request.body.toAgentId) }),
  );

  r.get(
    '/api/customers/export',
    { config: lead, schema: { tags, querystring: z.object(CustomerFilters), response: { 200: CustomerSpreadsheet } } },
    async (request, reply) => sendSheet(reply, '客户.xlsx', await exportCustomers(ctx.db, actor(request), request.query)),
  );

  r.post(
    '/api/customers/import',
    {
      config: lead,
      schema: {
        tags,
        description:
          "Multipart upload of a customer sheet (.xlsx or .csv, the export's columns). A dry run reports every bad row by line and column, in Chinese; a real import writes all rows or none. A row whose phone, e-mail or marketplace id is known updates that customer.",
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
        response: { 200: CustomerImportReport },
      },
    },
    async (request) => {
      const file = await request.file({ limits: { fileSize: ctx.config.IMPORT_MAX_MB * 1024 * 1024 } });
      if (!file) throw badRequest('file', 'no file in the request');
      return importCustomers(ctx.db, actor(request), file.file, file.filename, {
        dryRun: request.query.dryRun === 'true',
        maxMb: ctx.config.IMPORT_MAX_MB,
      });
    },
  );
}
