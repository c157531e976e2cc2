import type { FastifyRequest } from 'fastify';

/**
 * Whether a browser made this request from another site's page (another host, port or scheme). Browsers say so in
 * Sec-Fetch-Site, and send Origin on every cross-origin request that is not a plain GET; a request with neither
 * came from a program (an integration, the tests), which authenticates with a token, not an ambient cookie.
 */
export function isCrossOrigin(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (allowed.includes(origin)) return false;
    return !sameHost(origin, request);
  }
  const site = request.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}

/** Origin "http://shop.example:3000" against the Host the request was sent to (X-Forwarded-Host behind a trusted proxy). */
function sameHost(origin: string, request: FastifyRequest): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, file://) or garbage
  }
  return host !== '' && host.toLowerCase() === request.host.toLowerCase();
}
