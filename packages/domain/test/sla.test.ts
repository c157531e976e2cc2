import { describe, expect, it } from 'vitest';
import {
  addServiceTime,
  clockTimes,
  DEFAULT_SLA_POLICIES,
  dueAt,
  nextDailyDeadline,
  policyFor,
  policyOverlaps,
  raisedPriority,
  remainingOnPause,
  resumedTimes,
  serviceTimeBetween,
  type ServiceHours,
  type SlaMatch,
  type SlaPolicy,
} from '../src/index.ts';

/** A China-time wall clock reading as an instant. */
const cst = (wall: string) => new Date(`${wall}+08:00`);
const HOUR = 3_600_000;
const office: ServiceHours = { kind: 'business', days: 'working', from: '09:00', to: '18:00' };
const everyDay: ServiceHours = { kind: 'business', days: 'every', from: '09:00', to: '21:00' };
const any: SlaMatch = { ticketTypes: [], categories: [], severities: [], priorities: [], channels: [], segments: [] };
const policies: SlaPolicy[] = DEFAULT_SLA_POLICIES.map((p, i) => ({ ...p, id: i + 1 }));

describe('service time on the Chinese calendar', () => {
  it('runs around the clock when the policy says so', () => {
    expect(addServiceTime(cst('2026-10-01T23:30:00'), 2 * HOUR, { kind: 'always' })).toEqual(cst('2026-10-02T01:30:00'));
  });

  it('skips the whole National Day week (国庆, 1–7 October 2026) in business hours', () => {
    // Wednesday 30 September 17:00 + 2 working hours: one hour that evening, the next on Thursday 8 October.
    expect(addServiceTime(cst('2026-09-30T17:00:00'), 2 * HOUR, office)).toEqual(cst('2026-10-08T10:00:00'));
    expect(serviceTimeBetween(cst('2026-09-30T17:00:00'), cst('2026-10-08T10:00:00'), office)).toBe(2 * HOUR);
  });

  it('counts a 调休 Saturday as a working day and an ordinary Saturday as off', () => {
    // Saturday 10 October 2026 is worked in exchange for the holiday.
    expect(addServiceTime(cst('2026-10-09T17:00:00'), 2 * HOUR, office)).toEqual(cst('2026-10-10T10:00:00'));
    // Saturday 17 October is an ordinary weekend: Friday 17:00 + 2 h → Monday 10:00.
    expect(addServiceTime(cst('2026-10-16T17:00:00'), 2 * HOUR, office)).toEqual(cst('2026-10-19T10:00:00'));
  });

  it('starts counting at opening time when work arrives at night', () => {
    expect(addServiceTime(cst('2026-11-30T22:00:00'), 30 * 60_000, everyDay)).toEqual(cst('2026-12-01T09:30:00'));
    expect(serviceTimeBetween(cst('2026-11-30T22:00:00'), cst('2026-12-01T08:00:00'), everyDay)).toBe(0);
  });

  it('counts whole working days by the official calendar: Friday before 国庆 → first day back', () => {
    const plan = { within: 1, unit: 'working_days' as const };
    expect(dueAt(cst('2026-09-30T11:00:00'), plan, { kind: 'always' })).toEqual(cst('2026-10-08T11:00:00'));
  });
});

describe('a daily deadline (repair progress every day before 16:00)', () => {
  const always: ServiceHours = { kind: 'always' };
  it('is today 16:00 in the morning, tomorrow once past', () => {
    expect(nextDailyDeadline(cst('2026-11-30T10:00:00'), '16:00', always, false)).toEqual(cst('2026-11-30T16:00:00'));
    expect(nextDailyDeadline(cst('2026-11-30T17:00:00'), '16:00', always, false)).toEqual(cst('2026-12-01T16:00:00'));
  });

  it("moves to tomorrow's 16:00 when today's progress was given, even at 10:00", () => {
    expect(nextDailyDeadline(cst('2026-11-30T10:00:00'), '16:00', always, true)).toEqual(cst('2026-12-01T16:00:00'));
    expect(dueAt(cst('2026-11-30T10:00:00'), { dailyBefore: '16:00' }, always, true)).toEqual(cst('2026-12-01T16:00:00'));
  });

  it('skips days off on a working-day calendar, but not a 调休 Saturday', () => {
    expect(nextDailyDeadline(cst('2026-10-09T10:00:00'), '16:00', office, true)).toEqual(cst('2026-10-10T16:00:00'));
    expect(nextDailyDeadline(cst('2026-10-10T10:00:00'), '16:00', office, true)).toEqual(cst('2026-10-12T16:00:00'));
  });
});

