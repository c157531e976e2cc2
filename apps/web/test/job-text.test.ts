import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n.ts';
import { jobLabel, runDuration, scheduleLabel } from '../src/features/jobs/jobText.ts';

const zh = translator('zh');
const en = translator('en');

describe('background job texts', () => {
  it('names known jobs and keeps unknown ones raw', () => {
    expect(jobLabel(zh, 'chat.dispatch')).toBe('会话分配');
    expect(jobLabel(en, 'shopper-codes.prune')).toBe('Prune verification codes');
    expect(jobLabel(zh, 'reports.weekly')).toBe('reports.weekly');
  });

  it('reads every schedule form the server writes, and leaves others as they are', () => {
    expect(scheduleLabel(zh, 'every 2s')).toBe('每 2 秒');
    expect(scheduleLabel(zh, 'every 10m')).toBe('每 10 分钟');
    expect(scheduleLabel(zh, 'daily 09:00 on working days')).toBe('工作日每天 09:00');
    expect(scheduleLabel(zh, 'Fri 17:00')).toBe('每周五 17:00');
    expect(scheduleLabel(zh, '1st of month 08:00')).toBe('每月 1 日 08:00');
    expect(scheduleLabel(en, 'every 30s')).toBe('Every 30 s');
    expect(scheduleLabel(zh, 'when the moon is full')).toBe('when the moon is full');
  });

  it('shows short runs in ms and long ones in seconds', () => {
    expect(runDuration(zh, 15)).toBe('15 毫秒');
    expect(runDuration(en, 2345)).toBe('2.3 s');
  });
});
