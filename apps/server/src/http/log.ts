import type { FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

const SECRET_PARAMS = new Set(['token', 'visitor', 'code', 'sig']);
/** Fields database drivers put on their errors that carry the statement's values (a password hash, a phone). */
const ERROR_FIELDS_WITH_VALUES = ['query', 'params', 'parameters', 'detail', 'where', 'internalQuery'];

/** A query string with the values of secret parameters blanked; keys are compared as the server reads them (decoded). */
function redactQuery(query: string): string {
  return query
    .split(/([&;])/)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      let key: string;
      try {
        key = decodeURIComponent(part.slice(0, eq).replaceAll('+', ' '));
      } catch {
        return `${part.slice(0, eq)}=[redacted]`; // undecodable: better blank than leak
      }
      return SECRET_PARAMS.has(key.trim().toLowerCase()) ? `${part.slice(0, eq)}=[redacted]` : part;
    })
    .join('');
}

/** What a request line looks like in the log: secrets in the query (the agent socket's ?token=, a visitor's token) are blanked. */
export function requestForLog(request: FastifyRequest) {
  const q = request.url.indexOf('?');
  return {
    method: request.method,
    url: q < 0 ? request.url : `${request.url.slice(0, q)}?${redactQuery(request.url.slice(q + 1))}`,
    host: request.host,
    remoteAddress: request.ip,
  };
}

/** An error as logged: message, type, code and stack, without the values of the statement that failed. */
export function errorForLog(err: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const logged = stdSerializers.err(err);
  for (const field of ERROR_FIELDS_WITH_VALUES) delete logged[field];
  return logged;
}
