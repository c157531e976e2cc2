import { isSafeLink, recommendSize, type SizeRow } from '@kefu/domain';
import { sql } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { lockVersioned, writeVersioned } from '../db/versioned.ts';
import { notFound } from '../http/errors.ts';
import { bumpKnowledge } from '../knowledge/index.ts';
import { likeEscape } from '../knowledge/service.ts';

const Cm = z.number().min(40).max(250);
const Kg = z.number().min(2).max(300);
export const SizeChart = z
  .array(
    z
      .object({
        size: z.string().trim().min(1).max(10),
        heightMin: Cm,
        heightMax: Cm,
        weightMin: Kg,
        weightMax: Kg,
        measurements: z.record(z.string().max(20), z.string().max(40)).optional(),
      })
      .refine((r) => r.heightMax >= r.heightMin && r.weightMax >= r.weightMin, { message: 'a range must not end before it starts' }),
  )
  .max(20);

/** What a product manager keeps up to date for the agents (迅速调取产品资料). */
export const ProductKnowledge = z.object({
  specs: z.record(z.string().trim().min(1).max(30), z.string().trim().max(200)).optional(),
  sizeChart: SizeChart.optional(),
  usage: z.string().trim().max(5000).optional(),
  pros: z.string().trim().max(2000).optional(),
  cons: z.string().trim().max(2000).optional(),
  // Shown as <img src>: a javascript: or data: link would run or smuggle content in the agents' browsers.
  images: z.array(z.string().trim().min(1).max(500).refine(isSafeLink, 'must be an http(s) URL or a path on this site (/…)')).max(20).optional(),
  warrantyDays: z.number().int().min(0).max(3650).optional(),
  stock: z.number().int().min(0).max(10_000_000).optional(),
});

const COLUMNS = [
  'id',
  'sku',
  'name',
  'category',
  'price_fen',
  'warranty_days',
  'stock',
  'restricted_provinces',
  'specs',
  'size_chart',
  'usage',
  'pros',
  'cons',
  'images',
  'version',
] as const;

export function listProducts(db: Db, q?: string) {
  let query = db.selectFrom('products').select(['id', 'sku', 'name', 'category', 'price_fen', 'stock']);
  if (q) query = query.where((eb) => eb.or([eb('name', 'ilike', `%${likeEscape(q)}%`), eb('sku', 'ilike', `%${likeEscape(q)}%`)]));
  return query.orderBy('category').orderBy('name').limit(200).execute();
}

/** A product with everything an agent answers from, and the promotions running on it now. */
export async function getProduct(db: Db, id: number, now = new Date()) {
  const product = await db.selectFrom('products').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!product) throw notFound('product');
  const promotions = await db
    .selectFrom('promotions')
    .select(['id', 'title', 'kind', 'threshold_fen', 'discount_fen', 'ends_at'])
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where((eb) => eb.or([eb('product_ids', 'is', null), sql<boolean>`${id} = any(product_ids)`]))
    .orderBy('ends_at')
    .execute();
  // Links stored before they were checked on input are not shown.
  return { ...product, images: product.images.filter(isSafeLink), promotions };
}

export async function updateProductKnowledge(db: Db, actorId: number, id: number, input: z.infer<typeof ProductKnowledge> & { version: number }) {
  return db.transaction().execute(async (tx) => {
    await lockVersioned(tx, 'products', id, input.version);
    const version = await writeVersioned(tx, 'products', id, {
      ...(input.specs && { specs: JSON.stringify(input.specs) }),
      ...(input.sizeChart && { size_chart: JSON.stringify(input.sizeChart) }),
      ...(input.usage !== undefined && { usage: input.usage }),
      ...(input.pros !== undefined && { pros: input.pros }),
      ...(input.cons !== undefined && { cons: input.cons }),
      ...(input.images && { images: input.images }),
      ...(input.warrantyDays !== undefined && { warranty_days: input.warrantyDays }),
      ...(input.stock !== undefined && { stock: input.stock }),
    });
    await bumpKnowledge(tx);
    await audit(tx, { actorId, action: 'product.update', entity: 'product', entityId: id });
    return version;
  });
}

export async function sizeAdvice(db: Db, id: number, heightCm: number, weightKg: number) {
  const product = await db.selectFrom('products').select(['size_chart']).where('id', '=', id).executeTakeFirst();
  if (!product) throw notFound('product');
  return recommendSize(product.size_chart as SizeRow[], heightCm, weightKg);
}
