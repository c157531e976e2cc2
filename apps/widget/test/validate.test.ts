import { describe, expect, it } from 'vitest';
import { pickLang, translator, errorKey } from '../src/i18n.ts';
import { normalizeOrderNo, normalizePhone, parseContact } from '../src/validate.ts';

describe('form checks', () => {
  it('phones: mainland mobiles (with +86, spaces, dashes) and + international numbers', () => {
    expect(normalizePhone('138 0013 8000')).toBe('13800138000');
    expect(normalizePhone('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizePhone('+85291234567')).toBe('+85291234567');
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('23800138000')).toBeNull();
  });
  it('contact: phone or e-mail in one field', () => {
    expect(parseContact('13800138000')).toEqual({ phone: '13800138000' });
    expect(parseContact(' li@example.com ')).toEqual({ email: 'li@example.com' });
    expect(parseContact('li@')).toBeNull();
    expect(parseContact('')).toBeNull();
  });
  it('order numbers', () => {
    expect(normalizeOrderNo(' 20261111 100123 ')).toBe('20261111100123');
    expect(normalizeOrderNo('TB-2026-001')).toBe('TB-2026-001');
    expect(normalizeOrderNo('订单')).toBeNull();
  });
});

describe('i18n', () => {
  it('Chinese by default, English on request, errors politely named', () => {
    expect(pickLang(undefined, null)).toBe('zh');
    expect(pickLang(undefined, 'en-US')).toBe('en');
    const zh = translator('zh');
    expect(zh('queue', { n: 3 })).toBe('正在排队，前面还有 3 人，请稍候');
    expect(zh(errorKey('rate_limited'))).toBe('发送太快了，请稍后再试');
    expect(zh(errorKey('something_new'))).toBe('出了点问题，请稍后再试');
    expect(translator('en')('serving', { name: '小美' })).toBe('小美 is helping you');
  });
});
