import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** An error a client caused or may act on; its status and body are what the client sees. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (field: string, reason: string) =>
  new HttpError(400, 'invalid_input', `${field}: ${reason}`, { fields: [{ field, reason }] });
export const invalidInput = (fields: { field: string; reason: string }[]) =>
  new HttpError(400, 'invalid_input', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });

/** Validates input that did not come through a route schema (a signed webhook's body, a file's row); `where` prefixes the field names. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(result.error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), reason: i.message })));
}
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new HttpError(409, 'conflict', message, details);
export const forbidden = (message = 'your role may not do this') => new HttpError(403, 'forbidden', message);
export const unauthorized = (message = 'log in or send an API token') => new HttpError(401, 'unauthorized', message);

/**
 * Postgres error codes that mean the client's data was at fault, not the server: a collision with stored data, a value
 * the database cannot hold (NUL, a lone surrogate, a number out of range, a word too long for the search index).
 */
const PG_CLIENT_ERRORS: Record<string, { status: 400; reason: string }> = {
  '22P02': { status: 400, reason: 'not in the expected format' },
  '22001': { status: 400, reason: 'too long' },
  '22003': { status: 400, reason: 'a number out of range' },
  '22007': { status: 400, reason: 'not a valid date or time' },
  '22008': { status: 400, reason: 'a date or time out of range' },
  '22021': { status: 400, reason: 'holds a character that cannot be stored (NUL)' },
  '22P05': { status: 400, reason: 'holds a character that cannot be stored (an unpaired surrogate)' },
  '22025': { status: 400, reason: 'an invalid escape sequence' },
  '2201B': { status: 400, reason: 'an invalid regular expression' },
  '54000': { status: 400, reason: 'too large to store or index' },
};

/** An error the multipart parser raised about the request's body (cut off, no boundary…); it carries no status of its own. */
const isMultipartParseError = (err: Error) => /[\\/]@fastify[\\/]busboy[\\/]/.test(err.stack ?? '');

/**
 * What a client should be told about an error that was not thrown as an HttpError: a database refusal caused by the
 * client's data, or a malformed multipart body. Null for a server fault. Shared by the HTTP error handler and the
 * chat sockets, so a bad value gets the same answer over both.
 */
export function clientErrorOf(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (!(err instanceof Error)) return null;
  const { code, constraint, detail } = err as Error & { code?: unknown; constraint?: string; detail?: string };
  if (code === '23503' && constraint) {
    // "Key (customer_id)=(9) is not present…" → body.customerId: a reference to a record that does not exist
    const column = /Key \((\w+)\)=/.exec(detail ?? '')?.[1] ?? /^[a-z]+_(\w+?)_fkey$/.exec(constraint)?.[1];
    return badRequest(column ? `body.${column.replace(/_id$/, 'Id').replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}` : 'body', 'no such record');
  }
  if (code === '23503') return badRequest('body', 'no such record');
  const known = typeof code === 'string' ? PG_CLIENT_ERRORS[code] : undefined;
  if (code === '23505') {
    // "users_username_key" → body.username: the client learns which of its fields collides, not the database's words.
    const column = /Key \(([\w, ]+)\)=/.exec(detail ?? '')?.[1]?.split(', ').at(-1) ?? /^[a-z]+_(\w+?)_key$/.exec(constraint ?? '')?.[1];
    const field = column ? `body.${column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}` : 'body';
    return conflict(`${field}: already exists`, { fields: [{ field, reason: 'already exists' }] });
  }
  if (known) {
    return new HttpError(400, 'invalid_input', `${known.reason}: ${err.message}`, { fields: [{ field: 'body', reason: known.reason }] });
  }
  if (isMultipartParseError(err)) return badRequest('body', `not a readable multipart/form-data body: ${err.message}`);
  return null;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { code?: string }, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields = err.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        return { field: path ? `${where}.${path}` : where, reason: v.message ?? 'invalid' };
      });
      return reply.code(400).send({
        error: 'invalid_input',
        message: fields.map((f) => `${f.field}: ${f.reason}`).join('; '),
        fields,
      });
    }
    const clientError = clientErrorOf(err);
    if (clientError) {
      // Only an HttpError is a decision; a mapped database or parser error means some input was not validated first.
      if (!(err instanceof HttpError)) request.log.warn({ err }, 'input refused late, by the database or the parser');
      return reply.code(clientError.status).send({ error: clientError.code, message: clientError.message, ...clientError.details });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: err.code ?? 'bad_request', message: err.message });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal server error' });
  });
}

export function routeNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
}
