import { describe, expect, it } from 'vitest';
import {
  birthdayDaysIn,
  birthdayKeysOn,
  CareDateError,
  codesIn,
  expiryDay,
  holidayDay,
  holidaysOf,
  holidaysOn,
  isFirstOrderAnniversary,
  lunarBirthdayIn,
  lunarToSolar,
  nextBirthday,
  parseMonthDay,
  presaleNoticeOn,
  renderCare,
  solarToLunar,
  templateProblem,
  timingProblem,
  validityProblem,
  yuanText,
} from '../src/index.ts';

describe('lunar birthdays', () => {
  it('converts a lunar birthday to its Gregorian day in 2026 and 2027', () => {
    // 农历八月十五 (a 中秋 birthday) and 农历正月初一
    expect(birthdayDaysIn('1990-08-15', true, 2026)).toEqual(['2026-09-25']);
    expect(birthdayDaysIn('1990-08-15', true, 2027)).toEqual(['2027-09-15']);
    expect(birthdayDaysIn('1985-01-01', true, 2026)).toEqual(['2026-02-17']);
    expect(birthdayDaysIn('1985-01-01', true, 2027)).toEqual(['2027-02-06']);
  });

  it('finds a 腊月 birthday of the previous lunar year in January', () => {
    // 农历2026年腊月十三 is 2027-01-20; in Gregorian 2026 the 腊月十三 of lunar 2025 falls in January too.
    expect(lunarBirthdayIn(2026, 12, 13)).toBe('2027-01-20');
    const in2027 = birthdayDaysIn('1970-12-13', true, 2027);
    expect(in2027).toContain('2027-01-20');
    expect(in2027.every((d) => d.startsWith('2027-'))).toBe(true);
  });

  it('keeps a 30th on the 29th when the lunar month is short that year', () => {
    // 农历2025年腊月 has 29 days: a 腊月三十 birthday is kept on 腊月廿九, the eve of 春节 2026.
    expect(lunarBirthdayIn(2025, 12, 30)).toBe('2026-02-16');
    expect(() => lunarToSolar({ year: 2025, month: 12, day: 30 })).toThrow(CareDateError);
    // and the lookup on that day finds both the 29th and the 30th
    expect(birthdayKeysOn('2026-02-16').lunar).toEqual(['12-29', '12-30']);
  });

  it('refuses 2月30日 where lunar February is short, and a leap month the year does not have', () => {
    expect(() => lunarToSolar({ year: 2026, month: 2, day: 30 })).toThrow(/只有29天/);
    expect(() => lunarToSolar({ year: 2026, month: 6, day: 1, leap: true })).toThrow(/没有闰6月/);
    expect(() => lunarBirthdayIn(2026, 13, 1)).toThrow(CareDateError);
  });

  it('keeps a leap-month birthday in the ordinary month, and none on a leap-month day', () => {
    // 2025 has a 闰六月: 2025-08-08 is 闰六月十五. The ordinary 六月十五 was 2025-07-09.
    expect(solarToLunar('2025-08-08')).toMatchObject({ month: 6, day: 15, leap: true });
    expect(lunarToSolar({ year: 2025, month: 6, day: 15, leap: true })).toBe('2025-08-08');
    expect(lunarBirthdayIn(2025, 6, 15)).toBe('2025-07-09');
    expect(birthdayKeysOn('2025-08-08').lunar).toEqual([]);
    expect(birthdayKeysOn('2025-07-09').lunar).toEqual(['06-15']);
  });

  it('looks up lunar and Gregorian keys for the same day', () => {
    expect(birthdayKeysOn('2026-09-25')).toEqual({ solar: ['09-25'], lunar: ['08-15'] });
  });

  it('finds the next birthday from a day, across the new year', () => {
    expect(nextBirthday('1990-08-15', true, '2026-11-30')).toBe('2027-09-15');
    expect(nextBirthday('1990-12-05', false, '2026-11-30')).toBe('2026-12-05');
    expect(nextBirthday('1990-11-30', false, '2026-11-30')).toBe('2026-11-30');
  });
});

describe('Gregorian birthdays', () => {
  it('keeps 2/29 on 2/28 in a common year and on 2/29 in a leap year', () => {
    expect(birthdayDaysIn('2000-02-29', false, 2026)).toEqual(['2026-02-28']);
    expect(birthdayDaysIn('2000-02-29', false, 2028)).toEqual(['2028-02-29']);
    expect(birthdayKeysOn('2026-02-28').solar).toEqual(['02-28', '02-29']);
    expect(birthdayKeysOn('2028-02-28').solar).toEqual(['02-28']);
  });

  it('refuses month-days that do not exist', () => {
    expect(() => parseMonthDay('02-30')).toThrow(/2月30日 does not exist/);
    expect(() => parseMonthDay('13-01')).toThrow(CareDateError);
    expect(() => parseMonthDay('6-18')).toThrow(CareDateError);
    expect(parseMonthDay('02-29')).toEqual({ month: 2, day: 29 });
  });
});

