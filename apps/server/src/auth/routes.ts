import { ALL_ROLES } from '@kefu/domain';
import { MeAnswer } from '@kefu/protocol/api/auth';
import { ApiTokenList, CreatedApiToken } from '@kefu/protocol/api/tokens';
import { NoContent, Ok } from '@kefu/protocol/api/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor, SESSION_COOKIE } from '../http/guard.ts';
import { forbidden } from '../http/errors.ts';
import { IdParam } from '../http/schemas.ts';
import { presentMe } from './presenter.ts';
import { login, logout } from './service.ts';
import { createApiToken, listApiTokens, presentApiToken, revokeApiToken } from './tokens.ts';

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: { tags, body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }), response: { 200: MeAnswer } },
    },
    async (request, reply) => {
      const { token, principal } = await login(ctx.db, request.body.username, request.body.password, request.ip, ctx.config.SESSION_TTL_HOURS);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.COOKIE_SECURE,
        path: '/',
        maxAge: ctx.config.SESSION_TTL_HOURS * 3600,
      });
      return { user: presentMe(principal) };
    },
  );

  r.post('/api/auth/logout', { config: { public: true }, schema: { tags, response: { 200: Ok } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true } as const;
  });

  r.get('/api/auth/me', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: MeAnswer } } }, async (request) => ({
    user: presentMe(actor(request)),
  }));

  r.get(
    '/api/auth/tokens',
    {
      config: { roles: ALL_ROLES },
      schema: { tags, querystring: z.object({ scope: z.enum(['mine', 'all']).default('mine') }), response: { 200: ApiTokenList } },
    },
    async (request) => {
      const me = actor(request);
      if (request.query.scope === 'all' && me.role !== 'admin') throw forbidden("only admins see everyone's tokens");
      return { tokens: (await listApiTokens(ctx.db, request.query.scope === 'all' ? null : me.id)).map(presentApiToken) };
    },
  );

  r.post(
    '/api/auth/tokens',
    {
      config: { roles: ALL_ROLES },
      schema: { tags, body: z.object({ name: z.string().trim().min(1).max(100) }), response: { 201: CreatedApiToken } },
    },
    async (request, reply) => {
      reply.code(201);
      const created = await createApiToken(ctx.db, actor(request), request.body.name);
      return { id: created.id, name: created.name, createdAt: created.created_at, token: created.token };
    },
  );

  r.delete(
    '/api/auth/tokens/:id',
    {
      config: { roles: ALL_ROLES },
      schema: { tags, params: IdParam, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await revokeApiToken(ctx.db, actor(request), request.params.id);
      reply.code(204);
    },
  );
}
