import { DEFAULT_SEGMENT_RULES, ruleProblems, type SegmentRule } from '@kefu/domain';
import { SegmentRuleInput, type SegmentRulesChange } from '@kefu/protocol/api/segments';
import type { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db, Tx } from '../../db/database.ts';
import { checkVersion } from '../../db/versioned.ts';
import type { Principal } from '../../http/context.ts';
import { invalidInput } from '../../http/errors.ts';

/** The stored rules with who changed them last, in order of precedence. */
export async function ruleRows(db: Db | Tx) {
  const rows = await db
    .selectFrom('segment_rules')
    .leftJoin('users', 'users.id', 'segment_rules.updated_by')
    .selectAll('segment_rules')
    .select('users.display_name as updated_by_name')
    .orderBy('precedence')
    .orderBy('segment')
    .execute();
  return rows
    .map((r) => {
      // A stored rule that no longer parses (a threshold renamed since) falls back to its default rather than failing the job.
      const parsed = SegmentRuleInput.safeParse({ segment: r.segment, enabled: r.enabled, precedence: r.precedence, thresholds: r.thresholds });
      const rule = parsed.success ? (parsed.data as SegmentRule) : DEFAULT_SEGMENT_RULES.find((d) => d.segment === r.segment);
      return rule ? { rule, version: r.version, updatedAt: r.updated_at, updatedByName: r.updated_by_name } : null;
    })
    .filter((r) => r !== null);
}

export async function readRules(db: Db | Tx): Promise<SegmentRule[]> {
  return (await ruleRows(db)).map((r) => r.rule);
}

/**
 * Saves the whole rule set at once: every rule must be sent, each with the version it was read at; one stale
 * rule refuses them all (409) and nothing is written.
 */
export async function saveRules(db: Db, actor: Principal, change: z.output<typeof SegmentRulesChange>) {
  const rules = change.rules as (SegmentRule & { version: number })[];
  const problems = ruleProblems(rules);
  if (problems.length) throw invalidInput(problems.map((p) => ({ field: `body.${p.field}`, reason: p.reason })));
  await db.transaction().execute(async (tx) => {
    const stored = await tx.selectFrom('segment_rules').select(['segment', 'version']).forUpdate().execute();
    const versionOf = new Map(stored.map((s) => [s.segment, s.version]));
    for (const rule of rules) checkVersion(`${rule.segment} segment rule`, versionOf.get(rule.segment) ?? 0, rule.version);
    for (const rule of rules) {
      await tx
        .updateTable('segment_rules')
        .set((eb) => ({
          enabled: rule.enabled,
          precedence: rule.precedence,
          thresholds: JSON.stringify(rule.thresholds),
          version: eb('version', '+', 1),
          updated_by: actor.id,
          updated_at: new Date(),
        }))
        .where('segment', '=', rule.segment)
        .execute();
    }
    await audit(tx, {
      actorId: actor.id,
      action: 'segment_rules.change',
      entity: 'segment_rules',
      entityId: 'all',
      detail: { rules: rules.map(({ version: _v, ...r }) => r) },
    });
  });
}
