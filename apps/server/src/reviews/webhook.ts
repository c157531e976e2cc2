import { ReviewInput, ReviewWebhookResult } from '@kefu/protocol/api/reviews';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { parseInput } from '../http/errors.ts';
import { readSignedDelivery, REPLAY_WINDOW_SECONDS } from '../http/signed-delivery.ts';
import { ingestDelivery } from './delivery-queue.ts';

/** Reviews per delivery, at most; a delivery is at most this many bytes. */
export const MAX_REVIEWS_PER_DELIVERY = 500;
export const MAX_DELIVERY_BYTES = 2 * 1024 * 1024;

const Delivery = z.union([z.object({ reviews: z.array(z.unknown()).min(1).max(MAX_REVIEWS_PER_DELIVERY) }), z.object({ review: z.unknown() })]);

/**
 * POST /api/webhooks/reviews: the marketplaces (or the shop's review-monitoring service) push new reviews, one or up
 * to 500 per delivery, signed exactly like the order webhook (same secret, ORDER_WEBHOOK_SECRET: the marketplace
 * integration's key). A bad signature, a stale or replayed delivery, an oversized or malformed body are refused and
 * logged, and write nothing; a review delivered again (same platform and review id) is answered as a duplicate.
 */
export function reviewWebhook(app: FastifyInstance, ctx: AppContext): void {
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_DELIVERY_BYTES }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const schema = { tags: ['reviews'], response: { 200: ReviewWebhookResult } };
    // No access-log lines (info) for a delivery: at 1,000 a second they cost a fifth of the server's CPU per delivery
    // (issue 13). Refusals (warn) and failures (error) are still logged.
    r.post('/api/webhooks/reviews', { config: { public: true }, schema, logLevel: 'warn' }, async (request) => {
      const { json, signature, refused } = readSignedDelivery(request, ctx.config.ORDER_WEBHOOK_SECRET, 'review');
      let reviews: ReviewInput[];
      try {
        const delivery = parseInput(Delivery, json, 'body');
        reviews =
          'reviews' in delivery
            ? delivery.reviews.map((v, i) => parseInput(ReviewInput, v, `body.reviews.${i}`))
            : [parseInput(ReviewInput, delivery.review, 'body.review')];
      } catch (err) {
        request.log.warn({ ip: request.ip, err: (err as Error).message }, 'review webhook refused: invalid body');
        throw err;
      }
      const stored = await ingestDelivery(ctx.db, signature, reviews);
      if (stored === 'replayed') throw refused('replayed', 'this delivery was already received');
      return stored;
    });
  });
}

/** Forgets delivery signatures once their timestamp can no longer pass the window. */
export async function pruneReviewDeliveries(ctx: AppContext): Promise<void> {
  await ctx.db
    .deleteFrom('review_webhook_deliveries')
    .where('received_at', '<', new Date(Date.now() - 2 * REPLAY_WINDOW_SECONDS * 1000))
    .execute();
}
