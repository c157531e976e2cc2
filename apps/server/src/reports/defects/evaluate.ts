import {
  alarmForCase,
  defectFeatures,
  groupDefects,
  reachesThreshold,
  type DefectAlarmSettings,
  type DefectCase,
  type DefectGroup,
} from '@kefu/domain';
import { words } from '@kefu/text';
import { sql } from 'kysely';
import { audit } from '../../audit/audit.ts';
import type { Db, Tx } from '../../db/database.ts';
import { recordEvent } from '../../events/record.ts';
import { unlinkedCases, type DefectCaseRow } from './cases.ts';
import { tellOfAlarm } from './notify.ts';
import { readDefectAlarmSettings } from './settings.ts';

const DAY_MS = 86_400_000;
/** A case stamped by the application a moment after the database's clock still belongs to the evaluation. */
const CLOCK_SLACK_MS = 5 * 60_000;

interface LiveAlarm {
  id: number;
  label: string;
  keyWords: string[];
}
type Case = DefectCase<DefectCaseRow>;
const timesOf = (cases: Case[]) => cases.map((c) => c.at);

export interface Evaluation {
  /** Alarms raised now. */
  raised: number[];
  /** Alarms that cases joined. */
  joined: number[];
}

/**
 * Looks at one product's recent cases again (a case was opened, or its ticket's product or root cause changed), as of
 * `at`: a case of a live alarm's defect joins it; the rest are grouped by defect (@kefu/domain `groupDefects`), and a
 * group that reaches the threshold within the window raises an alarm, told at once (notify.ts). The product's row is
 * locked for the transaction, so evaluations of one product (two cases at once, two processes) take turns and a
 * defect is never raised twice; a case already in one of the product's alarms is never looked at again, so a
 * redelivered event changes nothing.
 */
export async function evaluateProduct(db: Db, productId: number, at: Date): Promise<Evaluation> {
  return db.transaction().execute(async (tx) => {
    const result: Evaluation = { raised: [], joined: [] };
    const product = await tx.selectFrom('products').select(['id', 'name', 'sku']).where('id', '=', productId).forUpdate().executeTakeFirst();
    if (!product) return result;
    const { settings } = await readDefectAlarmSettings(tx);
    const from = new Date(at.getTime() - settings.windowDays * DAY_MS);
    const rows = await unlinkedCases(tx, productId, from, new Date(at.getTime() + CLOCK_SLACK_MS));
    if (!rows.length) return result;
    const cases: Case[] = rows.map((row) => ({ key: row, at: row.at, features: defectFeatures(row.text, words, product.name) }));
    const live = await liveAlarms(tx, productId);
    const joining = new Map<LiveAlarm, Case[]>();
    const join = (alarm: LiveAlarm, more: Case[]) => joining.set(alarm, [...(joining.get(alarm) ?? []), ...more]);
    const loose: Case[] = [];
    for (const c of cases) {
      const alarm = alarmForCase(c.features, live);
      if (alarm) join(alarm, [c]);
      else loose.push(c);
    }
    const spikes = groupDefects(loose).filter((g) => reachesThreshold(timesOf(g.cases), settings));
    for (const group of spikes) {
      const same = live.find((a) => a.label === group.label);
      const opened = same ? null : await openAlarm(tx, product, group, settings);
      if (opened) result.raised.push(opened);
      // A live alarm of this defect that the cases' words did not match (or one raised meanwhile): they join it.
      else join(same ?? (await liveAlarms(tx, productId)).find((a) => a.label === group.label)!, group.cases);
    }
    for (const [alarm, members] of joining) {
      await linkCases(tx, alarm.id, members);
      result.joined.push(alarm.id);
    }
    return result;
  });
}

async function liveAlarms(tx: Tx, productId: number): Promise<LiveAlarm[]> {
  const rows = await tx
    .selectFrom('defect_alarms')
    .select(['id', 'defect', 'key_words'])
    .where('product_id', '=', productId)
    .where('state', '<>', 'closed')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, label: r.defect, keyWords: r.key_words }));
}

/** A new alarm with its cases, told at once; null when a live alarm of this defect exists after all. */
async function openAlarm(
  tx: Tx,
  product: { id: number; name: string; sku: string },
  group: DefectGroup<DefectCaseRow>,
  settings: DefectAlarmSettings,
) {
  const times = timesOf(group.cases).map((at) => at.getTime());
  const alarm = await tx
    .insertInto('defect_alarms')
    .values({
      product_id: product.id,
      defect: group.label,
      key_words: group.keyWords,
      first_at: new Date(Math.min(...times)),
      last_at: new Date(Math.max(...times)),
      case_count: group.cases.length,
    })
    .onConflict((oc) => oc.columns(['product_id', 'defect']).where('state', '<>', 'closed').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!alarm) return null;
  await linkCases(tx, alarm.id, group.cases);
  const taskId = await tellOfAlarm(tx, {
    id: alarm.id,
    product,
    defect: group.label,
    keyWords: group.keyWords,
    settings,
    cases: group.cases.map((c) => c.key),
  });
  await tx.updateTable('defect_alarms').set({ task_id: taskId }).where('id', '=', alarm.id).execute();
  await recordEvent(tx, {
    type: 'defect.alarmed',
    payload: { alarmId: alarm.id, productId: product.id, defect: group.label, caseCount: group.cases.length },
  });
  await audit(tx, {
    actorId: null,
    action: 'defect_alarm.raise',
    entity: 'defect_alarm',
    entityId: alarm.id,
    detail: { productId: product.id, defect: group.label, cases: group.cases.map((c) => `${c.key.kind}:${c.key.id}`) },
  });
  return alarm.id;
}

/** Links cases to an alarm (once each) and brings its count and span up to date. */
async function linkCases(tx: Tx, alarmId: number, cases: Case[]): Promise<void> {
  await tx
    .insertInto('defect_alarm_cases')
    .values(cases.map((c) => ({ alarm_id: alarmId, case_kind: c.key.kind, case_id: c.key.id, case_at: c.at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await sql`
    update defect_alarms d set case_count = s.n, first_at = s.first_at, last_at = s.last_at, updated_at = now()
    from (select count(*)::int as n, min(case_at) as first_at, max(case_at) as last_at from defect_alarm_cases where alarm_id = ${alarmId}) s
    where d.id = ${alarmId}`.execute(tx);
}
