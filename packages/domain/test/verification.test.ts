import { describe, expect, it } from 'vitest';
import { chooseCodeDestination, codeState, mayIssueCode, maskEmail, maskPhone } from '../src/index.ts';

const now = new Date('2026-03-01T10:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('masking a destination', () => {
  it('shows a mobile number as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps little of a short number', () => {
    expect(maskPhone('88886666')).toBe('88****66');
    expect(maskPhone('123')).toBe('***');
  });

  it('shows an address as its first letter and domain', () => {
    expect(maskEmail('zhangsan@qq.com')).toBe('z***@qq.com');
    expect(maskEmail('z@qq.com')).toBe('z***@qq.com');
  });
});

describe('the state of a code', () => {
  const code = { expiresAt: ago(-60), usedAt: null, wrongTries: 0 };

  it('is live until it expires, is used, or has taken five wrong tries', () => {
    expect(codeState(code, now)).toBe('live');
    expect(codeState({ ...code, expiresAt: now }, now)).toBe('expired');
    expect(codeState({ ...code, usedAt: ago(5) }, now)).toBe('used');
    expect(codeState({ ...code, wrongTries: 4 }, now)).toBe('live');
    expect(codeState({ ...code, wrongTries: 5 }, now)).toBe('locked');
  });
});

describe('how often codes go out', () => {
  it('waits a minute between two codes of one visitor', () => {
    expect(mayIssueCode({ byVisitor: [ago(20)], byDestination: [ago(20)] }, now)).toEqual({ ok: false, limit: 'resend', retryAfterSeconds: 40 });
    expect(mayIssueCode({ byVisitor: [ago(61)], byDestination: [ago(61)] }, now)).toEqual({ ok: true });
  });

  it('allows five codes an hour per visitor', () => {
    const five = [ago(3000), ago(2000), ago(1000), ago(500), ago(100)];
    expect(mayIssueCode({ byVisitor: five, byDestination: [] }, now)).toEqual({ ok: false, limit: 'visitor', retryAfterSeconds: 600 });
    expect(mayIssueCode({ byVisitor: five.slice(1), byDestination: [] }, now)).toEqual({ ok: true });
  });

  it('allows five codes an hour per destination, whichever visitors asked', () => {
    const five = [ago(3500), ago(2000), ago(1000), ago(500), ago(100)];
    expect(mayIssueCode({ byVisitor: [], byDestination: five }, now)).toEqual({ ok: false, limit: 'destination', retryAfterSeconds: 100 });
  });
});

describe('where an order number sends its code', () => {
  const contacts = { phones: ['13812345678'], emails: ['z@qq.com'] };

  it('prefers the phone on file, then the address on file', () => {
    expect(chooseCodeDestination(contacts, { sms: true, email: true })).toEqual({ channel: 'sms', destination: '13812345678' });
    expect(chooseCodeDestination(contacts, { sms: false, email: true })).toEqual({ channel: 'email', destination: 'z@qq.com' });
  });

  it('says which channel is missing, or that there is no way to reach the customer', () => {
    expect(chooseCodeDestination({ phones: ['13812345678'], emails: [] }, { sms: false, email: true })).toEqual({ refused: 'sms_unavailable' });
    expect(chooseCodeDestination({ phones: [], emails: ['z@qq.com'] }, { sms: true, email: false })).toEqual({ refused: 'email_unavailable' });
    expect(chooseCodeDestination({ phones: [], emails: [] }, { sms: true, email: true })).toEqual({ refused: 'cannot_verify' });
  });
});
