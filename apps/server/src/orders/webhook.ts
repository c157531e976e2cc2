import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookResult } from '@kefu/protocol/api/orders';
import type { ErrorCode } from '@kefu/protocol/errors';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { parseInput, refuse } from '../http/errors.ts';
import { getSetting } from '../settings/service.ts';
import { currentPolicies } from '../sla/policies.ts';
import { upsertOrders } from './ingest.ts';
import { OrderInput } from './input.ts';

/** A delivery older or newer than this is refused, and a signature is remembered this long to refuse a replay. */
export const REPLAY_WINDOW_SECONDS = 300;

/** `sha256=` + hex HMAC-SHA256 over "<timestamp>.<raw body>", the scheme a sender signs with. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

function signatureMatches(secret: string, timestamp: number, body: Buffer, given: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

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
      const secret = ctx.config.ORDER_WEBHOOK_SECRET;
      if (!secret) throw refuse('not_found', 'the order webhook is off: set ORDER_WEBHOOK_SECRET');
      const refused = (code: ErrorCode, message: string) => {
        request.log.warn({ code, ip: request.ip }, `order webhook refused: ${message}`);
        return refuse(code, message);
      };
      const raw = request.body;
      if (!Buffer.isBuffer(raw)) throw refused('unsupported_media_type', 'send the orders as application/json');
      const timestamp = Number(request.headers['x-kefu-timestamp']);
      const signature = String(request.headers['x-kefu-signature'] ?? '');
      if (!Number.isInteger(timestamp) || !signature) throw refused('unsigned', 'headers.x-kefu-timestamp and headers.x-kefu-signature are required');
      if (!signatureMatches(secret, timestamp, raw, signature)) throw refused('bad_signature', 'headers.x-kefu-signature: does not match the body');
      if (Math.abs(Date.now() / 1000 - timestamp) > REPLAY_WINDOW_SECONDS) {
        throw refused('stale', `headers.x-kefu-timestamp: more than ${REPLAY_WINDOW_SECONDS} s from the server's clock`);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw refused('invalid_json', 'body: not valid JSON');
      }
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
