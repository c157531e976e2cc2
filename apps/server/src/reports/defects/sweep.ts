import type { Db } from '../../db/database.ts';
import { productsWithCases } from './cases.ts';
import { evaluateProduct } from './evaluate.ts';
import { readDefectAlarmSettings } from './settings.ts';

const DAY_MS = 86_400_000;

/**
 * Job `reports.defect-alarms` (hourly, and at start): looks again at every product with cases in the last window, so
 * cases the listener never saw — from before an upgrade, the demo shop's history, a missed event — still raise their
 * alarm. Evaluating a product twice changes nothing (evaluate.ts).
 */
export async function sweepDefects(db: Db, now = new Date()): Promise<{ products: number; raised: number }> {
  const { settings } = await readDefectAlarmSettings(db);
  const products = await productsWithCases(db, new Date(now.getTime() - settings.windowDays * DAY_MS), now);
  let raised = 0;
  for (const productId of products) raised += (await evaluateProduct(db, productId, now)).raised.length;
  return { products: products.length, raised };
}
