import { ALL_ROLES, LEAD_ROLES, ROLES } from '@kefu/domain';
import {
  CreatedUserAnswer,
  DeactivateAnswer,
  HandOver,
  MaxChatsAnswer,
  PasswordAnswer,
  StaffList,
  UserAnswer,
  UserList,
} from '@kefu/protocol/api/users';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam } from '../http/schemas.ts';
import { groupRoutes } from './group-routes.ts';
import { presentDirectoryUser, presentStaffMember, presentUser } from './presenter.ts';
import { createUser, generatePassword, listUsers, updateUser } from './service.ts';
import { listStaff, setMaxChats } from './staff.ts';
import { tellHandOver } from './tell.ts';

const Username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{2,32}$/, 'use 2–32 letters, digits, _ . -');
const Password = z.string().min(8, 'at least 8 characters').max(200);
const Email = z.email().max(200).nullable();
const PhoneExtension = z
  .string()
  .trim()
  .regex(/^[0-9]{2,8}$/, '2–8 digits')
  .nullable()
  .describe('the extension (分机号) the telephony system rings for click-to-call; null: none');
const NO_WORK = { conversations: 0, tickets: 0, tasks: 0, customers: 0 };

export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get('/api/users', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: UserList } } }, async () => ({
    users: (await listUsers(ctx.db)).map(presentDirectoryUser),
  }));

  r.get('/api/users/staff', { config: { roles: LEAD_ROLES }, schema: { tags, response: { 200: StaffList } } }, async () => ({
    staff: (await listStaff(ctx.db, ctx.config.CHAT_MAX_CHATS)).map(presentStaffMember),
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
          /** Absent: kefu generates one and answers it this once. */
          password: Password.optional(),
          groupIds: z.array(Id).max(50).optional(),
          phoneExtension: PhoneExtension.optional(),
        }),
        response: { 201: CreatedUserAnswer },
      },
    },
    async (request, reply) => {
      const generatedPassword = request.body.password ? null : generatePassword();
      const user = await createUser(ctx.db, actor(request).id, { ...request.body, password: request.body.password ?? generatedPassword! });
      reply.code(201);
      return { user: presentUser(user), generatedPassword };
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
            phoneExtension: PhoneExtension.optional(),
          })
          .strict(),
        response: { 200: UserAnswer },
      },
    },
    async (request) => {
      // `active: false` here hands the open work back to the pool, as …/deactivate does when no colleague is named.
      const done = await updateUser(ctx.db, actor(request), request.params.id, request.body);
      if (done.handedOver) await tellHandOver(app.chat, done.handedOver.conversations);
      const { active, role, password } = request.body;
      if (active === false || role || password) await app.chat.hub.disconnectAgent(request.params.id, 'access changed');
      return { user: presentUser(done.user) };
    },
  );

  r.post(
    '/api/users/:id/deactivate',
    { config: { roles: ['admin'] }, schema: { tags, params: IdParam, body: HandOver.strict(), response: { 200: DeactivateAnswer } } },
    async (request) => {
      const done = await updateUser(ctx.db, actor(request), request.params.id, { active: false }, request.body);
      if (done.handedOver) await tellHandOver(app.chat, done.handedOver.conversations);
      await app.chat.hub.disconnectAgent(request.params.id, 'deactivated');
      return {
        user: presentUser(done.user),
        moved: done.handedOver?.counts ?? NO_WORK,
        sessionsEnded: done.sessionsEnded,
        tokensRevoked: done.tokensRevoked,
      };
    },
  );

  r.post(
    '/api/users/:id/reactivate',
    { config: { roles: ['admin'] }, schema: { tags, params: IdParam, response: { 200: UserAnswer } } },
    async (request) => ({ user: presentUser((await updateUser(ctx.db, actor(request), request.params.id, { active: true })).user) }),
  );

  r.post(
    '/api/users/:id/password',
    {
      config: { roles: ['admin'] },
      schema: { tags, params: IdParam, body: z.object({ password: Password.optional() }).strict(), response: { 200: PasswordAnswer } },
    },
    async (request) => {
      const generatedPassword = request.body.password ? null : generatePassword();
      const done = await updateUser(ctx.db, actor(request), request.params.id, { password: request.body.password ?? generatedPassword! });
      await app.chat.hub.disconnectAgent(request.params.id, 'password changed');
      return { generatedPassword, sessionsEnded: done.sessionsEnded };
    },
  );

  r.put(
    '/api/users/:id/max-chats',
    {
      config: { roles: LEAD_ROLES },
      schema: { tags, params: IdParam, body: z.object({ maxChats: z.number().int().min(1).max(50) }).strict(), response: { 200: MaxChatsAnswer } },
    },
    async (request) => setMaxChats(ctx.db, actor(request), request.params.id, request.body.maxChats),
  );

  groupRoutes(app, ctx);
}
