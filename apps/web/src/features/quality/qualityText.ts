/** Words and colours of quality inspection (质检) shared by its pages. */
import { ApiError } from '../../api.ts';
import { enumLabel, type Translate } from '../../i18n.ts';
import type { InspectionRow, QualityRule } from './qualityApi.ts';

/** The score a shop aims for: 90 and above is good. */
export const GOOD_SCORE = 90;

export function scoreColor(score: number): string {
  if (score >= GOOD_SCORE) return '#389e0d';
  if (score >= 80) return '#d48806';
  return '#cf1322';
}

export const kindLabel = (t: Translate, kind: string) => enumLabel(t, 'quality.kind', kind);

const list = (t: Translate, words: unknown, max = 4): string => {
  const all = Array.isArray(words) ? (words as string[]) : [];
  const shown = all.slice(0, max).join(t('quality.listSeparator'));
  return all.length > max ? t('quality.andMore', { list: shown, n: all.length }) : shown || t('common.none');
};

/** What a rule checks, in a line: "问候语：您好、你好、亲、欢迎 等 7 个". */
export function ruleCondition(t: Translate, rule: Pick<QualityRule, 'kind' | 'params'>): string {
  const p = rule.params as Record<string, unknown>;
  switch (rule.kind) {
    case 'forbidden_phrase':
      return t('quality.cond.forbidden', { severe: list(t, p.severePhrases) });
    case 'greeting':
      return t('quality.cond.greeting', { words: list(t, p.words) });
    case 'closing':
      return t('quality.cond.closing', { n: Number(p.lastMessages ?? 2), words: list(t, p.words) });
    case 'order_number':
      return t('quality.cond.orderNumber', {
        intents: list(
          t,
          (p.intents as string[] | undefined)?.map((i) => enumLabel(t, 'chat.intent', i)),
          5,
        ),
      });
    case 'first_response':
      return t('quality.cond.firstResponse', { s: Number(p.seconds ?? 30) });
    case 'slow_response':
      return t('quality.cond.slowResponse', { s: Number(p.seconds ?? 60) });
    case 'upset_at_end':
      return t('quality.cond.upset', { n: Number(p.lastMessages ?? 2) });
    case 'unanswered_question':
      return t('quality.cond.unanswered', { words: list(t, p.words, 6) });
  }
}

/** "每次 -10，最多 3 次" or "-5". */
export function pointsText(t: Translate, rule: Pick<QualityRule, 'points' | 'params'>): string {
  const maxHits = (rule.params as { maxHits?: number }).maxHits;
  return maxHits ? t('quality.pointsEach', { points: rule.points, n: maxHits }) : t('quality.points', { points: rule.points });
}

export type Status = { key: string; color: string; label: string };

/** The tags a list shows for an inspection: fatal, why it was sampled, reviewed, the appeal. */
export function statusTags(t: Translate, row: InspectionRow): Status[] {
  const tags: Status[] = [];
  if (row.fatal) tags.push({ key: 'fatal', color: 'red', label: t('quality.fatal') });
  if (row.sampled && !row.reviewed) tags.push({ key: 'queued', color: 'gold', label: enumLabel(t, 'quality.sample', row.sampleReason ?? 'random') });
  if (row.reviewed) tags.push({ key: 'reviewed', color: 'green', label: t('quality.reviewed') });
  if (row.appeal !== 'none')
    tags.push({ key: 'appeal', color: row.appeal === 'pending' ? 'orange' : 'blue', label: enumLabel(t, 'quality.appealState', row.appeal) });
  return tags;
}

/**
 * A ticket reply refused for its forbidden phrases, in the reader's language ("含服务忌语「不知道」，建议改为「…」"),
 * or null for any other failure. For the reply box, which otherwise shows the server's English message.
 */
export function forbiddenReplyText(t: Translate, error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_input') return null;
  const phrases = error.body.forbiddenPhrases as { phrase: string; suggestion: string }[] | undefined;
  if (!phrases?.length) return null;
  return phrases
    .map((p) =>
      p.suggestion
        ? t('quality.replyRefusedSuggest', { phrase: p.phrase, suggestion: p.suggestion })
        : t('quality.replyRefused', { phrase: p.phrase }),
    )
    .join(t('quality.sentenceSeparator'));
}
