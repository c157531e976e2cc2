import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import {
  CouponDefinitionAnswer,
  CouponDefinitionChange,
  CouponDefinitionInput,
  CouponDefinitionList,
  CustomerCouponList,
  CouponDefinition,
  CustomerCoupon,
} from '@kefu/protocol/api/coupons';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { IdParam } from '../http/schemas.ts';
import { changeDefinition, couponsOfCustomer, createDefinition, listDefinitions } from './service.ts';

type DefinitionRow = Awaited<ReturnType<typeof listDefinitions>>[number];
type CodeRow = Awaited<ReturnType<typeof couponsOfCustomer>>[number];

const presentDefinition = (d: DefinitionRow): z.output<typeof CouponDefinition> => ({
  id: d.id,
  name: d.name,
  amountFen: d.amount_fen,
  thresholdFen: d.threshold_fen,
  validFrom: d.valid_from,
  validUntil: d.valid_until,
  validDays: d.valid_days,
  perCustomerLimit: d.per_customer_limit,
  enabled: d.enabled,
  granted: Number(d.granted ?? 0),
  redeemed: Number(d.redeemed ?? 0),
  expired: Number(d.expired ?? 0),
  version: d.version,
  updatedAt: d.updated_at,
});

const presentCode = (c: CodeRow, now: Date): z.output<typeof CustomerCoupon> => ({
  id: c.id,
  code: c.code,
  name: c.name,
  amountFen: c.amount_fen,
  thresholdFen: c.threshold_fen,
  source: c.source as z.output<typeof CustomerCoupon>['source'],
  state: c.used_at ? 'used' : c.expires_at < now ? 'expired' : 'valid',
  grantedAt: c.granted_at,
  expiresAt: c.expires_at,
  usedAt: c.used_at,
  orderId: c.order_id,
  orderNo: c.order_no,
});

/** Coupon definitions (supervisors and admins) and a customer's codes (the desk, with the customer file). */
export function couponRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['coupons'];
  const lead = { roles: LEAD_ROLES };

  async function answer(id: number) {
    const [row] = await listDefinitions(ctx.db, new Date(), id);
    if (!row) throw notFound('coupon');
    return { coupon: presentDefinition(row) };
  }

  r.get('/api/coupons', { config: lead, schema: { tags, response: { 200: CouponDefinitionList } } }, async () => ({
    coupons: (await listDefinitions(ctx.db)).map(presentDefinition),
  }));

  r.post(
    '/api/coupons',
    { config: lead, schema: { tags, body: CouponDefinitionInput, response: { 201: CouponDefinitionAnswer } } },
    async (request, reply) => {
      const id = await createDefinition(ctx.db, actor(request), request.body);
      reply.code(201);
      return answer(id);
    },
  );

  r.patch(
    '/api/coupons/:id',
    { config: lead, schema: { tags, params: IdParam, body: CouponDefinitionChange, response: { 200: CouponDefinitionAnswer } } },
    async (request) => {
      await changeDefinition(ctx.db, actor(request), request.params.id, request.body);
      return answer(request.params.id);
    },
  );

  r.get(
    '/api/customers/:id/coupons',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, response: { 200: CustomerCouponList } } },
    async (request) => {
      const customer = await ctx.db.selectFrom('customers').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!customer) throw notFound('customer');
      const now = new Date();
      return { coupons: (await couponsOfCustomer(ctx.db, customer.id)).map((c) => presentCode(c, now)) };
    },
  );
}