describe('holidays', () => {
  it('computes the lunar holidays of 2026 and 2027', () => {
    expect(holidayDay('spring_festival', 2026)).toBe('2026-02-17');
    expect(holidayDay('new_year_eve', 2026)).toBe('2026-02-16');
    expect(holidayDay('lantern', 2026)).toBe('2026-03-03');
    expect(holidayDay('dragon_boat', 2026)).toBe('2026-06-19');
    expect(holidayDay('qixi', 2026)).toBe('2026-08-19');
    expect(holidayDay('mid_autumn', 2026)).toBe('2026-09-25');
    expect(holidayDay('double_ninth', 2026)).toBe('2026-10-18');
    expect(holidayDay('spring_festival', 2027)).toBe('2027-02-06');
    expect(holidayDay('new_year_eve', 2027)).toBe('2027-02-05');
    expect(holidayDay('lantern', 2027)).toBe('2027-02-20');
    expect(holidayDay('dragon_boat', 2027)).toBe('2027-06-09');
    expect(holidayDay('qixi', 2027)).toBe('2027-08-08');
    expect(holidayDay('mid_autumn', 2027)).toBe('2027-09-15');
    expect(holidayDay('double_ninth', 2027)).toBe('2027-10-08');
  });

  it('keeps the fixed holidays on their Gregorian days, and lists a year in order', () => {
    expect(holidayDay('national_day', 2027)).toBe('2027-10-01');
    expect(holidayDay('new_year', 2027)).toBe('2027-01-01');
    const year = holidaysOf(2026);
    expect(year[0]).toEqual({ key: 'new_year', name: '元旦', day: '2026-01-01' });
    expect(year.map((h) => h.day)).toEqual([...year.map((h) => h.day)].sort());
    expect(holidaysOn('2026-09-25')).toEqual(['mid_autumn']);
    expect(holidaysOn('2026-09-24')).toEqual([]);
  });
});

describe('pre-sales and anniversaries', () => {
  it('announces 618 and 双11 the set number of days ahead', () => {
    expect(presaleNoticeOn('2026-06-15', '06-18', 3)).toBe(true);
    expect(presaleNoticeOn('2026-06-14', '06-18', 3)).toBe(false);
    expect(presaleNoticeOn('2026-11-04', '11-11', 7)).toBe(true);
    expect(presaleNoticeOn('2026-11-11', '11-11', 0)).toBe(true);
    expect(() => presaleNoticeOn('2026-11-04', '11-31', 7)).toThrow(CareDateError);
  });

  it('finds a first order anniversary only in later years', () => {
    expect(isFirstOrderAnniversary('2025-11-30', '2026-11-30')).toBe(true);
    expect(isFirstOrderAnniversary('2026-11-30', '2026-11-30')).toBe(false);
    expect(isFirstOrderAnniversary('2024-02-29', '2026-02-28')).toBe(true);
    expect(isFirstOrderAnniversary('2025-11-29', '2026-11-30')).toBe(false);
  });
});

describe('campaign rules', () => {
  it('refuses unknown variables and coupon variables without a coupon', () => {
    expect(templateProblem('亲爱的{{name}}，生日快乐！', false)).toBeNull();
    expect(templateProblem('{{name}} 送您 {{couponAmount}} 元券 {{couponCode}}', true)).toBeNull();
    expect(templateProblem('{{nmae}} 生日快乐', false)).toMatch(/\{\{nmae\}\}/);
    expect(templateProblem('{{couponCode}}', false)).toMatch(/needs a coupon/);
    expect(templateProblem('{{name', false)).toMatch(/not closed/);
  });

  it('renders a greeting', () => {
    expect(renderCare('{{name}}，{{shopName}}送您{{couponAmount}}元券', { name: '小王', shopName: '好物店', couponAmount: '20' })).toBe(
      '小王，好物店送您20元券',
    );
    expect(yuanText(2000)).toBe('20');
    expect(yuanText(1990)).toBe('19.90');
  });

  it('checks timing per occasion', () => {
    expect(timingProblem({ occasion: 'holiday', holiday: null, eventMonthDay: null, daysAhead: 0 })?.[0]).toBe('holiday');
    expect(timingProblem({ occasion: 'presale', holiday: null, eventMonthDay: '02-30', daysAhead: 3 })).toEqual([
      'eventMonthDay',
      '2月30日 does not exist',
    ]);
    expect(timingProblem({ occasion: 'birthday', holiday: null, eventMonthDay: null, daysAhead: -1 })?.[0]).toBe('daysAhead');
    expect(timingProblem({ occasion: 'presale', holiday: null, eventMonthDay: '11-11', daysAhead: 7 })).toBeNull();
  });
});

describe('coupon rules', () => {
  it('wants fixed dates or days from the grant', () => {
    expect(validityProblem({ validFrom: null, validUntil: null, validDays: null })?.[0]).toBe('validDays');
    expect(validityProblem({ validFrom: '2026-12-01', validUntil: null, validDays: null })?.[0]).toBe('validUntil');
    expect(validityProblem({ validFrom: '2026-12-10', validUntil: '2026-12-01', validDays: null })?.[0]).toBe('validUntil');
    expect(validityProblem({ validFrom: '2026-12-01', validUntil: '2026-12-31', validDays: 7 })?.[0]).toBe('validDays');
    expect(validityProblem({ validFrom: null, validUntil: null, validDays: 30 })).toBeNull();
    expect(expiryDay({ validFrom: null, validUntil: null, validDays: 30 }, '2026-11-30')).toBe('2026-12-29');
    expect(expiryDay({ validFrom: '2026-12-01', validUntil: '2026-12-31', validDays: null }, '2026-11-30')).toBe('2026-12-31');
  });

  it('finds codes in an order coupon field', () => {
    expect(codesIn('店铺券 ab12-CD34-ef56-7890，另 AB12-CD34-EF56-7890')).toEqual(['AB12-CD34-EF56-7890']);
    expect(codesIn('满200减20')).toEqual([]);
    expect(codesIn(null)).toEqual([]);
  });
});
