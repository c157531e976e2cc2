import { ERRORS, type ErrorCode } from '@kefu/protocol/errors';
import type { Refusal } from '@kefu/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * An error a client caused or may act on; its body is what the client sees. The status is the catalogue's for the
 * code (@kefu/protocol/errors), so a code means one status wherever it is thrown.
 */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = ERRORS[code].status;
  }
}

/** The refusal `code` (default message from the catalogue unless `message` says more), with details for the body. */
export const refuse = (code: ErrorCode, message?: string, details: Record<string, unknown> = {}) => new HttpError(code, message, details);

/** A domain rule's refusal (@kefu/domain Refusal); `field` names the input it is about, as an invalid_input would. */
export function refusalError(refusal: Refusal, field?: string): HttpError {
  if (!field) return refuse(refusal.code, refusal.message);
  return refuse(refusal.code, `${field}: ${refusal.message}`, { fields: [{ field, reason: refusal.message }] });
}

export const badRequest = (field: string, reason: string) => refuse('invalid_input', `${field}: ${reason}`, { fields: [{ field, reason }] });
export const invalidInput = (fields: { field: string; reason: string }[]) =>
  refuse('invalid_input', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), { fields });

/** Validates input that did not come through a route schema (a signed webhook's body, a file's row); `where` prefixes the field names. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(result.error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), reason: i.message })));
}
export const notFound = (what: string) => refuse('not_found', `${what} not found`);
export const conflict = (message: string, details: Record<string, unknown> = {}) => refuse('conflict', message, details);
export const forbidden = (message?: string) => refuse('forbidden', message);
export const unauthorized = (message?: string) => refuse('unauthorized', message);

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
    return badRequest(
      column ? `body.${column.replace(/_id$/, 'Id').replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}` : 'body',
      'no such record',
    );
  }
  if (code === '23503') return badRequest('body', 'no such record');
  const known = typeof code === 'string' ? PG_CLIENT_ERRORS[code] : undefined;
  if (code === '23505') {
    // "users_username_key" → body.username: the client learns which of its fields collides, not the database's words.
    const column =
      /Key \(([\w, ]+)\)=/
        .exec(detail ?? '')?.[1]
        ?.split(', ')
        .at(-1) ?? /^[a-z]+_(\w+?)_key$/.exec(constraint ?? '')?.[1];
    const field = column ? `body.${column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}` : 'body';
    return conflict(`${field}: already exists`, { fields: [{ field, reason: 'already exists' }] });
  }
  if (known) {
    return refuse('invalid_input', `${known.reason}: ${err.message}`, { fields: [{ field: 'body', reason: known.reason }] });
  }
  if (isMultipartParseError(err)) return badRequest('body', `not a readable multipart/form-data body: ${err.message}`);
  return null;
}

/** Fastify's and its plugins' own 4xx errors (a body too large, not JSON, not multipart…) as catalogue codes. */
const FRAMEWORK_CODES: Partial<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
};
const FRAMEWORK_STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  406: 'unsupported_media_type',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function frameworkError(err: FastifyError): HttpError {
  const code = FRAMEWORK_CODES[err.code] ?? FRAMEWORK_STATUS_CODES[err.statusCode!];
  return code ? refuse(code, err.message) : badRequest('body', err.message);
}

const send = (reply: FastifyReply, error: HttpError) =>
  reply.code(error.status).send({ error: error.code, message: error.message, ...error.details });

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      return send(
        reply,
        invalidInput(
          err.validation.map((v) => {
            const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
            return { field: path ? `${where}.${path}` : where, reason: v.message ?? 'invalid' };
          }),
        ),
      );
    }
    const clientError = clientErrorOf(err);
    if (clientError) {
      // Only an HttpError is a decision; a mapped database or parser error means some input was not validated first.
      if (!(err instanceof HttpError)) request.log.warn({ err }, 'input refused late, by the database or the parser');
      return send(reply, clientError);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(reply, frameworkError(err));
    request.log.error({ err }, 'request failed');
    return send(reply, refuse('internal'));
  });
}

export function routeNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, refuse('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
}
