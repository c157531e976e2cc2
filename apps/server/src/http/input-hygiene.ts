import { findUnstorableText } from '@kefu/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, type HttpError } from './errors.ts';

/** The first string in a request's path parameters, query or JSON body that cannot be stored as text, as a 400 naming it. */
export function unstorableInput(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): HttpError | null {
  const parts: [string, unknown][] = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ];
  for (const [where, value] of parts) {
    const found = findUnstorableText(value);
    if (found) return badRequest([where, ...found.path].join('.'), found.reason);
  }
  return null;
}

/**
 * Refuses, for every route at once, text the database cannot store (NUL) or that is not Unicode (a lone surrogate),
 * before any handler runs: one check instead of one per field, and no handler ever half-writes such a value.
 * It runs after the guard and the route's schema, so an anonymous caller still gets 401 and a wrong shape its 400.
 * Multipart parts and socket frames are checked where they are read (files/rows.ts, chat/connection.ts).
 */
export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const problem = unstorableInput(request);
    if (problem) throw problem;
  });
}
