import { addDays, chinaDate, HOLIDAYS, renderCare, yuanText, type CareVariable, type HolidayKey, type Occasion } from '@kefu/domain';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import { GRANTED_COLUMNS, grantCouponsTo } from '../coupons/grant.ts';
import type { Db, Tx } from '../db/database.ts';
import type { CareCampaignsTable } from '../db/schema/care.ts';
import { queueOutreachToAll } from '../outreach/send.ts';
import { dueCustomers } from './due.ts';

/**
 * The daily care job (DOMAIN §5): each enabled campaign greets the customers due on its occasion `days_ahead` days
 * from today, grants its coupon to them, and queues the greetings through outreach (which honours opt-outs, quiet
 * hours and the frequency cap, and logs every send). One run per campaign and day, recorded in care_runs once all
 * its parts (transactions side by side, each for a share of the customers) have committed: run again the same day it
 * does nothing; and should a run be cut short, the coupons' grant keys and outreach's dedupe keys still give nobody a
 * second code or greeting when it runs again.
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
const EXPIRY_TEXT = sql<string>`to_char((g.expires_at at time zone 'UTC') + interval '8 hours', 'FMYYYY"年"FMMM"月"FMDD"日"')`;

export async function shopName(db: Db | Tx): Promise<string> {
  const shop = await db.selectFrom('shops').select('name').orderBy('id').executeTakeFirst();
  return shop?.name ?? '本店';
}

export interface CareDayOptions {
  /**
   * How many transactions side by side one campaign's run is split into (by customer id): on PostgreSQL one per core,
   * so a holiday's million codes and greetings are written by two backends at once. PGlite runs them one at a time.
   */
  parts?: number;
}

/** Runs every enabled campaign for China-time day of `now`. */
export async function runCareDay(db: Db, now = new Date(), options: CareDayOptions = {}): Promise<CareRunResult[]> {
  const campaigns = await db.selectFrom('care_campaigns').selectAll().where('enabled', '=', true).orderBy('id').execute();
  const results: CareRunResult[] = [];
  for (const c of campaigns) {
    const result = await runCampaign(db, c, chinaDate(now), now, options.parts ?? 1);
    if (result) results.push(result);
  }
  return results;
}

type PartResult = Omit<CareRunResult, 'campaignId' | 'occasionDay'>;
/** A run nobody started writes with plain inserts; one started before (cut short) resolves conflicts row by row. */
type Mode = 'fresh' | 'resume';
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';
const runKey = (db: Db | Tx, campaignId: number, day: string) =>
  db.selectFrom('care_runs').where('campaign_id', '=', campaignId).where('day', '=', day);

/** Claims a campaign's day: 'fresh' when nobody started it, 'resume' when a run started and did not finish, null when one did. */
async function claim(db: Db | Tx, campaignId: number, day: string, occasionDay: string): Promise<Mode | null> {
  const claimed = await db
    .insertInto('care_runs')
    .values({ campaign_id: campaignId, day, occasion_day: occasionDay, due: 0, granted: 0, queued: 0, skipped: 0, finished_at: null })
    .onConflict((oc) => oc.columns(['campaign_id', 'day']).doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0)) return 'fresh';
  const run = await runKey(db, campaignId, day).select('finished_at').executeTakeFirst();
  return run && !run.finished_at ? 'resume' : null;
}

/** Records the totals; null when another process finished the day meanwhile (its run is the one that counts). */
async function finish(db: Db | Tx, campaignId: number, day: string, occasionDay: string, r: PartResult, now: Date): Promise<CareRunResult | null> {
  const updated = await db
    .updateTable('care_runs')
    .set({ ...r, finished_at: now })
    .where('campaign_id', '=', campaignId)
    .where('day', '=', day)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) ? { campaignId, occasionDay, ...r } : null;
}

/** A run that found its campaign (or coupon) switched off leaves no claim: the next run starts anew. */
const release = (db: Db | Tx, campaignId: number, day: string) =>
  db.deleteFrom('care_runs').where('campaign_id', '=', campaignId).where('day', '=', day).where('finished_at', 'is', null).execute();

/**
 * One campaign's day; null when nobody is due, it already ran, or the campaign (or its coupon) was switched off. The
 * parts commit on their own; the run is finished once all have, so a run cut short runs again (resuming), and the
 * grant keys and dedupe keys give nobody a second code or greeting.
 */
