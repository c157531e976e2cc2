import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { routeNotFound } from './errors.ts';
import { publicScope } from './guard.ts';

/** Vite names built files `name-<hash>.ext` under assets/: a new build gives new names, so they never change. */
const HASHED = /\/assets\/[^/]+-[\w-]{8,}\.\w+(\.br|\.gz)?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page, the widget loader and other fixed names: cached, but checked (ETag) on every use, so a new build shows at once. */
const REVALIDATE = 'no-cache';

export function cacheControlFor(path: string): string {
  return HASHED.test(path.replaceAll('\\', '/')) ? IMMUTABLE : REVALIDATE;
}

const staticOptions = (root: string) => ({
  root,
  // The build writes .br and .gz beside each text file (tools/compress-dist.ts): served by Accept-Encoding, no CPU per request.
  preCompressed: true,
  cacheControl: false,
  setHeaders: (reply: FastifyReply, path: string) => {
    reply.header('cache-control', cacheControlFor(path));
  },
});

const sendPage = (reply: FastifyReply, file: string) =>
  reply.header('cache-control', REVALIDATE).type('text/html; charset=utf-8').send(createReadStream(file));

/**
 * The built web app at `/` and the chat widget at `/widget/` (docs/operations.md#static-files); without a build,
 * unknown routes answer 404 in JSON. A page of the web app that is not a file gets index.html (the browser routes).
 */
export async function registerStaticFiles(app: FastifyInstance, dirs: { webDist: string; widgetDist: string }): Promise<void> {
  if (existsSync(dirs.widgetDist)) {
    await publicScope(app, (scope) => scope.register(fastifyStatic, { ...staticOptions(dirs.widgetDist), prefix: '/widget/', decorateReply: false }));
    // The shopper's standalone chat page (links in SMS and e-mail); /chat is the agents' workspace in the web app.
    app.get('/webchat', { config: { public: true }, schema: { hide: true } }, (_request, reply) =>
      sendPage(reply, join(dirs.widgetDist, 'chat.html')),
    );
  }
  if (!existsSync(dirs.webDist)) {
    app.setNotFoundHandler(routeNotFound);
    return;
  }
  await publicScope(app, (scope) => scope.register(fastifyStatic, staticOptions(dirs.webDist)));
  app.setNotFoundHandler((request, reply) =>
    request.method !== 'GET' || request.url.startsWith('/api/') ? routeNotFound(request, reply) : sendPage(reply, join(dirs.webDist, 'index.html')),
  );
}
