import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, refuse } from '../../http/errors.ts';
import { ImPushRefused, MARKETPLACES, type Marketplace, type MarketplaceIm } from './contract.ts';
import type { MarketplaceInbox } from './receive.ts';

const PlatformParam = z.object({ platform: z.enum(MARKETPLACES) });
export const ImPushAnswer = z.object({ success: z.literal(true), stored: z.number().int(), duplicates: z.number().int() });

/**
 * Where a pushing marketplace (JD) delivers buyers' messages: POST /api/channels/im/:platform/push, public, its
 * signature checked by the platform's adapter. The answer comes after the messages are stored (the platform pushes a
 * message again until it gets a 2xx); a push kefu does not take answers 400 or 401 with the reason, and is counted on
 * the channels page. A platform that is not set up, or that is polled instead, is not found.
 */
export function marketplacePushRoutes(
  app: FastifyInstance,
  adapters: () => Partial<Record<Marketplace, MarketplaceIm>>,
  inbox: MarketplaceInbox,
): void {
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/channels/im/:platform/push',
      { config: { public: true }, logLevel: 'warn', schema: { tags: ['channels'], params: PlatformParam, response: { 200: ImPushAnswer } } },
      async (request) => {
        const { platform } = request.params;
        const adapter = adapters()[platform];
        if (!adapter?.readPush) throw refuse('not_found', `${platform} does not push to kefu here: set it up (docs/channels.md)`);
        if (!Buffer.isBuffer(request.body)) throw badRequest('body', 'send the push as application/json');
        let messages;
        try {
          messages = adapter.readPush({ query: request.query as Record<string, string>, headers: request.headers, body: request.body });
        } catch (err) {
          if (!(err instanceof ImPushRefused)) throw err;
          inbox.refused(platform, err.reason);
          request.log.warn({ im: { platform, refused: err.reason } }, 'marketplace push refused');
          throw err.status === 401
            ? refuse('bad_signature', err.reason)
            : badRequest(err.reason.split(':')[0]!, err.reason.split(': ').slice(1).join(': ') || err.reason);
        }
        const { stored, duplicates } = await inbox.receive(platform, messages);
        return { success: true as const, stored, duplicates };
      },
    );
  });
}
