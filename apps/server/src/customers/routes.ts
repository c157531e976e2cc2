import { DESK_ROLES, IDENTITY_KINDS, normalizeIdentity } from '@kefu/domain';
import { CustomerAnswer, CustomerList, CustomerNoteAnswer, Duplicates } from '@kefu/protocol/api/customers';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, Paging, Tags, Version } from '../http/schemas.ts';
import { presentCustomer, presentCustomerList, presentDuplicate, presentNote } from './presenter.ts';
import { CustomerFilters, customerManagementRoutes } from './manage-routes.ts';
import { addCustomerNote, auditView, createCustomer, findDuplicates, findNamesakes, getCustomer, listCustomers, updateCustomer } from './service.ts';

const Identity = z.object({ kind: z.enum(IDENTITY_KINDS), value: z.string().trim().min(1).max(100) });
const Address = z.object({
  recipient: z.string().trim().min(1).max(40),
  phone: z.string().trim().min(5).max(20),
  province: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(40),
  district: z.string().trim().max(40).optional(),
  detail: z.string().trim().min(1).max(200),
  isDefault: z.boolean().optional(),
});
const CustomerFields = {
  name: z.string().trim().min(1).max(64),
  gender: z.enum(['female', 'male']).nullable().optional(),
  birthday: z.iso.date().nullable().optional(),
  birthdayLunar: z.boolean().optional().describe('the birthday is celebrated on the lunar calendar (农历)'),
  segment: z
    .never({ error: 'is computed by the segment rules; a supervisor overrides it with a reason (PUT /api/customers/:id/segment-override)' })
    .optional(),
  tags: Tags.optional(),
  assignedAgentId: Id.nullable().optional(),
  identities: z.array(Identity).max(20).optional(),
  addresses: z.array(Address).max(20).optional(),
};

export function customerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const desk = { roles: DESK_ROLES };

  r.get(
    '/api/customers',
    {
      config: desk,
      schema: { tags, querystring: z.object({ ...CustomerFilters, ...Paging }), response: { 200: CustomerList } },
    },
    async (request) => presentCustomerList(await listCustomers(ctx.db, request.query)),
  );

  r.get(
    '/api/customers/duplicates',
    {
      config: desk,
      schema: {
        tags,
        querystring: z.object({
          phone: z.string().max(30).optional(),
          email: z.string().max(200).optional(),
          kind: z.enum(IDENTITY_KINDS).optional(),
          value: z.string().max(100).optional(),
          name: z.string().max(64).optional().describe('also customers bearing this name (spaces and case aside)'),
        }),
        response: { 200: Duplicates },
      },
    },
    async (request) => {
      const { phone, email, kind, value, name } = request.query;
      const wanted = [
        ...(phone ? [{ kind: 'phone' as const, value: phone }] : []),
        ...(email ? [{ kind: 'email' as const, value: email }] : []),
        ...(kind && value ? [{ kind, value }] : []),
      ].map((i) => ({ kind: i.kind, value: normalizeIdentity(i.kind, i.value) ?? i.value }));
      const [byContact, byName] = await Promise.all([findDuplicates(ctx.db, wanted), name ? findNamesakes(ctx.db, name) : []]);
      const byContactIds = new Set(byContact.map((d) => d.id));
      return { duplicates: [...byContact, ...byName.filter((d) => !byContactIds.has(d.id))].map(presentDuplicate) };
    },
  );

  r.post(
    '/api/customers',
    {
      config: desk,
      schema: { tags, body: z.object(CustomerFields), response: { 201: CustomerAnswer } },
    },
    async (request, reply) => {
      const id = await createCustomer(ctx.db, actor(request), request.body);
      reply.code(201);
      return { customer: presentCustomer(await getCustomer(ctx.db, id)) };
    },
  );

  r.get(
    '/api/customers/:id',
    {
      config: desk,
      schema: {
        tags,
        description:
          'The customer file; a merged-away file answers with mergedIntoId, the file it went to. Each read is audited (customer.view, once per reader and file per 10 minutes).',
        params: IdParam,
        response: { 200: CustomerAnswer },
      },
    },
    async (request) => {
      const customer = presentCustomer(await getCustomer(ctx.db, request.params.id));
      await auditView(ctx.db, actor(request).id, customer.id);
      return { customer };
    },
  );

  r.patch(
    '/api/customers/:id',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: z.object({ ...CustomerFields, name: CustomerFields.name.optional(), version: Version }).strict(),
        response: { 200: CustomerAnswer },
      },
    },
    async (request) => {
      await updateCustomer(ctx.db, actor(request), request.params.id, request.body);
      return { customer: presentCustomer(await getCustomer(ctx.db, request.params.id)) };
    },
  );

  r.post(
    '/api/customers/:id/notes',
    {
      config: desk,
      schema: { tags, params: IdParam, body: z.object({ body: z.string().trim().min(1).max(5000) }), response: { 201: CustomerNoteAnswer } },
    },
    async (request, reply) => {
      reply.code(201);
      return { note: presentNote(await addCustomerNote(ctx.db, actor(request), request.params.id, request.body.body)) };
    },
  );

  customerManagementRoutes(app, ctx);
}
