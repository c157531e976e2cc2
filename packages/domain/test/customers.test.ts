import { describe, expect, it } from 'vitest';
import { mergeFields, normalizeEmail, normalizeIdentity, normalizePhone, sharedIdentities } from '../src/index.ts';

describe('identity normalization', () => {
  it('normalizes mainland mobile numbers written in different ways', () => {
    for (const raw of ['13800138000', '+86 138 0013 8000', '0086-138-0013-8000', '138-0013-8000']) {
      expect(normalizePhone(raw)).toBe('13800138000');
    }
  });

  it('rejects what is not a phone number', () => {
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('abc13800138000')).toBeNull();
    expect(normalizePhone('12800138000')).toBeNull();
  });

  it('keeps landlines with their area code', () => {
    expect(normalizePhone('0571-88886666')).toBe('057188886666');
  });

  it('lower-cases e-mails and rejects malformed ones', () => {
    expect(normalizeEmail(' Li.Na@QQ.com ')).toBe('li.na@qq.com');
    expect(normalizeEmail('li.na@qq')).toBeNull();
    expect(normalizeIdentity('taobao', '  小猫1001 ')).toBe('小猫1001');
    expect(normalizeIdentity('jd', '')).toBeNull();
  });
});

describe('de-duplication and merging', () => {
  it('finds the identities two customers share', () => {
    const shared = sharedIdentities(
      [
        { kind: 'phone', value: '13800138000' },
        { kind: 'email', value: 'a@b.cn' },
      ],
      [
        { kind: 'phone', value: '13800138000' },
        { kind: 'taobao', value: 'a@b.cn' },
      ],
    );
    expect(shared).toEqual([{ kind: 'phone', value: '13800138000' }]);
  });

  it("keeps the target's values, fills its gaps, unites lists", () => {
    const merged = mergeFields(
      { gender: 'female', birthday: null as string | null, tags: ['老顾客'], agent: null as number | null },
      { gender: 'male', birthday: '1990-05-01', tags: ['大码', '老顾客'], agent: 3 },
    );
    expect(merged).toEqual({ gender: 'female', birthday: '1990-05-01', tags: ['老顾客', '大码'], agent: 3 });
  });
});
