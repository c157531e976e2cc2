import { ALL_ROLES } from '@kefu/domain';
import { NoContent } from '@kefu/protocol/api/common';
import { GroupAnswer, GroupList, GroupMembers } from '@kefu/protocol/api/users';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, RowId } from '../http/schemas.ts';
import { createGroup, deleteGroup, groupWithMembers, listGroups, renameGroup, setMembership } from './groups.ts';
import { presentGroup } from './presenter.ts';

const GroupName = z.string().trim().min(1).max(64);

/** Skill groups (技能组) and who is in them; routing gives a group's conversations to its online members. */
export function groupRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get('/api/groups', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: GroupList } } }, async () => ({
    groups: (await listGroups(ctx.db)).map(presentGroup),
  }));

  r.post(
    '/api/groups',
    { config: { roles: ['admin'] }, schema: { tags, body: z.object({ name: GroupName }), response: { 201: GroupAnswer } } },
    async (request, reply) => {
      reply.code(201);
      return { group: presentGroup(await createGroup(ctx.db, actor(request), request.body.name)) };
    },
  );

  r.patch(
    '/api/groups/:id',
    { config: { roles: ['admin'] }, schema: { tags, params: IdParam, body: z.object({ name: GroupName }).strict(), response: { 200: GroupAnswer } } },
    async (request) => ({ group: presentGroup(await renameGroup(ctx.db, actor(request), request.params.id, request.body.name)) }),
  );

  r.delete(
    '/api/groups/:id',
    { config: { roles: ['admin'] }, schema: { tags, params: IdParam, response: { 204: NoContent } } },
    async (request, reply) => {
      await deleteGroup(ctx.db, actor(request), request.params.id);
      reply.code(204);
    },
  );

  r.get(
    '/api/groups/:id/members',
    { config: { roles: ALL_ROLES }, schema: { tags, params: IdParam, response: { 200: GroupMembers } } },
    async (request) => {
      const { group, memberIds } = await groupWithMembers(ctx.db, request.params.id);
      return { group: presentGroup(group), memberIds };
    },
  );

  r.post(
    '/api/groups/:id/members',
    { config: { roles: ['admin'] }, schema: { tags, params: IdParam, body: z.object({ userId: RowId }).strict(), response: { 200: GroupMembers } } },
    async (request) => {
      const done = await setMembership(ctx.db, actor(request), request.params.id, request.body.userId, true);
      return { group: presentGroup(done.group), memberIds: done.memberIds };
    },
  );

  r.delete(
    '/api/groups/:id/members/:userId',
    {
      config: { roles: ['admin'] },
      schema: { tags, params: z.object({ id: Id, userId: Id }), response: { 200: GroupMembers } },
    },
    async (request) => {
      const done = await setMembership(ctx.db, actor(request), request.params.id, request.params.userId, false);
      return { group: presentGroup(done.group), memberIds: done.memberIds };
    },
  );
}
