import { addDays, holidayDay, templateProblem, timingProblem, type HolidayKey, type Occasion } from '@kefu/domain';
import type { CareCampaignChange, CareCampaignInput } from '@kefu/protocol/api/care';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { CareCampaignsTable } from '../db/schema/care.ts';
import { lockVersioned, nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';

type Input = z.output<typeof CareCampaignInput>;
type Change = z.output<typeof CareCampaignChange>;
type Campaign = Selectable<CareCampaignsTable>;

export const listCampaigns = (db: Db | Tx, id?: number) => {
  let q = db.selectFrom('care_campaigns').selectAll();
  if (id !== undefined) q = q.where('id', '=', id);
  return q.orderBy('id').execute();
};

/** The checks a campaign passes before it is saved: its timing, its template (each variable known), its coupon. */
async function refuseInvalid(tx: Tx, c: Omit<Input, 'name' | 'enabled' | 'segments'>) {
  const timing = timingProblem({ occasion: c.occasion, holiday: c.holiday, eventMonthDay: c.eventMonthDay, daysAhead: c.daysAhead });
  if (timing) throw badRequest(`body.${timing[0]}`, timing[1]);
  const hasCoupon = c.couponDefinitionId !== null;
  for (const field of ['title', 'body'] as const) {
    const problem = templateProblem(c[field], hasCoupon);
    if (problem) throw badRequest(`body.${field}`, problem);
  }
  if (hasCoupon) {
    const def = await tx.selectFrom('coupon_definitions').select('id').where('id', '=', c.couponDefinitionId!).executeTakeFirst();
    if (!def) throw badRequest('body.couponDefinitionId', 'no such coupon');
  }
}

export async function createCampaign(db: Db, actor: Principal, input: Input): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await refuseInvalid(tx, input);
    const row = await tx
      .insertInto('care_campaigns')
      .values({
        name: input.name,
        occasion: input.occasion,
        holiday: input.holiday,
        event_month_day: input.eventMonthDay,
        days_ahead: input.daysAhead,
        segments: input.segments,
        title: input.title,
        body: input.body,
        coupon_definition_id: input.couponDefinitionId,
        enabled: input.enabled,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'care_campaign.create', entity: 'care_campaign', entityId: row.id, detail: { name: input.name } });
    return row.id;
  });
}

/** The occasion stays what it was created for; everything else may change. */
export async function changeCampaign(db: Db, actor: Principal, id: number, change: Change): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const c = await lockVersioned(tx, 'care_campaigns', id, change.version);
    const next = {
      occasion: c.occasion as Occasion,
      holiday: (change.holiday !== undefined ? change.holiday : c.holiday) as HolidayKey | null,
      eventMonthDay: change.eventMonthDay !== undefined ? change.eventMonthDay : c.event_month_day,
      daysAhead: change.daysAhead ?? c.days_ahead,
      title: change.title ?? c.title,
      body: change.body ?? c.body,
      couponDefinitionId: change.couponDefinitionId !== undefined ? change.couponDefinitionId : c.coupon_definition_id,
    };
    await refuseInvalid(tx, next);
    await tx
      .updateTable('care_campaigns')
      .set({
        ...(change.name !== undefined && { name: change.name }),
        ...(change.segments !== undefined && { segments: change.segments }),
        ...(change.enabled !== undefined && { enabled: change.enabled }),
        holiday: next.holiday,
        event_month_day: next.eventMonthDay,
        days_ahead: next.daysAhead,
        title: next.title,
        body: next.body,
        coupon_definition_id: next.couponDefinitionId,
        version: nextVersion(),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const { version: _v, ...detail } = change;
    await audit(tx, { actorId: actor.id, action: 'care_campaign.change', entity: 'care_campaign', entityId: id, detail });
  });
}

/** The next day (from `today`) the job sends a holiday or pre-sale campaign's greetings; null for the daily occasions. */
export function nextSendDay(c: Pick<Campaign, 'occasion' | 'holiday' | 'event_month_day' | 'days_ahead'>, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const eventIn = (y: number) =>
    c.occasion === 'holiday' ? holidayDay(c.holiday as HolidayKey, y) : c.occasion === 'presale' ? `${y}-${c.event_month_day}` : null;
  for (const y of [year, year + 1, year + 2]) {
    const event = eventIn(y);
    if (event === null) return null;
    const send = addDays(event, -c.days_ahead);
    if (send >= today) return send;
  }
  return null;
}
