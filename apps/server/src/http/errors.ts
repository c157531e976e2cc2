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

/** Postgres error codes that mean the client's data collides with stored data, not a server fault. */
const PG_CLIENT_ERRORS: Record<string, number> = { '23505': 409, '23503': 400, '22P02': 400, '22001': 400, '22003': 400, '22007': 400, '22008': 400 };

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
    if (err instanceof HttpError) {
      return reply.code(err.status).send({ error: err.code, message: err.message, ...err.details });
    }
    const constraint = (err as { constraint?: string }).constraint;
    if (err.code === '23503' && constraint) {
      // "Key (customer_id)=(9) is not present…" → body.customerId: a reference to a record that does not exist
      const detail = (err as { detail?: string }).detail ?? '';
      const column = /Key \((\w+)\)=/.exec(detail)?.[1] ?? /^[a-z]+_(\w+?)_fkey$/.exec(constraint)?.[1];
      const field = column ? `body.${column.replace(/_id$/, 'Id').replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}` : 'body';
      const reason = 'no such record';
      return reply.code(400).send({ error: 'invalid_input', message: `${field}: ${reason}`, fields: [{ field, reason }] });
    }
    const pgStatus = typeof err.code === 'string' ? PG_CLIENT_ERRORS[err.code] : undefined;
    if (pgStatus) {
      return reply.code(pgStatus).send({ error: pgStatus === 409 ? 'conflict' : 'invalid_input', message: err.message });
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
