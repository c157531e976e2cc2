import { describe, expect, it } from 'vitest';
import {
  answerRefusal,
  CSAT_GOAL,
  csatShare,
  DEFAULT_SURVEY_SETTINGS,
  meetsCsatGoal,
  responseRate,
  surveyDueAt,
  surveyExpiresAt,
  surveyLink,
  surveyStateAt,
} from '../src/index.ts';

const sentAt = new Date('2026-11-30T02:00:00Z');

describe('survey expiry', () => {
  it('expires 7 days after sending by default', () => {
    expect(surveyExpiresAt(sentAt, DEFAULT_SURVEY_SETTINGS.expiryDays).toISOString()).toBe('2026-12-07T02:00:00.000Z');
  });

  it('counts a sent survey past its expiry as expired, and nothing else', () => {
    const expiresAt = surveyExpiresAt(sentAt, 7);
    expect(surveyStateAt({ state: 'sent', expiresAt }, new Date('2026-12-07T01:59:59Z'))).toBe('sent');
    expect(surveyStateAt({ state: 'sent', expiresAt }, new Date('2026-12-07T02:00:00Z'))).toBe('expired');
    expect(surveyStateAt({ state: 'answered', expiresAt }, new Date('2027-01-01T00:00:00Z'))).toBe('answered');
  });

  it('takes an answer only while open: once, before expiry', () => {
    const expiresAt = surveyExpiresAt(sentAt, 7);
    const before = new Date('2026-12-01T00:00:00Z');
    expect(answerRefusal({ state: 'sent', expiresAt }, before)).toBeNull();
    expect(answerRefusal({ state: 'answered', expiresAt }, before)).toBe('survey_answered');
    expect(answerRefusal({ state: 'sent', expiresAt }, new Date('2026-12-08T00:00:00Z'))).toBe('survey_expired');
    expect(answerRefusal({ state: 'expired', expiresAt }, before)).toBe('survey_expired');
    expect(answerRefusal({ state: 'pending', expiresAt: null }, before)).toBe('not_found');
    expect(answerRefusal({ state: 'skipped', expiresAt: null }, before)).toBe('not_found');
  });

  it('goes out after the delay', () => {
    expect(surveyDueAt(sentAt, { delayMinutes: 90 }).toISOString()).toBe('2026-11-30T03:30:00.000Z');
  });
});

describe('CSAT and response rate', () => {
  it('is the share of 4 and 5 stars among answers', () => {
    expect(csatShare([1, 0, 1, 3, 5])).toBe(0.8);
    expect(csatShare([0, 0, 0, 0, 0])).toBeNull();
    expect(csatShare([0, 0, 0, 1, 0])).toBe(1);
  });

  it('is judged against the 90% goal', () => {
    expect(CSAT_GOAL).toBe(0.9);
    expect(meetsCsatGoal(0.9)).toBe(true);
    expect(meetsCsatGoal(0.89)).toBe(false);
    expect(meetsCsatGoal(null)).toBeNull();
  });

  it('answers among the surveys sent', () => {
    expect(responseRate({ sent: 8, answered: 2, expired: 3 })).toBe(0.25);
    expect(responseRate({ sent: 0, answered: 0, expired: 0 })).toBeNull();
  });

  it('builds the link from the shop address, or relative', () => {
    expect(surveyLink('https://kefu.example.cn/', 'abc-_1')).toBe('https://kefu.example.cn/s/abc-_1');
    expect(surveyLink('', 'abc')).toBe('/s/abc');
  });
});
