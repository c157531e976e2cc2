import { WebhookResult } from '@kefu/protocol/api/orders';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { parseInput } from '../http/errors.ts';
import { readSignedDelivery, REPLAY_WINDOW_SECONDS } from '../http/signed-delivery.ts';
import { getSetting } from '../settings/service.ts';
import { currentPolicies } from '../sla/policies.ts';
import { upsertOrders } from './ingest.ts';
import { OrderInput } from './input.ts';

export { REPLAY_WINDOW_SECONDS, signWebhook } from '../http/signed-delivery.ts';

const Delivery = z.union([z.object({ orders: z.array(z.unknown()).min(1).max(1000) }), z.object({ order: z.unknown() })]);

/**
 * POST /api/webhooks/orders: a marketplace (or the shop's ERP) pushes new and changed orders, one or up to
 * 1,000 per delivery, signed with ORDER_WEBHOOK_SECRET. A bad signature, a stale or replayed delivery and a
 * malformed body are refused and logged; a delivery is stored in one transaction with its orders, so a
 * refused one writes nothing.
 */
export function orderWebhook(app: FastifyInstance, ctx: AppContext): void {
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const schema = { tags: ['orders'], hide: false, response: { 200: WebhookResult } };
    r.post('/api/webhooks/orders', { config: { public: true }, schema }, async (request, reply) => {
      const { json, signature, refused } = readSignedDelivery(request, ctx.config.ORDER_WEBHOOK_SECRET, 'order');
      let orders: OrderInput[];
      try {
        const delivery = parseInput(Delivery, json, 'body');
        orders =
          'orders' in delivery
            ? delivery.orders.map((o, i) => parseInput(OrderInput, o, `body.orders.${i}`))
            : [parseInput(OrderInput, delivery.order, 'body.order')];
      } catch (err) {
        request.log.warn({ ip: request.ip, err: (err as Error).message }, 'order webhook refused: invalid body');
        throw err;
      }
      const settings = (await getSetting(ctx.db, 'orderChecks')).value;
      const policies = await currentPolicies(ctx.db);
      const result = await ctx.db.transaction().execute(async (tx) => {
        const fresh = await tx
          .insertInto('webhook_deliveries')
          .values({ signature })
          .onConflict((oc) => oc.column('signature').doNothing())
          .returning('signature')
          .executeTakeFirst();
        if (!fresh) throw refused('replayed', 'this delivery was already received');
        return upsertOrders(tx, orders, 'webhook', settings, policies);
      });
      reply.code(200);
      return { inserted: result.inserted, updated: result.updated, ids: result.ids };
    });
  });
}

/** Forgets delivery signatures once their timestamp can no longer pass the window. */
export async function pruneWebhookDeliveries(ctx: AppContext): Promise<void> {
  await ctx.db
    .deleteFrom('webhook_deliveries')
    .where('received_at', '<', new Date(Date.now() - 2 * REPLAY_WINDOW_SECONDS * 1000))
    .execute();
}
