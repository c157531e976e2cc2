import { defectAlarmMoveRefusal, type DefectAlarmState } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../../audit/audit.ts';
import type { Db } from '../../db/database.ts';
import { lockVersioned, writeVersioned } from '../../db/versioned.ts';
import type { Principal } from '../../http/context.ts';
import { notFound, refusalError } from '../../http/errors.ts';

/** An alarm with the names a list shows: the product's, and who acknowledged and closed it. */
function alarmQuery(db: Db) {
  return db
    .selectFrom('defect_alarms as d')
    .innerJoin('products as p', 'p.id', 'd.product_id')
    .leftJoin('users as ack', 'ack.id', 'd.acknowledged_by')
    .leftJoin('users as closer', 'closer.id', 'd.closed_by')
    .selectAll('d')
    .select(['p.name as product_name', 'p.sku as product_sku', 'ack.display_name as acknowledged_by_name', 'closer.display_name as closed_by_name']);
}
export type AlarmRow = Awaited<ReturnType<ReturnType<typeof alarmQuery>['executeTakeFirstOrThrow']>>;

const LIST_LIMIT = 200;

/** The alarms, open ones first, latest case first; with how many there are in each state (the menu's badge). */
export async function listAlarms(db: Db, filter: { state?: DefectAlarmState; productId?: number }) {
  let q = alarmQuery(db);
  if (filter.state) q = q.where('d.state', '=', filter.state);
  if (filter.productId) q = q.where('d.product_id', '=', filter.productId);
  const alarms = await q
    .orderBy(sql`case d.state when 'open' then 0 when 'acknowledged' then 1 else 2 end`)
    .orderBy('d.last_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(LIST_LIMIT)
    .execute();
  const byState = await db
    .selectFrom('defect_alarms')
    .select(['state', sql<number>`count(*)::int`.as('n')])
    .groupBy('state')
    .execute();
  const count = (state: DefectAlarmState) => byState.find((s) => s.state === state)?.n ?? 0;
  return { alarms, counts: { open: count('open'), acknowledged: count('acknowledged'), closed: count('closed') } };
}

export async function alarmRow(db: Db, id: number): Promise<AlarmRow> {
  const row = await alarmQuery(db).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('quality alarm');
  return row;
}

/**
 * Acknowledges (someone is on it) or closes an alarm (recalled, fixed, not a defect) with a note, based on the version
 * the person saw: 409 stale_version when someone moved it meanwhile. A closed alarm stays closed; later cases of the
 * same defect raise a new one.
 */
export async function moveAlarm(db: Db, actor: Principal, id: number, change: { state: 'acknowledged' | 'closed'; note?: string; version: number }) {
  await db.transaction().execute(async (tx) => {
    const alarm = await lockVersioned(tx, 'defect_alarms', id, change.version);
    const refused = defectAlarmMoveRefusal(alarm.state as DefectAlarmState, change.state);
    if (refused) throw refusalError(refused, 'body.state');
    const now = new Date();
    await writeVersioned(tx, 'defect_alarms', id, {
      state: change.state,
      ...(change.note !== undefined && { note: change.note || null }),
      ...(change.state === 'acknowledged' && { acknowledged_by: actor.id, acknowledged_at: now }),
      ...(change.state === 'closed' && { closed_by: actor.id, closed_at: now }),
      updated_at: now,
    });
    await audit(tx, {
      actorId: actor.id,
      action: `defect_alarm.${change.state}`,
      entity: 'defect_alarm',
      entityId: id,
      detail: { note: change.note },
    });
  });
  return alarmRow(db, id);
}
