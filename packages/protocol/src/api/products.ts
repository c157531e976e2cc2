/** The product catalogue and what agents answer from (apps/server/src/products/routes.ts). */
import { z } from 'zod';
import { Fen, RowId, Timestamp } from './common.ts';

/** A size chart (尺码表) row: the body a size is made for (cm, kg), with the garment's measurements. */
export const SizeRow = z.object({
  size: z.string(),
  heightMin: z.number(),
  heightMax: z.number(),
  weightMin: z.number(),
  weightMax: z.number(),
  measurements: z.record(z.string(), z.string()).optional(),
});

/** A promotion running now on the product (or on the whole shop). */
export const Promotion = z.object({
  id: RowId,
  title: z.string(),
  kind: z.string().describe('full_reduction, coupon, discount…'),
  thresholdFen: Fen,
  discountFen: Fen,
  endsAt: Timestamp,
});

/** A row of the catalogue (GET /api/products). */
export const ProductRow = z.object({
  id: RowId,
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  priceFen: Fen,
  stock: z.number().int(),
});
export const ProductList = z.object({ products: z.array(ProductRow) });

/** A product with everything an agent answers from (GET /api/products/:id). */
export const Product = ProductRow.extend({
  warrantyDays: z.number().int(),
  restrictedProvinces: z.array(z.string()),
  specs: z.record(z.string(), z.string()),
  sizeChart: z.array(SizeRow),
  usage: z.string(),
  pros: z.string(),
  cons: z.string(),
  images: z.array(z.string()),
  version: z.number().int(),
  promotions: z.array(Promotion),
});
export const ProductAnswer = z.object({ product: Product });

/** PATCH /api/products/:id: the product's new version. */
export const ProductVersion = z.object({ version: z.number().int() });

/** GET /api/products/:id/size: the size to recommend; null when the product has no size chart. */
export const SizeAdvice = z.object({
  advice: z
    .object({
      size: z.string(),
      fit: z.enum(['exact', 'between', 'nearest']),
      reason: z.enum(['both', 'height', 'weight', 'closest']),
    })
    .nullable(),
});
