import type { Product, ProductRow, Promotion, SizeRow } from '@kefu/protocol/api/products';
import type { z } from 'zod';

interface CatalogueRow {
  id: number;
  sku: string;
  name: string;
  category: string;
  price_fen: number;
  stock: number;
}
interface PromotionRow {
  id: number;
  title: string;
  kind: string;
  threshold_fen: number;
  discount_fen: number;
  ends_at: Date;
}
interface ProductDetailRow extends CatalogueRow {
  warranty_days: number;
  restricted_provinces: string[];
  specs: unknown;
  size_chart: unknown;
  usage: string;
  pros: string;
  cons: string;
  images: string[];
  version: number;
  promotions: PromotionRow[];
}

export function presentProductRow(row: CatalogueRow): z.output<typeof ProductRow> {
  return { id: row.id, sku: row.sku, name: row.name, category: row.category, priceFen: row.price_fen, stock: row.stock };
}

export function presentPromotion(row: PromotionRow): z.output<typeof Promotion> {
  return { id: row.id, title: row.title, kind: row.kind, thresholdFen: row.threshold_fen, discountFen: row.discount_fen, endsAt: row.ends_at };
}

export function presentProduct(row: ProductDetailRow): z.output<typeof Product> {
  return {
    ...presentProductRow(row),
    warrantyDays: row.warranty_days,
    restrictedProvinces: row.restricted_provinces,
    // JSON columns, written only through the product schemas (specs: name → value; the size chart: camelCase rows).
    specs: row.specs as Record<string, string>,
    sizeChart: row.size_chart as z.output<typeof SizeRow>[],
    usage: row.usage,
    pros: row.pros,
    cons: row.cons,
    images: row.images,
    version: row.version,
    promotions: row.promotions.map(presentPromotion),
  };
}
