import { describe, expect, it } from 'vitest';
import { describeSchedule, nextRun, parseSchedule, type Schedule } from '../src/index.ts';

/** A China-time wall clock reading as an instant. */
const cst = (wall: string) => new Date(`${wall}+08:00`);
const next = (text: string, after: string) => nextRun(parseSchedule(text)!, cst(after)).toISOString();

describe('next run of a calendar schedule (China time)', () => {
  it('runs daily 09:00 China time, which is 01:00 UTC', () => {
    expect(next('daily 09:00', '2026-03-02T08:59:59')).toBe(cst('2026-03-02T09:00:00').toISOString());
    expect(next('daily 09:00', '2026-03-02T08:59:59')).toBe('2026-03-02T01:00:00.000Z');
  });

  it('counts the day in China time across UTC midnight', () => {
    // 2026-03-02 23:30 UTC is already 07:30 on the 3rd in China: 09:00 the same China day, not the next.
    expect(nextRun(parseSchedule('daily 09:00')!, new Date('2026-03-02T23:30:00Z')).toISOString()).toBe('2026-03-03T01:00:00.000Z');
    // 07:00 China time on the 3rd is 23:00 UTC on the 2nd.
    expect(next('daily 07:00', '2026-03-02T08:00:00')).toBe('2026-03-02T23:00:00.000Z');
  });

  it('is strictly after: a slot at the instant itself is the previous run', () => {
    expect(next('Fri 17:00', '2026-03-06T17:00:00')).toBe(cst('2026-03-13T17:00:00').toISOString());
    expect(next('Fri 17:00', '2026-03-06T16:59:59.999')).toBe(cst('2026-03-06T17:00:00').toISOString());
    expect(next('daily 09:00', '2026-03-02T09:00:00')).toBe(cst('2026-03-03T09:00:00').toISOString());
  });

  it('finds the weekday from any day of the week, including Friday after 17:00', () => {
    expect(next('Fri 17:00', '2026-03-02T10:00:00')).toBe(cst('2026-03-06T17:00:00').toISOString()); // Monday
    expect(next('Fri 17:00', '2026-03-06T17:00:01')).toBe(cst('2026-03-13T17:00:00').toISOString());
    expect(next('Sun 00:00', '2026-03-07T23:59:00')).toBe(cst('2026-03-08T00:00:00').toISOString());
  });

  it('runs monthly on the 1st, rolling over the year', () => {
    expect(next('1st of month 08:00', '2026-03-01T08:00:00')).toBe(cst('2026-04-01T08:00:00').toISOString());
    expect(next('1st of month 08:00', '2026-12-15T00:00:00')).toBe(cst('2027-01-01T08:00:00').toISOString());
    // 1 April 08:00 China time is 31 March 00:00 UTC.
    expect(next('1st of month 08:00', '2026-03-31T23:00:00')).toBe('2026-04-01T00:00:00.000Z');
  });

  it('runs a day past the month end on its last day, leap years included', () => {
    expect(next('31st of month 12:00', '2026-04-01T00:00:00')).toBe(cst('2026-04-30T12:00:00').toISOString());
    expect(next('31st of month 12:00', '2026-04-30T12:00:00')).toBe(cst('2026-05-31T12:00:00').toISOString());
    expect(next('30th of month 12:00', '2026-02-01T00:00:00')).toBe(cst('2026-02-28T12:00:00').toISOString());
    expect(next('30th of month 12:00', '2028-02-01T00:00:00')).toBe(cst('2028-02-29T12:00:00').toISOString());
  });

  it('skips weekends and public holidays on working days only, and runs on adjusted working weekends (调休)', () => {
    // Friday → Monday.
    expect(next('daily 09:00 on working days', '2026-03-06T10:00:00')).toBe(cst('2026-03-09T09:00:00').toISOString());
    // National Day: 1–7 October 2026 off.
    expect(next('daily 09:00 on working days', '2026-09-30T10:00:00')).toBe(cst('2026-10-08T09:00:00').toISOString());
    // Saturday 14 February 2026 is a working day before the Spring Festival.
    expect(next('daily 09:00 on working days', '2026-02-13T10:00:00')).toBe(cst('2026-02-14T09:00:00').toISOString());
  });
});

describe('next run of an interval', () => {
  it('is the interval after the given instant', () => {
    const after = new Date('2026-03-02T00:00:00Z');
    expect(nextRun({ kind: 'interval', everyMs: 2000 }, after).toISOString()).toBe('2026-03-02T00:00:02.000Z');
    expect(next('every 10m', '2026-03-02T23:55:00')).toBe(cst('2026-03-03T00:05:00').toISOString());
  });
});

describe('writing and reading a schedule', () => {
  it('reads each form and writes it back the same', () => {
    for (const text of [
      'every 2s',
      'every 10m',
      'every 1h',
      'every 1500ms',
      'daily 09:00',
      'daily 09:00 on working days',
      'Fri 17:00',
      'Mon 00:05',
      '1st of month 08:00',
      '2nd of month 08:00',
      '3rd of month 23:59',
      '11th of month 08:00',
      '22nd of month 08:00',
      '31st of month 08:00',
    ]) {
      expect(describeSchedule(parseSchedule(text)!)).toBe(text);
    }
  });

  it('writes intervals in the largest whole unit', () => {
    const every = (everyMs: number): Schedule => ({ kind: 'interval', everyMs });
    expect(describeSchedule(every(2000))).toBe('every 2s');
    expect(describeSchedule(every(120_000))).toBe('every 2m');
    expect(describeSchedule(every(90_000))).toBe('every 90s');
  });

  it('refuses what is not a schedule or out of range', () => {
    for (const text of [
      '',
      'daily',
      'daily 24:00',
      'daily 09:60',
      'daily 9:00',
      'Friday 17:00',
      'fri 17:00',
      'every 0s',
      'every 2d',
      '0th of month 08:00',
      '32nd of month 08:00',
      '1th of month 08:00',
      '11st of month 08:00',
      'Fri 17:00 on working days',
    ]) {
      expect(parseSchedule(text), text).toBeNull();
    }
  });
});
