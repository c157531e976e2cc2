import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalFromApiToken, principalFromSession } from '../auth/service.ts';
import type { AppContext } from './context.ts';
import { forbidden, unauthorized } from './errors.ts';

export const SESSION_COOKIE = 'kefu_session';

async function identify(ctx: AppContext, request: FastifyRequest) {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return principalFromApiToken(ctx.db, header.slice(7).trim());
  const session = request.cookies[SESSION_COOKIE];
  return session ? principalFromSession(ctx.db, session) : null;
}

/**
 * Every /api route either says it is public or names the roles allowed on it; a route that says
 * neither stops the server at start, so no route can forget its check.
 */
export function registerGuard(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const config = route.config as { roles?: unknown; public?: boolean } | undefined;
    if (!config?.public && !config?.roles) throw new Error(`route ${route.method} ${route.url} names no roles`);
  });
  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    if (!request.url.startsWith('/api/') || config.public || !config.roles) return;
    request.principal = await identify(ctx, request);
    if (!request.principal) throw unauthorized();
    if (!config.roles.includes(request.principal.role)) throw forbidden();
  });
}

/** The principal of a guarded route (the guard has already refused anonymous requests). */
export function actor(request: FastifyRequest) {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
