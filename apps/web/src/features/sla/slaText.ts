import { MATCH_DIMENSIONS } from '@kefu/domain';
import type { SlaClock, SlaPolicy } from '../../api.ts';
import { enumLabel, type MessageKey, type Translate } from '../../i18n.ts';
import { slaZh } from '../../i18n/sla.ts';

type Target = SlaPolicy['targets'][number];
type Hours = SlaPolicy['hours'];
type MatchDimension = (typeof MATCH_DIMENSIONS)[number];

/** The dictionary prefix naming the values of each filter of a policy. */
export const MATCH_PREFIX: Record<MatchDimension, string> = {
  ticketTypes: 'type',
  categories: 'category',
  severities: 'severity',
  priorities: 'priority',
  channels: 'channel',
  segments: 'segment',
};

export function metricLabel(t: Translate, metric: string): string {
  const key = `sla.metric.${metric}`;
  return key in slaZh ? t(key as MessageKey) : metric;
}

/** "首次响应 30 分钟", "维修进度 每天 16:00 前". */
export function targetText(t: Translate, target: Target): string {
  const metric = metricLabel(t, target.metric);
  if (target.dailyBefore) return t('sla.targetDaily', { metric, at: target.dailyBefore });
  return t('sla.targetSpan', { metric, n: target.within ?? 0, unit: t(`sla.unit.${target.unit ?? 'minutes'}`) });
}

/** "全天 24 小时", "工作日 09:00–18:00", "每天 09:00–21:00". */
export function hoursText(t: Translate, hours: Hours): string {
  if (hours.kind === 'always') return t('sla.hours.always');
  return t(hours.days === 'working' ? 'sla.hours.working' : 'sla.hours.every', { from: hours.from, to: hours.to });
}

/** Every value a policy's filters name, labelled; empty when it covers all work. */
export function matchLabels(t: Translate, match: SlaPolicy['match']): { key: string; label: string }[] {
  return MATCH_DIMENSIONS.flatMap((d) => (match[d] as readonly string[]).map((v) => ({ key: `${d}.${v}`, label: enumLabel(t, MATCH_PREFIX[d], v) })));
}

/** A span of time in the largest two units that matter: "45 秒", "12 分钟", "1 小时 5 分", "2 天 3 小时". */
export function spanText(t: Translate, ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  if (seconds < 60) return t('sla.time.s', { s: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('sla.time.m', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? t('sla.time.hm', { h: hours, m: minutes % 60 }) : t('sla.time.h', { h: hours });
  const days = Math.floor(hours / 24);
  return hours % 24 ? t('sla.time.dh', { d: days, h: hours % 24 }) : t('sla.time.d', { d: days });
}

export type Tone = 'normal' | 'warning' | 'breached' | 'paused' | 'met' | 'cancelled';

/** What a countdown knows: a due time, and when it comes from a clock, the clock's state and warning time. */
export type CountdownInput = { dueAt: string | null } & Partial<
  Pick<SlaClock, 'state' | 'warnAt' | 'warnedAt' | 'breachedAt' | 'remainingMs' | 'stoppedAt'>
>;

/** Without a clock's own warning time (a list shows only the due time), the last 10 minutes count as the warning. */
export const FALLBACK_WARNING_MS = 10 * 60_000;

/** The countdown's tone and the span it shows (time left, time over, or what was left when paused). */
export function countdown(now: number, c: CountdownInput): { tone: Tone; ms: number } | null {
  if (!c.dueAt) return null;
  const due = Date.parse(c.dueAt);
  if (c.state === 'met') return { tone: 'met', ms: 0 };
  if (c.state === 'cancelled') return { tone: 'cancelled', ms: 0 };
  if (c.state === 'paused') return { tone: 'paused', ms: c.remainingMs ?? Math.max(0, due - now) };
  const left = due - now;
  if (left <= 0 || c.breachedAt) return { tone: 'breached', ms: Math.max(0, -left) };
  const warned = c.warnedAt || (c.warnAt ? Date.parse(c.warnAt) <= now : c.warnAt === undefined && left <= FALLBACK_WARNING_MS);
  return { tone: warned ? 'warning' : 'normal', ms: left };
}

/** "剩 12 分钟", "超时 8 分钟", "已暂停", "已达成". */
export function countdownText(t: Translate, view: { tone: Tone; ms: number }): string {
  switch (view.tone) {
    case 'normal':
    case 'warning':
      return t('sla.left', { time: spanText(t, view.ms) });
    case 'breached':
      return t('sla.over', { time: spanText(t, view.ms) });
    case 'paused':
      return t('sla.paused');
    case 'met':
      return t('sla.met');
    case 'cancelled':
      return t('sla.cancelled');
  }
}