describe('warning, pause and resume', () => {
  it('warns at the share of service time, not of wall time', () => {
    const { dueAt: due, warnAt } = clockTimes({ hours: office, warnAtPercent: 80 }, { within: 10, unit: 'hours' }, cst('2026-12-01T09:00:00'));
    expect(due).toEqual(cst('2026-12-02T10:00:00')); // 9 h on Tuesday, 1 h on Wednesday
    expect(warnAt).toEqual(cst('2026-12-01T17:00:00')); // after 8 of the 10 hours
  });

  it('keeps the service time left while paused and spends it from the resume', () => {
    const due = cst('2026-12-01T12:00:00');
    const left = remainingOnPause(cst('2026-12-01T11:00:00'), due, office);
    expect(left).toBe(HOUR);
    // Resumed the next morning at 09:30: due at 10:30; the warning (after 3.2 h of a 4 h span, 3 h spent) at 09:42.
    const resumed = resumedTimes({ hours: office, warnAtPercent: 80 }, cst('2026-12-02T09:30:00'), left, 4 * HOUR);
    expect(resumed.dueAt).toEqual(cst('2026-12-02T10:30:00'));
    expect(resumed.warnAt).toEqual(cst('2026-12-02T09:42:00'));
    // With half an hour left of four, the warning point has passed: it is due at once.
    expect(resumedTimes({ hours: office, warnAtPercent: 80 }, cst('2026-12-02T09:30:00'), HOUR / 2, 4 * HOUR).warnAt).toEqual(
      cst('2026-12-02T09:30:00'),
    );
    const early = resumedTimes({ hours: office, warnAtPercent: 80 }, cst('2026-12-02T09:30:00'), 2 * HOUR, 4 * HOUR);
    expect(early.warnAt).toEqual(cst('2026-12-02T10:42:00'));
    expect(early.dueAt).toEqual(cst('2026-12-02T11:30:00'));
  });

  it('has nothing left when paused after the due time', () => {
    expect(remainingOnPause(cst('2026-12-01T13:00:00'), cst('2026-12-01T12:00:00'), office)).toBe(0);
  });

  it('raises priority one step at a time up to urgent', () => {
    expect(['low', 'normal', 'high', 'urgent'].map((p) => raisedPriority(p as 'low'))).toEqual(['normal', 'high', 'urgent', 'urgent']);
  });
});

describe('which policy applies', () => {
  it("uses DOMAIN.md's numbers: a critical complaint 5 min, a complaint 30 min, chats 30 s", () => {
    const critical = policyFor(policies, 'first_response', { ticketType: 'complaint', severity: 'critical' });
    expect(critical?.name).toBe('紧急投诉');
    expect(policyFor(policies, 'first_response', { ticketType: 'complaint', severity: 'minor' })?.targets.first_response).toEqual({
      within: 30,
      unit: 'minutes',
    });
    expect(policyFor(policies, 'first_feedback', { ticketType: 'complaint', severity: 'minor' })?.targets.first_feedback).toEqual({
      within: 2,
      unit: 'hours',
    });
    expect(policyFor(policies, 'chat_response', { channel: 'web' })?.targets.chat_response).toEqual({ within: 30, unit: 'seconds' });
  });

  it('falls through to a later policy for a metric the first match does not set', () => {
    // The complaint policies set no task target: the default does.
    expect(policyFor(policies, 'task_due', { ticketType: 'complaint' })?.name).toBe('默认');
  });

  it('skips disabled policies and needs every listed dimension to match', () => {
    const vip: SlaPolicy = {
      ...policies[4]!,
      id: 99,
      name: 'VIP',
      position: 5,
      match: { ...any, segments: ['vip'] },
      targets: { first_response: { within: 10, unit: 'minutes' } },
    };
    expect(policyFor([...policies, vip], 'first_response', { ticketType: 'consultation', segment: 'vip' })?.name).toBe('VIP');
    expect(policyFor([...policies, vip], 'first_response', { ticketType: 'consultation', segment: null })?.name).toBe('默认');
    expect(policyFor([...policies, { ...vip, enabled: false }], 'first_response', { ticketType: 'consultation', segment: 'vip' })?.name).toBe('默认');
  });
});

describe('overlapping policies', () => {
  const complaints = policies[1]!;
  it('accepts the default policies and a catch-all last', () => {
    for (const p of policies) expect(policyOverlaps(policies, p)).toBeNull();
  });

  it('refuses a policy an earlier one covers entirely for the same metric, naming the match', () => {
    const shadowed: SlaPolicy = {
      ...complaints,
      id: 50,
      name: '投诉-物流',
      position: 25,
      match: { ...any, ticketTypes: ['complaint'], categories: ['logistics'] },
    };
    expect(policyOverlaps(policies, shadowed)).toMatchObject({ field: 'match' });
    expect(policyOverlaps(policies, shadowed)!.message).toContain('投诉');
  });

  it('refuses moving a broad policy in front of narrower ones, naming the position', () => {
    expect(policyOverlaps(policies, { ...complaints, position: 5 })).toMatchObject({ field: 'position' });
  });

  it('accepts an overlapping policy that sets other metrics', () => {
    const periodic: SlaPolicy = { ...complaints, id: 51, name: '投诉定期更新', position: 25, targets: { periodic_update: { dailyBefore: '16:00' } } };
    expect(policyOverlaps(policies, periodic)).toBeNull();
  });
});
