import { parseSchedule } from '@kefu/domain';
import type { MessageKey, Translate } from '../../i18n.ts';
import { jobsZh } from '../../i18n/jobs.ts';
import { slaZh } from '../../i18n/sla.ts';

/** A job's readable name (a feature's own jobs are named in its texts, e.g. sla.sweep); an unknown job shows its raw name. */
export function jobLabel(t: Translate, name: string): string {
  const key = `jobs.name.${name}`;
  return key in jobsZh || key in slaZh ? t(key as MessageKey) : name;
}

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

/** The server's schedule text ("every 2s", "Fri 17:00") in the reader's language; unknown forms stay as they are. */
export function scheduleLabel(t: Translate, text: string): string {
  const schedule = parseSchedule(text);
  if (!schedule) return text;
  const clock = (at: { hour: number; minute: number }) => `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
  switch (schedule.kind) {
    case 'interval': {
      const unit = (Object.keys(UNIT_MS) as (keyof typeof UNIT_MS)[]).find((u) => schedule.everyMs % UNIT_MS[u] === 0)!;
      return t('jobs.every', { n: schedule.everyMs / UNIT_MS[unit], unit: t(`jobs.unit.${unit}`) });
    }
    case 'daily':
      return t(schedule.workingDaysOnly ? 'jobs.dailyWorking' : 'jobs.daily', { at: clock(schedule.at) });
    case 'weekly':
      return t('jobs.weekly', { weekday: t(`jobs.weekday.${schedule.weekday}`), at: clock(schedule.at) });
    case 'monthly':
      return t('jobs.monthly', { day: schedule.day, at: clock(schedule.at) });
  }
}

/** Milliseconds under a second, seconds with one decimal above. */
export function runDuration(t: Translate, ms: number): string {
  return ms < 1000 ? t('jobs.ms', { n: ms }) : t('jobs.seconds', { n: (ms / 1000).toFixed(1) });
}
