import { sql, type RawBuilder } from 'kysely';

/** The order platforms a review platform's orders are kept under: tmall reviews also find taobao orders (one seller centre). */
const ORDER_PLATFORMS_OF: Record<string, readonly string[]> = { taobao: ['taobao', 'tmall'], tmall: ['tmall', 'taobao'], jd: ['jd'], pdd: ['pdd'] };

/** The other platform whose orders a review of `platform` may be about, if any. */
export const siblingPlatform = (platform: string): string | null => ORDER_PLATFORMS_OF[platform]?.[1] ?? null;

/** What a batch of reviews can be linked by: a lookup no review needs is left out of the statement. */
export interface LinkNeeds {
  orderNos: boolean;
  buyerNicks: boolean;
  skus: boolean;
  /** Titles of reviews without a SKU. */
  titles: boolean;
}

const none = sql`null::int`;

/**
 * The CTE `linked` (after `titled` when titles are needed) over the CTE `input` (one row per review: platform,
 * sibling, order_no, sku, product_title, buyer_nick …), for the statement that stores the reviews: `input` with the
 * review's order_id, customer_id and product_id. The order is the platform's (else the sibling's) with this order
 * number; the customer the order's, else the one of the buyer nick's latest order on the platform (else the
 * sibling); the product the SKU's, else the order's only product, else (no SKU given) the longest product name the
 * title contains, looked up once per distinct title.
 */
export function linkCtes(needs: LinkNeeds): RawBuilder<never> {
  const order = needs.orderNos
    ? sql`left join lateral (
        select o.id, o.customer_id,
          (select min(l.product_id) from order_lines l where l.order_id = o.id having count(distinct l.product_id) = 1) as product_id
        from orders o
        where o.order_no = i.order_no and o.platform in (i.platform, i.sibling)
        order by o.platform = i.platform desc limit 1
      ) o on true`
    : sql`left join (select null::int as id, null::int as customer_id, null::int as product_id) o on true`;
  const byNick = needs.buyerNicks
    ? sql`(select b.customer_id from orders b
        where i.buyer_nick <> '' and b.buyer_nick = i.buyer_nick and b.platform in (i.platform, i.sibling) and b.customer_id is not null
        order by b.platform = i.platform desc, b.created_at desc limit 1)`
    : none;
  const bySku = needs.skus ? sql`(select s.id from products s where s.sku = i.sku)` : none;
  const byTitle = needs.titles ? sql`t.id` : none;
  const titled = needs.titles
    ? sql`titled as materialized (
        select distinct on (t.title) t.title, p.id
        from (select distinct product_title as title from input where sku is null and product_title <> '') t
        join products p on length(p.name) >= 2 and strpos(t.title, p.name) > 0
        order by t.title, length(p.name) desc
      ),`
    : sql``;
  return sql<never>`${titled}
    linked as (
      select i.*, o.id as order_id, coalesce(o.customer_id, ${byNick}) as customer_id, coalesce(${bySku}, o.product_id, ${byTitle}) as product_id
      from input i ${order}
      ${needs.titles ? sql`left join titled t on i.sku is null and t.title = i.product_title` : sql``}
    )`;
}
