import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n.ts';
import { jobLabel } from '../src/features/jobs/jobText.ts';
import { formPath, placeErrors, reasonText, toInput, toValues } from '../src/features/sla/policyForm.ts';
import { countdown, countdownText, hoursText, matchLabels, spanText, targetText } from '../src/features/sla/slaText.ts';
import type { SlaPolicy } from '../src/api.ts';

const zh = translator('zh');
const en = translator('en');
const MIN = 60_000;
const now = Date.parse('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('service-level countdowns', () => {
  it('reads a span in its two largest units', () => {
    expect(spanText(zh, 45_000)).toBe('45 秒');
    expect(spanText(zh, 12 * MIN + 59_000)).toBe('12 分钟');
    expect(spanText(zh, 65 * MIN)).toBe('1 小时 5 分');
    expect(spanText(zh, 120 * MIN)).toBe('2 小时');
    expect(spanText(zh, 51 * 60 * MIN)).toBe('2 天 3 小时');
    expect(spanText(en, 65 * MIN)).toBe('1 h 5 min');
  });

  it('counts down, turns orange at the warning time and red once past', () => {
    const running = { state: 'running' as const, warnAt: at(10 * MIN), warnedAt: null, breachedAt: null, remainingMs: null, stoppedAt: null };
    expect(countdown(now, { ...running, dueAt: at(65 * MIN) })).toEqual({ tone: 'normal', ms: 65 * MIN });
    expect(countdownText(zh, countdown(now, { ...running, dueAt: at(65 * MIN) })!)).toBe('剩 1 小时 5 分');
    expect(countdown(now, { ...running, warnAt: at(-MIN), dueAt: at(12 * MIN) })?.tone).toBe('warning');
    const late = countdown(now, { ...running, dueAt: at(-8 * MIN) })!;
    expect(late.tone).toBe('breached');
    expect(countdownText(zh, late)).toBe('超时 8 分钟');
    expect(countdownText(en, late)).toBe('8 min over');
  });

  it('shows paused, met and cancelled clocks whatever their due time', () => {
    const clock = { warnAt: null, warnedAt: null, breachedAt: null, stoppedAt: null };
    expect(countdown(now, { ...clock, state: 'paused', remainingMs: 20 * MIN, dueAt: at(-MIN) })).toEqual({ tone: 'paused', ms: 20 * MIN });
    expect(countdownText(zh, { tone: 'paused', ms: 0 })).toBe('已暂停');
    expect(countdown(now, { ...clock, state: 'met', remainingMs: null, dueAt: at(-MIN) })?.tone).toBe('met');
    expect(countdownText(zh, { tone: 'met', ms: 0 })).toBe('已达成');
    expect(countdown(now, { ...clock, state: 'cancelled', remainingMs: null, dueAt: at(MIN) })?.tone).toBe('cancelled');
  });

  it('without a clock, warns in the last 10 minutes; without a due time, shows nothing', () => {
    expect(countdown(now, { dueAt: at(11 * MIN) })?.tone).toBe('normal');
    expect(countdown(now, { dueAt: at(9 * MIN) })?.tone).toBe('warning');
    expect(countdown(now, { dueAt: null })).toBeNull();
  });
});

const policy: SlaPolicy = {
  id: 2,
  version: 3,
  updatedAt: '2026-03-01T00:00:00Z',
  name: '投诉',
  enabled: true,
  position: 20,
  match: { ticketTypes: ['complaint'], categories: [], severities: ['critical'], priorities: [], channels: ['taobao'], segments: ['vip'] },
  hours: { kind: 'business', days: 'working', from: '09:00', to: '18:00' },
  pauseOnCustomer: true,
  warnAtPercent: 80,
  targets: [
    { metric: 'first_response', within: 30, unit: 'minutes' },
    { metric: 'resolution', within: 24, unit: 'hours' },
    { metric: 'periodic_update', dailyBefore: '16:00' },
  ],
  onBreach: { raisePriority: true, reassign: { groupId: 4 } },
};

describe('service-level policies in words and in the form', () => {
  it('says what a policy promises, on which calendar, for which work', () => {
    expect(policy.targets.map((x) => targetText(zh, x)).join(' · ')).toBe('首次响应 30 分钟 · 解决 24 小时 · 定期更新 每天 16:00 前');
    expect(hoursText(zh, policy.hours)).toBe('工作日 09:00–18:00');
    expect(hoursText(zh, { kind: 'always' })).toBe('全天 24 小时');
    expect(matchLabels(zh, policy.match).map((l) => l.label)).toEqual(['投诉', '特别严重', '淘宝', 'VIP']);
  });

  it('gives back the same policy it was loaded with', () => {
    const { id: _id, version: _v, updatedAt: _u, ...input } = policy;
    expect(toInput(toValues(policy, 30))).toEqual(input);
    expect(toInput({ ...toValues(policy, 30), hoursKind: 'always', reassignKind: 'none' })).toMatchObject({
      hours: { kind: 'always' },
      onBreach: { reassign: null },
    });
  });

  it("places the server's refusals at the field they name, in Chinese where known", () => {
    expect(formPath('body.targets.1.within')).toEqual(['targets', 1, 'within']);
    expect(formPath('body.targets.0.unit')).toEqual(['targets', 0, 'within']);
    expect(formPath('body.targets')).toEqual(['targets']);
    expect(formPath('body.hours.to')).toEqual(['to']);
    expect(formPath('body.onBreach.reassign.groupId')).toEqual(['reassignGroupId']);
    expect(formPath('body.match')).toBeNull();
    expect(reasonText(zh, 'must be more than 0')).toBe('必须大于 0');
    expect(reasonText(zh, 'overlaps policy "紧急投诉": "投诉" comes first and covers all the same work for first_response')).toContain(
      '「紧急投诉」',
    );
    const { placed, rest } = placeErrors(zh, [
      { field: 'body.position', reason: 'overlaps policy "默认": …' },
      { field: 'body.match', reason: 'something new' },
    ]);
    expect(placed).toEqual([{ name: ['position'], errors: [expect.stringContaining('「默认」')] }]);
    expect(rest).toEqual(['something new']);
  });

  it('names the sweep job', () => {
    expect(jobLabel(zh, 'sla.sweep')).toBe('时效检查');
  });
});
