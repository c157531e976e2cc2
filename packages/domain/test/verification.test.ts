import { describe, expect, it } from 'vitest';
import {
  chooseCodeDestination,
  codeRouteUnavailable,
  codeState,
  destinationOpen,
  mayRequestCode,
  maskEmail,
  maskPhone,
  sendsNewCode,
  windowRetryAfter,
} from '../src/index.ts';

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

const limits = { perIpPerHour: 20, perShopPerMinute: 10, perShopPerHour: 100 };
const none = { byVisitor: [], byIp: [], byShop: [] };
const times = (n: number, everySeconds: number) => Array.from({ length: n }, (_, i) => ago(10 + i * everySeconds));

describe('a sliding window', () => {
  it('says when the events weigh less than the limit again', () => {
    const events = [
      { at: ago(3000), count: 4 },
      { at: ago(1000), count: 6 },
    ];
    expect(windowRetryAfter(events, 11, 3600, now)).toBeNull();
    expect(windowRetryAfter(events, 10, 3600, now)).toBe(600);
    expect(windowRetryAfter(events, 6, 3600, now)).toBe(2600);
    expect(windowRetryAfter([{ at: ago(3600), count: 99 }], 1, 3600, now)).toBeNull();
  });
});

describe('whether a request for a code is taken', () => {
  it('waits a minute between two requests of one visitor', () => {
    expect(mayRequestCode({ ...none, byVisitor: [ago(20)] }, limits, now)).toEqual({ ok: false, limit: 'resend', retryAfterSeconds: 40 });
    expect(mayRequestCode({ ...none, byVisitor: [ago(61)] }, limits, now)).toEqual({ ok: true });
  });

  it('allows five requests an hour per visitor', () => {
    const five = [ago(3000), ago(2000), ago(1000), ago(500), ago(100)];
    expect(mayRequestCode({ ...none, byVisitor: five }, limits, now)).toEqual({ ok: false, limit: 'visitor', retryAfterSeconds: 600 });
    expect(mayRequestCode({ ...none, byVisitor: five.slice(1) }, limits, now)).toEqual({ ok: true });
  });

  it('caps requests per client address, whatever visitors they come from', () => {
    expect(mayRequestCode({ ...none, byIp: times(20, 100) }, limits, now)).toMatchObject({ ok: false, limit: 'ip' });
    expect(mayRequestCode({ ...none, byIp: times(19, 100) }, limits, now)).toEqual({ ok: true });
  });

  it('caps requests per shop per minute and per hour, from anyone', () => {
    expect(mayRequestCode({ ...none, byShop: times(10, 1) }, limits, now)).toMatchObject({ ok: false, limit: 'shop_minute' });
    expect(mayRequestCode({ ...none, byShop: times(100, 30) }, limits, now)).toMatchObject({ ok: false, limit: 'shop_hour' });
    expect(mayRequestCode({ ...none, byShop: times(99, 30) }, limits, now)).toEqual({ ok: true });
  });
});

describe('whether a request sends a new code to its destination', () => {
  it('sends one unless a code went there in the last minute or five unused ones this hour', () => {
    expect(sendsNewCode([], now)).toBe(true);
    expect(sendsNewCode([ago(30)], now)).toBe(false);
    expect(sendsNewCode([ago(61)], now)).toBe(true);
    const fiveUnused = [ago(70), ago(700), ago(1300), ago(1900), ago(2500)];
    expect(sendsNewCode(fiveUnused, now)).toBe(false);
    expect(sendsNewCode(fiveUnused.slice(1), now)).toBe(true);
  });
});

describe('whether a code may be accepted for a destination', () => {
  it('not after ten wrong tries against it this hour, from everyone together', () => {
    expect(
      destinationOpen(
        [
          { at: ago(100), count: 5 },
          { at: ago(50), count: 4 },
        ],
        now,
      ),
    ).toBe(true);
    expect(
      destinationOpen(
        [
          { at: ago(100), count: 5 },
          { at: ago(50), count: 5 },
        ],
        now,
      ),
    ).toBe(false);
    expect(
      destinationOpen(
        [
          { at: ago(3700), count: 5 },
          { at: ago(50), count: 5 },
        ],
        now,
      ),
    ).toBe(true);
  });
});

describe('whether codes can go out at all', () => {
  it('is decided by the configuration alone', () => {
    expect(codeRouteUnavailable('phone', { sms: false, email: true })).toBe('sms_unavailable');
    expect(codeRouteUnavailable('email', { sms: true, email: false })).toBe('email_unavailable');
    expect(codeRouteUnavailable('orderNo', { sms: false, email: false })).toBe('codes_unavailable');
    expect(codeRouteUnavailable('orderNo', { sms: false, email: true })).toBeNull();
  });
});

describe('where an order number sends its code', () => {
  const contacts = { phones: ['13812345678'], emails: ['z@qq.com'] };

  it('prefers the phone on file, then the address on file', () => {
    expect(chooseCodeDestination(contacts, { sms: true, email: true })).toEqual({ channel: 'sms', destination: '13812345678' });
    expect(chooseCodeDestination(contacts, { sms: false, email: true })).toEqual({ channel: 'email', destination: 'z@qq.com' });
  });

  it('is nowhere when no contact on file can be reached', () => {
    expect(chooseCodeDestination({ phones: ['13812345678'], emails: [] }, { sms: false, email: true })).toBeNull();
    expect(chooseCodeDestination({ phones: [], emails: [] }, { sms: true, email: true })).toBeNull();
  });
});
