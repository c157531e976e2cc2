import type { FastifyRequest } from 'fastify';

const SECRET_PARAMS = /([?&](?:token|visitor|code|sig)=)[^&#]*/gi;

/** What a request line looks like in the log: secrets in the query (the agent socket's ?token=, a visitor's token) are blanked. */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.replace(SECRET_PARAMS, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
  };
}
