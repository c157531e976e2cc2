import type { ReviewInput } from '@kefu/protocol/api/reviews';
import type { Tx } from '../db/database.ts';
import { ingestReviews } from '../reviews/ingest.ts';
import { readPolicies } from '../sla/policies.ts';

/** Review texts of the demo, by stars: the bad ones are what 评价管理 is for. */
const TEXTS: [number | null, string, string?][] = [
  [1, '洗了一次就起球了，质量太差，和详情页说的完全不一样'],
  [2, '快递太慢了，下单一个星期才到，外包装还破了'],
  [1, '客服态度很差，问了三遍都不理人，再也不来了'],
  [3, '还行吧，就是有色差，比图片暗很多'],
  [3, '一般般，尺码偏小，建议拍大一码'],
  [5, '好评返现才给五星，其实做工很粗糙，线头很多'],
  [5, '面料很舒服，穿着透气，已经回购第二次了', '穿了一个月没有变形，好评'],
  [4, '物流很快，包装仔细，性价比不错'],
  [5, '颜色很正，尺码标准，客服小美很耐心'],
  [null, '刚买三天就降价了，太坑了，要求退差价'],
  [5, '给家里老人买的，很喜欢'],
  [4, '整体满意，就是发货稍慢'],
];

/** A dozen reviews of recent demo orders, through the same intake as the webhook (clocks, links, verdicts). */
export async function seedReviews(tx: Tx, now: Date): Promise<number> {
  const orders = await tx
    .selectFrom('orders')
    .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
    .select(['orders.platform', 'orders.order_no', 'orders.buyer_nick', 'order_lines.sku', 'order_lines.title'])
    .where('orders.platform', 'in', ['taobao', 'tmall', 'jd', 'pdd'])
    .where('orders.status', 'in', ['delivered', 'completed'])
    .orderBy('orders.id', 'desc')
    .limit(TEXTS.length)
    .execute();
  const reviews: ReviewInput[] = orders.map((o, i) => {
    const [stars, content, appended] = TEXTS[i]!;
    return {
      platform: o.platform as ReviewInput['platform'],
      reviewId: `DEMO-${o.order_no}`,
      orderNo: o.order_no,
      productTitle: o.title,
      ...(o.sku && { sku: o.sku }),
      buyerNick: o.buyer_nick ?? '',
      stars,
      content,
      ...(appended && { appended }),
      reviewedAt: new Date(now.getTime() - (i * 47 + 5) * 60_000).toISOString(),
    };
  });
  const result = await ingestReviews(tx, reviews, 'webhook', await readPolicies(tx), now);
  return result.received;
}
