import type { FastifyInstance } from 'fastify';

/**
 * The app's pages load scripts, styles and sockets from kefu itself only; Ant Design injects its styles at run time,
 * hence 'unsafe-inline' for styles (never for scripts). Product pictures may live on the shop's image host.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every answer carries: no framing, no type sniffing, no URLs leaked to other sites, HTTPS remembered. */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (options.https) reply.header('strict-transport-security', 'max-age=15552000');
  });
}
