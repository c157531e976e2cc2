/**
 * People's steps on an inspection: a supervisor's score sheet (复核), the agent's one appeal (申诉) and a supervisor's
 * decision on it. Each names the version it was based on (409 stale_version otherwise) and is audited.
 */
import { appealRefusal, sheetScore } from '@kefu/domain';
import type { AppealDecisionInput, AppealInput, ReviewInput } from '@kefu/protocol/api/quality';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound, refuse } from '../http/errors.ts';

type Review = z.output<typeof ReviewInput>;
type Appeal = z.output<typeof AppealInput>;
type Decision = z.output<typeof AppealDecisionInput>;

/** Locks inspection `id` for the change and checks its version; 404 when there is none (or, for `ownerId`, not theirs). */
async function lockInspection(tx: Tx, id: number, version: number, ownerId?: number) {
  let q = tx.selectFrom('quality_inspections').selectAll().where('conversation_id', '=', id);
  if (ownerId !== undefined) q = q.where('agent_id', '=', ownerId);
  const row = await q.forUpdate().executeTakeFirst();
  if (!row) throw notFound('inspection');
  checkVersion('inspection', row.version, version);
  return row;
}

export function reviewInspection(db: Db, who: Principal, id: number, input: Review) {
  return db.transaction().execute(async (tx) => {
    const row = await lockInspection(tx, id, input.version);
    const hitRules = new Set((row.hits as { ruleId: number }[]).map((h) => h.ruleId));
    const ids = input.lines.map((l) => l.ruleId).filter((ruleId) => !hitRules.has(ruleId));
    const known = ids.length
      ? new Set((await tx.selectFrom('quality_rules').select('id').where('id', 'in', ids).execute()).map((r) => r.id))
      : new Set();
    const unknown = input.lines.findIndex((l) => !hitRules.has(l.ruleId) && !known.has(l.ruleId));
    if (unknown >= 0) throw badRequest(`body.lines.${unknown}.ruleId`, 'no such rule');
    const lines = input.lines.map((l) => ({ ruleId: l.ruleId, points: l.points, fatal: l.fatal, comment: l.comment ?? null }));
    const score = sheetScore(lines);
    // An accepted appeal set the final score; a later review does not undo that decision.
    const finalScore = row.appeal_decision === 'accepted' ? row.final_score : score;
    await tx
      .updateTable('quality_inspections')
      .set({
        reviewer_id: who.id,
        review_score: score,
        review_sheet: JSON.stringify(lines),
        review_comment: input.comment || null,
        reviewed_at: new Date(),
        final_score: finalScore,
        version: row.version + 1,
      })
      .where('conversation_id', '=', id)
      .execute();
    await audit(tx, { actorId: who.id, action: 'quality.review', entity: 'quality_inspection', entityId: id, detail: { score, lines } });
  });
}

/** The inspected agent's appeal, once; another agent's inspection is not found. */
export function appealInspection(db: Db, who: Principal, id: number, input: Appeal) {
  return db.transaction().execute(async (tx) => {
    const row = await lockInspection(tx, id, input.version, who.id);
    if (appealRefusal({ appealedAt: row.appealed_at, appealDecision: row.appeal_decision }, 'appeal'))
      throw refuse('already_appealed', 'this inspection was already appealed: an inspection is appealed once');
    await tx
      .updateTable('quality_inspections')
      .set({ appeal_reason: input.reason, appealed_at: new Date(), version: row.version + 1 })
      .where('conversation_id', '=', id)
      .execute();
    await audit(tx, { actorId: who.id, action: 'quality.appeal', entity: 'quality_inspection', entityId: id, detail: { reason: input.reason } });
  });
}

export function decideAppeal(db: Db, who: Principal, id: number, input: Decision) {
  return db.transaction().execute(async (tx) => {
    const row = await lockInspection(tx, id, input.version);
    const refusal = appealRefusal({ appealedAt: row.appealed_at, appealDecision: row.appeal_decision }, 'decide');
    if (refusal === 'no_appeal') throw conflict('this inspection has no appeal to decide');
    if (refusal === 'already_decided') throw conflict('this appeal was already decided');
    await tx
      .updateTable('quality_inspections')
      .set({
        appeal_decision: input.accept ? 'accepted' : 'rejected',
        appeal_note: input.note || null,
        appeal_decided_by: who.id,
        appeal_decided_at: new Date(),
        ...(input.accept && { final_score: input.finalScore! }),
        version: row.version + 1,
      })
      .where('conversation_id', '=', id)
      .execute();
    await audit(tx, {
      actorId: who.id,
      action: 'quality.appeal_decision',
      entity: 'quality_inspection',
      entityId: id,
      detail: { accept: input.accept, finalScore: input.finalScore ?? null, note: input.note },
    });
  });
}
