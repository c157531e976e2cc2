import { DEFECT_LABELS } from './lexicon.ts';
import { defectContainment, defectSimilarity, featureWeight } from './features.ts';

/** A complaint or after-sale about one product, with what its description says is wrong (`defectFeatures`). */
export interface DefectCase<K> {
  key: K;
  at: Date;
  features: readonly string[];
}

export interface DefectGroup<K> {
  /** The defect's name: the lexicon label most of the group names, else its weightiest word. */
  label: string;
  /** The group's weightiest features, label first: what a later case is compared with. */
  keyWords: string[];
  cases: DefectCase<K>[];
}

/** Two cases (or groups, on average) at least this alike describe the same defect. */
export const SAME_DEFECT_SIMILARITY = 0.34;
/** A later case joins an alarm when the alarm's key words cover this much of it (or it names the alarm's defect). */
export const JOIN_ALARM_CONTAINMENT = 0.5;
const KEY_WORDS = 8;

/**
 * Groups one product's cases by defect: average-linkage clustering — the two most alike groups merge while they are
 * at least SAME_DEFECT_SIMILARITY alike on average — so "拉链坏了", "拉链拉不上" and "拉链头掉了" make one group and
 * "颜色不一样" another. Cases whose text names nothing (features empty) are left out. Deterministic: the same cases
 * in any order give the same groups, largest first.
 */
export function groupDefects<K>(cases: readonly DefectCase<K>[]): DefectGroup<K>[] {
  const items = cases.filter((c) => c.features.length > 0).sort(byTimeThenFeatures);
  const similarity = items.map((a) => items.map((b) => defectSimilarity(a.features, b.features)));
  let groups = items.map((_, i) => [i]);
  for (;;) {
    let best: { a: number; b: number; score: number } | null = null;
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const score = averageLink(groups[a]!, groups[b]!, similarity);
        if (score >= SAME_DEFECT_SIMILARITY && (!best || score > best.score)) best = { a, b, score };
      }
    }
    if (!best) break;
    const { a, b } = best;
    const merged = [...groups[a]!, ...groups[b]!].sort((x, y) => x - y);
    groups = groups.filter((_, i) => i !== a && i !== b).concat([merged]);
  }
  return groups
    .map((members) => describeGroup(members.map((i) => items[i]!)))
    .sort((x, y) => y.cases.length - x.cases.length || x.cases[0]!.at.getTime() - y.cases[0]!.at.getTime());
}

function averageLink(a: number[], b: number[], similarity: number[][]): number {
  let sum = 0;
  for (const i of a) for (const j of b) sum += similarity[i]![j]!;
  return sum / (a.length * b.length);
}

/** Text order by code point: the same on every machine, whatever its locale. */
const codePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byTimeThenFeatures<K>(a: DefectCase<K>, b: DefectCase<K>): number {
  return a.at.getTime() - b.at.getTime() || codePoints(a.features.join(' '), b.features.join(' '));
}

/** A group's label and key words: features ranked by how many of its cases name them, times their weight. */
export function describeGroup<K>(cases: DefectCase<K>[]): DefectGroup<K> {
  const score = new Map<string, number>();
  for (const c of cases) for (const f of c.features) score.set(f, (score.get(f) ?? 0) + featureWeight(f));
  const ranked = [...score.entries()].sort((x, y) => y[1] - x[1] || codePoints(x[0], y[0])).map(([f]) => f);
  const shared = ranked.filter((f) => [...f].length > 1 && cases.every((c) => c.features.includes(f)));
  // A defect the lexicon knows names the group; else the words every case says ("杯口、毛刺"), else the weightiest one.
  const label = ranked.find((f) => DEFECT_LABELS.has(f)) ?? (shared.length ? shared.slice(0, 2).join('、') : (ranked[0] ?? ''));
  const keyWords = [...new Set([...label.split('、'), ...ranked])].slice(0, KEY_WORDS);
  return { label, keyWords, cases };
}

/**
 * The alarm a new case belongs to among a product's live alarms: the one whose key words cover most of it, at least
 * JOIN_ALARM_CONTAINMENT, or one whose defect (a lexicon label) the case names. Null when none.
 */
export function alarmForCase<A extends { label: string; keyWords: readonly string[] }>(features: readonly string[], alarms: readonly A[]): A | null {
  let best: { alarm: A; score: number } | null = null;
  for (const alarm of alarms) {
    const names = DEFECT_LABELS.has(alarm.label) && features.includes(alarm.label);
    const score = defectContainment(features, alarm.keyWords) + (names ? 1 : 0);
    if ((names || score >= JOIN_ALARM_CONTAINMENT) && (!best || score > best.score)) best = { alarm, score };
  }
  return best?.alarm ?? null;
}
