import { SEGMENT_RULE_KEYS, type SegmentRule } from './rules.ts';

export interface RuleProblem {
  /** Path inside the rules list, e.g. `rules.2.thresholds.windowDays`. */
  field: string;
  reason: string;
}

/** Rules an admin sends: every rule once, distinct precedences, whole non-negative thresholds, windows of a day at least. */
export function ruleProblems(rules: readonly SegmentRule[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Map<string, number>();
  const precedences = new Map<number, number>();
  rules.forEach((rule, i) => {
    if (!SEGMENT_RULE_KEYS.includes(rule.segment)) problems.push({ field: `rules.${i}.segment`, reason: 'not a computed segment' });
    if (seen.has(rule.segment)) problems.push({ field: `rules.${i}.segment`, reason: `${rule.segment} is listed twice` });
    seen.set(rule.segment, i);
    if (precedences.has(rule.precedence)) problems.push({ field: `rules.${i}.precedence`, reason: 'two rules have the same precedence' });
    precedences.set(rule.precedence, i);
    for (const [name, value] of Object.entries(rule.thresholds as Record<string, number>)) {
      const field = `rules.${i}.thresholds.${name}`;
      if (!Number.isInteger(value) || value < 0) problems.push({ field, reason: 'must be a whole number, 0 or more' });
      else if ((name === 'windowDays' || name === 'daysWithoutOrder' || name === 'withinDays') && value < 1) {
        problems.push({ field, reason: 'must be at least 1 day' });
      }
    }
  });
  for (const key of SEGMENT_RULE_KEYS) if (!seen.has(key)) problems.push({ field: 'rules', reason: `the ${key} rule is missing` });
  return problems;
}
