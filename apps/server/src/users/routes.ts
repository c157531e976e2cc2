import { ALL_ROLES, LEAD_ROLES, ROLES } from '@kefu/domain';
import { AuditPage } from '@kefu/protocol/api/audit';
import { GroupAnswer, GroupList, UserAnswer, UserList } from '@kefu/protocol/api/users';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentAuditEntry } from '../audit/presenter.ts';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, Paging } from '../http/schemas.ts';
import { presentDirectoryUser, presentGroup, presentUser } from './presenter.ts';
import { createGroup, createUser, listGroups, listUsers, updateUser } from './service.ts';

const Username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{2,32}$/, 'use 2–32 letters, digits, _ . -');
const Password = z.string().min(8, 'at least 8 characters').max(200);
const Email = z.email().max(200).nullable();

export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get('/api/users', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: UserList } } }, async () => ({
    users: (await listUsers(ctx.db)).map(presentDirectoryUser),
  }));

  r.post(
    '/api/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        body: z.object({
          username: Username,
          displayName: z.string().trim().min(1).max(64),
          email: Email.optional(),
          role: z.enum(ROLES),
          password: Password,
          groupIds: z.array(Id).max(50).optional(),
        }),
        response: { 201: UserAnswer },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return { user: presentUser(await createUser(ctx.db, actor(request).id, request.body)) };
    },
  );

  r.patch(
    '/api/users/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        params: IdParam,
        body: z
          .object({
            displayName: z.string().trim().min(1).max(64).optional(),
            email: Email.optional(),
            role: z.enum(ROLES).optional(),
            active: z.boolean().optional(),
            password: Password.optional(),
            groupIds: z.array(Id).max(50).optional(),
          })
          .strict(),
        response: { 200: UserAnswer },
      },
    },
    async (request) => ({ user: presentUser(await updateUser(ctx.db, actor(request), request.params.id, request.body)) }),
  );

  r.get('/api/groups', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: GroupList } } }, async () => ({
    groups: (await listGroups(ctx.db)).map(presentGroup),
  }));

  r.post(
    '/api/groups',
    {
      config: { roles: ['admin'] },
      schema: { tags, body: z.object({ name: z.string().trim().min(1).max(64) }), response: { 201: GroupAnswer } },
    },
    async (request, reply) => {
      reply.code(201);
      return { group: presentGroup(await createGroup(ctx.db, actor(request), request.body.name)) };
    },
  );

  r.get(
    '/api/audit',
    {
      config: { roles: LEAD_ROLES },
      schema: {
        tags: ['audit'],
        querystring: z.object({ entity: z.string().max(40).optional(), entityId: z.string().max(40).optional(), ...Paging }),
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const { entity, entityId, page, pageSize } = request.query;
      let q = ctx.db
        .selectFrom('audit_log')
        .leftJoin('users', 'users.id', 'audit_log.actor_id')
        .select([
          'audit_log.id',
          'audit_log.action',
          'audit_log.entity',
          'audit_log.entity_id',
          'audit_log.detail',
          'audit_log.at',
          'users.display_name as actor',
        ]);
      if (entity) q = q.where('audit_log.entity', '=', entity);
      if (entityId) q = q.where('audit_log.entity_id', '=', entityId);
      const entries = await q
        .orderBy('audit_log.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return { entries: entries.map(presentAuditEntry) };
    },
  );
}
