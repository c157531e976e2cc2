/** The shop's inspection rules and sampling settings (admins edit them; supervisors read them). */
import { DEFAULT_QUALITY_PARAMS, type QualityRule, type QualityRuleKind, type QualitySampling } from '@kefu/domain';
import type { QualityRuleInput, QualitySettingsInput } from '@kefu/protocol/api/quality';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { QualityRulesTable } from '../db/schema/quality.ts';
import { lockVersioned } from '../db/versioned.ts';
import { notFound } from '../http/errors.ts';

export type RuleInput = z.output<typeof QualityRuleInput>;
export type RuleRow = Selectable<QualityRulesTable>;

/** A stored rule as the rules read it; settings it lacks (a rule stored before a setting existed) take the default. */
export function ruleFromRow(row: RuleRow): QualityRule {
  const kind = row.kind as QualityRuleKind;
  const params = { ...DEFAULT_QUALITY_PARAMS[kind], ...(row.params as object) };
  return { id: row.id, kind, name: row.name, points: row.points, fatal: row.fatal, enabled: row.enabled, params } as QualityRule;
}

export function ruleRows(db: Db | Tx) {
  return db.selectFrom('quality_rules').selectAll().orderBy('position').orderBy('id').execute();
}

export async function ruleRow(db: Db, id: number) {
  const row = await db.selectFrom('quality_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('quality rule');
  return row;
}

const columns = (r: RuleInput) => ({
  kind: r.kind,
  name: r.name,
  points: r.points,
  fatal: r.fatal,
  enabled: r.enabled,
  position: r.position,
  params: JSON.stringify(r.params),
});

export function createRule(db: Db, actorId: number, input: RuleInput) {
  return db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('quality_rules').values(columns(input)).returningAll().executeTakeFirstOrThrow();
    await audit(tx, { actorId, action: 'quality_rule.create', entity: 'quality_rule', entityId: row.id, detail: { rule: input } });
    return row;
  });
}

export function updateRule(db: Db, actorId: number, id: number, input: RuleInput, version: number) {
  return db.transaction().execute(async (tx) => {
    const before = await lockVersioned(tx, 'quality_rules', id, version);
    const row = await tx
      .updateTable('quality_rules')
      .set({ ...columns(input), version: before.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, {
      actorId,
      action: 'quality_rule.update',
      entity: 'quality_rule',
      entityId: id,
      detail: { before: { ...before, version: undefined }, after: input },
    });
    return row;
  });
}

/** Inspections already made keep their hits (names and points as they were then). */
export async function deleteRule(db: Db, actorId: number, id: number, version: number) {
  await db.transaction().execute(async (tx) => {
    const before = await lockVersioned(tx, 'quality_rules', id, version);
    await tx.deleteFrom('quality_rules').where('id', '=', id).execute();
    await audit(tx, { actorId, action: 'quality_rule.delete', entity: 'quality_rule', entityId: id, detail: { name: before.name } });
  });
}

export async function samplingSettings(db: Db | Tx): Promise<QualitySampling & { version: number }> {
  const row = await db.selectFrom('quality_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { samplePercent: row.sample_percent, reviewBelow: row.review_below, version: row.version };
}

export async function putSamplingSettings(db: Db, actorId: number, input: z.output<typeof QualitySettingsInput>, version: number) {
  return db.transaction().execute(async (tx) => {
    const before = await lockVersioned(tx, 'quality_settings', 1, version);
    await tx
      .updateTable('quality_settings')
      .set({ sample_percent: input.samplePercent, review_below: input.reviewBelow, version: before.version + 1, updated_at: new Date() })
      .where('id', '=', 1)
      .execute();
    await audit(tx, { actorId, action: 'quality_settings.update', entity: 'quality_settings', entityId: 1, detail: { ...input } });
    return samplingSettings(tx);
  });
}
