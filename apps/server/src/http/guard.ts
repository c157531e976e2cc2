import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { principalFromApiToken, principalFromSession } from '../auth/service.ts';
import type { AppContext } from './context.ts';
import { forbidden, refuse, unauthorized } from './errors.ts';
import { isCrossOrigin } from './origin.ts';

export const SESSION_COOKIE = 'kefu_session';

export interface RouteAccess {
  roles?: readonly string[];
  public?: boolean;
  crossOrigin?: boolean;
}
export interface RegisteredRoute {
  method: string;
  url: string;
  config: RouteAccess;
  schema: RouteOptions['schema'];
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const registries = new WeakMap<FastifyInstance, RouteOptions[]>();

async function identify(ctx: AppContext, request: FastifyRequest) {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return principalFromApiToken(ctx.db, header.slice(7).trim());
  const session = request.cookies[SESSION_COOKIE];
  return session ? principalFromSession(ctx.db, session) : null;
}

/**
 * Authorisation hangs on the matched route, never on the URL's text: Fastify has already matched the route (however
 * the path was encoded or the request line written) when `onRequest` runs, and it runs before the body is read and
 * before any handler. Every route, not only those under /api, says it is public or names its roles; a route that
 * says neither stops the server at start, and would be refused at request time if it ever got through.
 */
export function registerGuard(app: FastifyInstance, ctx: AppContext): void {
  const routes: RouteOptions[] = [];
  registries.set(app, routes);
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.addHook('onReady', async () => {
    const unguarded = routes.filter((r) => !accessOf(r).public && !accessOf(r).roles);
    if (unguarded.length) throw new Error(`routes name no roles: ${unguarded.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`);
  });
  app.addHook('onRequest', async (request) => {
    if (request.is404) return; // no route matched: the not-found handler serves nothing but a 404 or the app's shell
    const config = request.routeOptions.config as RouteAccess;
    if (isCrossOrigin(request, ctx.config.ALLOWED_ORIGINS, ctx.config.COOKIE_SECURE)) {
      // Another site's page may make the browser send our cookie; such a request never acts as the logged-in user.
      if (UNSAFE_METHODS.has(request.method) && !config.crossOrigin) {
        throw refuse('cross_origin');
      }
      request.cookies = {};
    }
    if (config.public) return;
    if (!config.roles) throw forbidden('this route names no roles');
    request.principal = await identify(ctx, request);
    if (!request.principal) throw unauthorized();
    if (!config.roles.includes(request.principal.role)) throw forbidden();
  });
}

function accessOf(route: RouteOptions): RouteAccess {
  return (route.config ?? {}) as RouteAccess;
}

/** Every route the app registered, with the access and schema it declared; what the role × route and API contract tests check. */
export function listRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes = registries.get(app);
  if (!routes) throw new Error('the guard is not registered on this app');
  return routes.flatMap((r) => [r.method].flat().map((method) => ({ method: String(method), url: r.url, config: accessOf(r), schema: r.schema })));
}

/**
 * Plugins that serve files (the web app, the widget, the API docs) register routes without a config; they register
 * inside this scope, which declares their routes public.
 */
export async function publicScope(app: FastifyInstance, register: (scope: FastifyInstance) => PromiseLike<unknown>): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), public: true };
    });
    await register(scope);
  });
}

/** The principal of a guarded route (the guard has already refused anonymous requests). */
export function actor(request: FastifyRequest) {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
