/**
 * After the automatic score: which inspections go to a reviewer (抽检), what a reviewer's score sheet comes to, and
 * where an agent's appeal (申诉) stands. An agent appeals once; a supervisor accepts it with a new score or rejects it.
 */
import { qualityScore } from './rules.ts';

export interface QualitySampling {
  /** Share of the other inspections drawn at random, 0–100. */
  samplePercent: number;
  /** Every score below this goes to review. */
  reviewBelow: number;
}

export const DEFAULT_QUALITY_SAMPLING: QualitySampling = { samplePercent: 10, reviewBelow: 80 };

export type QualitySampleReason = 'fatal' | 'low_score' | 'random';

/** Why an inspection goes to review, or null: every fatal, every low score, and `draw` (0 ≤ draw < 1) under the share. */
export function sampleReason(inspection: { fatal: boolean; score: number }, settings: QualitySampling, draw: number): QualitySampleReason | null {
  if (inspection.fatal) return 'fatal';
  if (inspection.score < settings.reviewBelow) return 'low_score';
  return draw * 100 < settings.samplePercent ? 'random' : null;
}

/** One line of a reviewer's score sheet: the points a rule takes off (confirmed or changed) and whether it is fatal. */
export interface ScoreSheetLine {
  ruleId: number;
  points: number;
  fatal: boolean;
  comment?: string | null;
}

/** What a score sheet comes to (the same arithmetic as the automatic score). */
export function sheetScore(lines: readonly ScoreSheetLine[]): number {
  return qualityScore(lines);
}

export type AppealState = 'none' | 'pending' | 'accepted' | 'rejected';

export function appealState(i: { appealedAt: Date | null; appealDecision: string | null }): AppealState {
  if (!i.appealedAt) return 'none';
  if (i.appealDecision === 'accepted' || i.appealDecision === 'rejected') return i.appealDecision;
  return 'pending';
}

/**
 * Why an appeal step is refused, or null: an agent appeals only once (`already_appealed`); a supervisor decides only
 * an appeal that is pending (`no_appeal` before one, `already_decided` after).
 */
export function appealRefusal(
  i: { appealedAt: Date | null; appealDecision: string | null },
  step: 'appeal' | 'decide',
): 'already_appealed' | 'no_appeal' | 'already_decided' | null {
  const state = appealState(i);
  if (step === 'appeal') return state === 'none' ? null : 'already_appealed';
  if (state === 'none') return 'no_appeal';
  return state === 'pending' ? null : 'already_decided';
}