export async function runCampaign(db: Db, campaign: Campaign, day: string, now: Date, parts = 1): Promise<CareRunResult | null> {
  const occasionDay = addDays(day, campaign.days_ahead);
  const due = dueCustomers({ ...campaign, occasion: campaign.occasion as Occasion }, occasionDay);
  if (!due) return null;
  const mode = await claim(db, campaign.id, day, occasionDay);
  if (!mode) return null;
  const split = (k: number) =>
    parts > 1 ? sql<{ customer_id: number }>`select customer_id from (${due}) d where customer_id % ${parts} = ${k}` : due;
  const runPart = (k: number) => {
    const inTx = (m: Mode) => db.transaction().execute((tx) => runCampaignPart(tx, campaign.id, split(k), day, occasionDay, now, m));
    // A fresh claim can still meet an earlier run's rows (its record deleted by hand): that part runs again as a resume.
    return mode === 'fresh' ? inTx('fresh').catch((err: unknown) => (isUniqueViolation(err) ? inTx('resume') : Promise.reject(err))) : inTx(mode);
  };
  const done = await Promise.all(Array.from({ length: parts }, (_, k) => runPart(k)));
  if (done.some((p) => !p)) {
    await release(db, campaign.id, day);
    return null;
  }
  const total = (done as PartResult[]).reduce((s, p) => ({
    due: s.due + p.due,
    granted: s.granted + p.granted,
    queued: s.queued + p.queued,
    skipped: s.skipped + p.skipped,
  }));
  return finish(db, campaign.id, day, occasionDay, total, now);
}

/** The run in the caller's transaction, as one part (the demo seed runs a few past days in its own). */
export async function runCampaignIn(
  tx: Tx,
  campaignId: number,
  due: RawBuilder<{ customer_id: number }>,
  day: string,
  occasionDay: string,
  now: Date,
): Promise<CareRunResult | null> {
  const mode = await claim(tx, campaignId, day, occasionDay);
  if (!mode) return null;
  const part = await runCampaignPart(tx, campaignId, due, day, occasionDay, now, mode);
  if (!part) await release(tx, campaignId, day);
  return part && finish(tx, campaignId, day, occasionDay, part, now);
}

/** Greets the customers of `due` (a whole run's, or one part's) in the caller's transaction. */
async function runCampaignPart(
  tx: Tx,
  campaignId: number,
  due: RawBuilder<{ customer_id: number }>,
  day: string,
  occasionDay: string,
  now: Date,
  mode: Mode,
): Promise<PartResult | null> {
  // Shared: the parts of a run go side by side, while a change to the campaign waits for them.
  const c = await tx.selectFrom('care_campaigns').selectAll().where('id', '=', campaignId).forShare().executeTakeFirst();
  if (!c?.enabled) return null;
  await sql`drop table if exists care_due, care_greet; create temporary table care_due (customer_id integer not null) on commit drop`.execute(tx);
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
  // With a coupon, only those who hold a code under the key are greeted (one at the coupon's limit gets neither).
  let granted = 0;
  if (coupon) {
    await sql.raw(`create temporary table care_greet (${GRANTED_COLUMNS}) on commit drop`).execute(tx);
    granted = await grantCouponsTo(tx, coupon.id, sql`care_due`, keyPrefix, day, sql`care_greet`, mode === 'fresh');
    await sql`analyze care_greet`.execute(tx);
  }
  const greet = coupon ? sql`care_greet` : sql`care_due`;
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
      ? sql<string>`replace(replace(${named}, ${marker('couponCode')}::text, g.code), ${marker('expiresAt')}::text, ${EXPIRY_TEXT})`
      : named;
  };
  const { queued } = await queueOutreachToAll(
    tx,
    {
      customers: sql`select customer_id from ${greet}`,
      texts: sql`
        select g.customer_id, ${fill(c.title)} as title, ${fill(c.body)} as body
        from ${greet} g join customers cu on cu.id = g.customer_id`,
      purpose: 'care',
      templateKey: `care.${c.occasion}`,
      dedupeKey: `care:${c.occasion}:${c.id}:${occasionDay}`,
      caseRef: { kind: 'care_campaign', id: c.id },
      fresh: mode === 'fresh',
    },
    now,
  );
  return { due: dueCount, granted, queued, skipped: dueCount - queued };
}
