import { addDays, chinaDate, HOLIDAYS, renderCare, yuanText, type CareVariable, type HolidayKey, type Occasion } from '@kefu/domain';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { grantCouponsTo } from '../coupons/grant.ts';
import type { Db, Tx } from '../db/database.ts';
import type { CareCampaignsTable } from '../db/schema/care.ts';
import { queueOutreachToAll } from '../outreach/send.ts';
import { dueCustomers } from './due.ts';

/**
 * The daily care job (DOMAIN §5): each enabled campaign greets the customers due on its occasion `days_ahead` days
 * from today, grants its coupon to them, and queues the greetings through outreach (which honours opt-outs, quiet
 * hours and the frequency cap, and logs every send). One transaction per campaign and day, recorded in care_runs:
 * run again the same day it does nothing; and should a run be cut short, the coupons' grant keys and outreach's
 * dedupe keys still give nobody a second code or greeting.
 */

type Campaign = Selectable<CareCampaignsTable>;
export interface CareRunResult {
  campaignId: number;
  occasionDay: string;
  due: number;
  granted: number;
  queued: number;
  skipped: number;
}

export const occasionLabel = (c: Pick<Campaign, 'occasion' | 'holiday' | 'name'>): string =>
  c.occasion === 'birthday'
    ? '生日'
    : c.occasion === 'holiday'
      ? HOLIDAYS[c.holiday as HolidayKey].name
      : c.occasion === 'first_order'
        ? '首单周年'
        : c.name;

/**
 * The per-customer variables stand in the template as these markers until SQL fills them in; the shop-wide ones are
 * rendered before. (A control character: no shop, customer or coupon name contains one.)
 */
const marker = (name: CareVariable) => `\u0001${name}\u0001`;
/** "2026年12月29日": how a shopper reads an expiry (its China-time day). */
const EXPIRY_TEXT = sql<string>`to_char((cc.expires_at at time zone 'UTC') + interval '8 hours', 'FMYYYY"年"FMMM"月"FMDD"日"')`;

export async function shopName(db: Db | Tx): Promise<string> {
  const shop = await db.selectFrom('shops').select('name').orderBy('id').executeTakeFirst();
  return shop?.name ?? '本店';
}

/** Runs every enabled campaign for China-time day of `now`. */
export async function runCareDay(db: Db, now = new Date()): Promise<CareRunResult[]> {
  const campaigns = await db.selectFrom('care_campaigns').selectAll().where('enabled', '=', true).orderBy('id').execute();
  const results: CareRunResult[] = [];
  for (const c of campaigns) {
    const result = await runCampaign(db, c, chinaDate(now), now);
    if (result) results.push(result);
  }
  return results;
}

/** One campaign's day; null when nobody is due or it already ran. */
export async function runCampaign(db: Db, campaign: Campaign, day: string, now: Date): Promise<CareRunResult | null> {
  const occasionDay = addDays(day, campaign.days_ahead);
  const due = dueCustomers({ ...campaign, occasion: campaign.occasion as Occasion }, occasionDay);
  if (!due) return null;
  return db.transaction().execute((tx) => runCampaignIn(tx, campaign.id, due, day, occasionDay, now));
}

/** The run in the caller's transaction (the demo seed runs a few past days in its own). */
export async function runCampaignIn(
  tx: Tx,
  campaignId: number,
  due: RawBuilder<{ customer_id: number }>,
  day: string,
  occasionDay: string,
  now: Date,
): Promise<CareRunResult | null> {
  // Locked: a second process running the job waits here and then finds the run recorded.
  const c = await tx.selectFrom('care_campaigns').selectAll().where('id', '=', campaignId).forUpdate().executeTakeFirst();
  if (!c?.enabled) return null;
  const ran = await tx.selectFrom('care_runs').select('due').where('campaign_id', '=', c.id).where('day', '=', day).executeTakeFirst();
  if (ran) return null;
  await sql`drop table if exists care_due, care_greet; create temporary table care_due (customer_id integer primary key) on commit drop`.execute(tx);
  const inserted = await sql`insert into care_due (customer_id) ${due}`.execute(tx);
  const dueCount = Number(inserted.numAffectedRows ?? 0);
  // A temporary table has no statistics until asked: the plans below differ for a birthday's few and a holiday's all.
  await sql`analyze care_due`.execute(tx);
  const keyPrefix = `care:${c.id}:${occasionDay}:`;
  const coupon = c.coupon_definition_id
    ? await tx.selectFrom('coupon_definitions').selectAll().where('id', '=', c.coupon_definition_id).executeTakeFirstOrThrow()
    : null;
  // A greeting that promises a switched-off coupon waits until it is on again (or the campaign is changed).
  if (coupon && !coupon.enabled) return null;
  const granted = coupon ? await grantCouponsTo(tx, coupon.id, sql`care_due`, keyPrefix, day) : 0;
  // The planner would otherwise join a holiday's million new codes as the few the statistics last saw.
  if (granted > 10_000) await sql`analyze coupon_codes`.execute(tx);
  const vars: Partial<Record<CareVariable, string>> = {
    shopName: await shopName(tx),
    occasion: occasionLabel(c),
    name: marker('name'),
    ...(coupon && {
      couponName: coupon.name,
      couponAmount: yuanText(coupon.amount_fen),
      couponThreshold: yuanText(coupon.threshold_fen),
      couponCode: marker('couponCode'),
      expiresAt: marker('expiresAt'),
    }),
  };
  const fill = (template: string) => {
    const named = sql<string>`replace(${renderCare(template, vars)}::text, ${marker('name')}::text, cu.name)`;
    return coupon
      ? sql<string>`replace(replace(${named}, ${marker('couponCode')}::text, cc.code), ${marker('expiresAt')}::text, ${EXPIRY_TEXT})`
      : named;
  };
  // A customer at the coupon's limit gets no code (no row under the grant key), and no greeting that would promise one.
  await sql`
    create temporary table care_greet on commit drop as select d.customer_id from care_due d
    ${coupon ? sql`join coupon_codes cc on cc.customer_id = d.customer_id and cc.grant_key = ${keyPrefix} || d.customer_id` : sql``}`.execute(tx);
  await sql`analyze care_greet`.execute(tx);
  const { queued } = await queueOutreachToAll(
    tx,
    {
      customers: sql`select customer_id from care_greet`,
      texts: sql`
        select g.customer_id, ${fill(c.title)} as title, ${fill(c.body)} as body
        from care_greet g join customers cu on cu.id = g.customer_id
        ${coupon ? sql`join coupon_codes cc on cc.grant_key = ${keyPrefix} || g.customer_id` : sql``}`,
      purpose: 'care',
      templateKey: `care.${c.occasion}`,
      dedupeKey: `care:${c.occasion}:${c.id}:${occasionDay}`,
      caseRef: { kind: 'care_campaign', id: c.id },
    },
    now,
  );
  const skipped = dueCount - queued;
  await tx
    .insertInto('care_runs')
    .values({ campaign_id: c.id, day, occasion_day: occasionDay, due: dueCount, granted, queued, skipped, finished_at: now })
    .execute();
  return { campaignId: c.id, occasionDay, due: dueCount, granted, queued, skipped };
}
