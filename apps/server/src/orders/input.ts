import { ORDER_PLATFORMS, ORDER_STATUSES } from '@kefu/domain';
import { z } from 'zod';
import { Id } from '../http/schemas.ts';

/** Money in fen: a whole, non-negative number below 100 million yuan. */
export const Fen = z.number({ error: 'must be an amount in fen' }).int('must be whole fen').min(0, 'must not be negative').max(10_000_000_000);
const Text = (max: number) => z.string().trim().max(max);
const When = z.coerce.date({ error: 'must be a date-time' });

const Line = z.object({
  sku: Text(64).optional(),
  title: Text(200).min(1),
  quantity: z.number().int().min(1).max(10_000),
  unitPriceFen: Fen,
});

/**
 * One order as a marketplace, an export file or the API reports it. The same shape for every way in, so
 * the rules are checked once: amounts add up, the discount is not above the goods, a paid order has its payment time.
 */
export const OrderInput = z
  .object({
    platform: z.enum(ORDER_PLATFORMS),
    orderNo: Text(64)
      .min(1)
      .regex(/^[\w-]+$/, 'letters, digits, - and _ only'),
    status: z.enum(ORDER_STATUSES),
    buyerNick: Text(64).optional(),
    customerId: Id.optional(),
    receiver: z
      .object({
        name: Text(64).optional(),
        phone: Text(32).optional(),
        province: Text(32).optional(),
        city: Text(32).optional(),
        district: Text(32).optional(),
        address: Text(300).optional(),
      })
      .optional(),
    lines: z.array(Line).min(1, 'an order has at least one line').max(200),
    discountFen: Fen.default(0),
    shippingFen: Fen.default(0),
    totalFen: Fen.optional(),
    coupon: Text(100).optional(),
    remark: Text(500).optional(),
    invoice: z
      .object({ title: Text(100).min(1), taxId: Text(30).optional(), content: Text(100).optional(), amountFen: Fen.optional() })
      .nullable()
      .optional(),
    trackingNo: Text(64).optional(),
    courier: Text(32).optional(),
    createdAt: When,
    paidAt: When.optional(),
    shippedAt: When.optional(),
    deliveredAt: When.optional(),
    logistics: z
      .array(z.object({ at: When, description: Text(300).min(1), location: Text(100).optional() }))
      .max(200)
      .optional(),
  })
  .superRefine((o, ctx) => {
    const goods = o.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0);
    if (o.discountFen > goods) ctx.addIssue({ code: 'custom', path: ['discountFen'], message: `must not be above the goods (${goods} fen)` });
    const total = goods - o.discountFen + o.shippingFen;
    if (o.totalFen !== undefined && o.totalFen !== total) {
      ctx.addIssue({ code: 'custom', path: ['totalFen'], message: `must be goods − discount + shipping = ${total} fen` });
    }
    if (o.status !== 'unpaid' && o.status !== 'cancelled' && !o.paidAt)
      ctx.addIssue({ code: 'custom', path: ['paidAt'], message: `required for a ${o.status} order` });
    if (o.paidAt && o.paidAt < o.createdAt) ctx.addIssue({ code: 'custom', path: ['paidAt'], message: 'must not be before the order was placed' });
    if (o.shippedAt && o.shippedAt < o.createdAt)
      ctx.addIssue({ code: 'custom', path: ['shippedAt'], message: 'must not be before the order was placed' });
    if (o.invoice?.amountFen !== undefined && o.invoice.amountFen > total) {
      ctx.addIssue({ code: 'custom', path: ['invoice', 'amountFen'], message: `must not be above what the shopper paid (${total} fen)` });
    }
  });
export type OrderInput = z.infer<typeof OrderInput>;

export function goodsFen(o: OrderInput): number {
  return o.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0);
}
