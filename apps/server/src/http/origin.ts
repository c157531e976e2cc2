import type { FastifyRequest } from 'fastify';

/**
 * Whether a browser made this request from another site's page (another scheme, host or port). Browsers send Origin
 * on every cross-origin request that is not a plain GET, and say where a request came from in Sec-Fetch-Site; a
 * request with neither came from a program (an integration, the tests), which authenticates with a token, not an
 * ambient cookie. `https` says kefu is served over HTTPS (COOKIE_SECURE), so a plain-http page of the same host —
 * one a network attacker could inject — is another site too.
 */
export function isCrossOrigin(request: FastifyRequest, allowed: readonly string[], https: boolean): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && allowed.includes(origin)) return false;
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  return origin !== undefined && !sameOrigin(origin, request, https);
}

/** Origin "http://shop.example:3000" against the scheme and Host the request was sent to (X-Forwarded-* behind a trusted proxy). */
function sameOrigin(origin: string, request: FastifyRequest, https: boolean): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) or garbage
  }
  if (url.protocol === 'http:' && (https || request.protocol === 'https')) return false;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host !== '' && url.host.toLowerCase() === request.host.toLowerCase();
}
