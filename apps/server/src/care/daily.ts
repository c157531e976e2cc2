import { addDays, chinaDate, HOLIDAYS, renderCare, yuanText, type CareVariable, type HolidayKey, type Occasion } from '@kefu/domain';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { grantCouponsTo } from '../coupons/grant.ts';
import type { Db, Tx } from '../db/database.ts';
import type { CareCampaignsTable } from '../db/schema/care.ts';
import { queueOutreachMany, type OutreachRequest, type OutreachResult } from '../outreach/send.ts';
import { dueCustomers } from './due.ts';

/**
 * The daily care job (DOMAIN §5): each enabled campaign greets the customers due on its occasion `days_ahead` days
 * from today, grants its coupon to them, and queues the greetings through outreach (which honours opt-outs, quiet
 * hours and the frequency cap, and logs every send). One transaction per campaign and day, recorded in care_runs:
 * run again the same day it does nothing; and should a run be cut short, the coupons' grant keys and outreach's
 * dedupe keys still give nobody a second code or greeting.
 */

type Campaign = Selectable<CareCampaignsTable>;
export type Queue = (tx: Tx, reqs: readonly OutreachRequest[], now: Date) => Promise<OutreachResult[]>;
export interface CareRunResult {
  campaignId: number;
  occasionDay: string;
  due: number;
  granted: number;
  queued: number;
  skipped: number;
}

const BATCH = 20_000;

export const occasionLabel = (c: Pick<Campaign, 'occasion' | 'holiday' | 'name'>): string =>
  c.occasion === 'birthday'
    ? '生日'
    : c.occasion === 'holiday'
      ? HOLIDAYS[c.holiday as HolidayKey].name
      : c.occasion === 'first_order'
        ? '首单周年'
        : c.name;

/** "2026年12月29日": how a shopper reads an expiry. */
const dayText = (at: Date) => {
  const [y, m, d] = chinaDate(at).split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export async function shopName(db: Db | Tx): Promise<string> {
  const shop = await db.selectFrom('shops').select('name').orderBy('id').executeTakeFirst();
  return shop?.name ?? '本店';
}

/** Runs every enabled campaign for China-time day of `now`. */
export async function runCareDay(db: Db, now = new Date(), queue: Queue = queueOutreachMany): Promise<CareRunResult[]> {
  const campaigns = await db.selectFrom('care_campaigns').selectAll().where('enabled', '=', true).orderBy('id').execute();
  const results: CareRunResult[] = [];
  for (const c of campaigns) {
    const result = await runCampaign(db, c, chinaDate(now), now, queue);
    if (result) results.push(result);
  }
  return results;
}

/** One campaign's day; null when nobody is due or it already ran. */
export async function runCampaign(db: Db, campaign: Campaign, day: string, now: Date, queue: Queue): Promise<CareRunResult | null> {
  const occasionDay = addDays(day, campaign.days_ahead);
  const due = dueCustomers({ ...campaign, occasion: campaign.occasion as Occasion }, occasionDay);
  if (!due) return null;
  return db.transaction().execute((tx) => runCampaignIn(tx, campaign.id, due, day, occasionDay, now, queue));
}

/** The run in the caller's transaction (the demo seed runs a few past days in its own). */
export async function runCampaignIn(
  tx: Tx,
  campaignId: number,
  due: RawBuilder<{ customer_id: number }>,
  day: string,
  occasionDay: string,
  now: Date,
  queue: Queue = queueOutreachMany,
): Promise<CareRunResult | null> {
  // Locked: a second process running the job waits here and then finds the run recorded.
  const c = await tx.selectFrom('care_campaigns').selectAll().where('id', '=', campaignId).forUpdate().executeTakeFirst();
  if (!c?.enabled) return null;
  const ran = await tx.selectFrom('care_runs').select('due').where('campaign_id', '=', c.id).where('day', '=', day).executeTakeFirst();
  if (ran) return null;
  await sql`drop table if exists care_due; create temporary table care_due (customer_id integer primary key) on commit drop`.execute(tx);
  const inserted = await sql`insert into care_due (customer_id) ${due}`.execute(tx);
  const dueCount = Number(inserted.numAffectedRows ?? 0);
  const keyPrefix = `care:${c.id}:${occasionDay}:`;
  const coupon = c.coupon_definition_id
    ? await tx.selectFrom('coupon_definitions').selectAll().where('id', '=', c.coupon_definition_id).executeTakeFirstOrThrow()
    : null;
  // A greeting that promises a switched-off coupon waits until it is on again (or the campaign is changed).
  if (coupon && !coupon.enabled) return null;
  const granted = coupon ? await grantCouponsTo(tx, coupon.id, sql`care_due`, keyPrefix, day) : 0;
  const shared: Partial<Record<CareVariable, string>> = {
    shopName: await shopName(tx),
    occasion: occasionLabel(c),
    ...(coupon && { couponName: coupon.name, couponAmount: yuanText(coupon.amount_fen), couponThreshold: yuanText(coupon.threshold_fen) }),
  };
  let queued = 0;
  let skipped = 0;
  for (let after = 0; ;) {
    const { rows } = await sql<{ customer_id: number; name: string; code: string | null; expires_at: Date | null }>`
        select d.customer_id, cu.name, cc.code, cc.expires_at
        from care_due d join customers cu on cu.id = d.customer_id
        left join coupon_codes cc on cc.grant_key = ${keyPrefix} || d.customer_id
        where d.customer_id > ${after} order by d.customer_id limit ${BATCH}`.execute(tx);
    if (!rows.length) break;
    after = rows.at(-1)!.customer_id;
    // A customer at the coupon's limit gets no code, and no greeting that would promise one.
    const greeted = coupon ? rows.filter((r) => r.code) : rows;
    skipped += rows.length - greeted.length;
    const results = await queue(
      tx,
      greeted.map((r) => {
        const vars = { ...shared, name: r.name, ...(r.code && { couponCode: r.code, expiresAt: dayText(r.expires_at!) }) };
        return {
          customerId: r.customer_id,
          purpose: 'care',
          templateKey: `care.${c.occasion}`,
          title: renderCare(c.title, vars),
          body: renderCare(c.body, vars),
          dedupeKey: `care:${c.occasion}:${c.id}:${occasionDay}`,
          caseRef: { kind: 'care_campaign', id: c.id },
        };
      }),
      now,
    );
    for (const r of results) if (r.outcome === 'queued') queued++;
    skipped += results.length - results.filter((r) => r.outcome === 'queued').length;
  }
  await tx
    .insertInto('care_runs')
    .values({ campaign_id: c.id, day, occasion_day: occasionDay, due: dueCount, granted, queued, skipped, finished_at: now })
    .execute();
  return { campaignId: c.id, occasionDay, due: dueCount, granted, queued, skipped };
}
