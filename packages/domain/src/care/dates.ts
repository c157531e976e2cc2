import chineseDays from 'chinese-days';
import { addDays } from '../reports/kpi-targets.ts';

/**
 * Care dates (DOMAIN §5): birthdays on the Gregorian or the lunar calendar, Chinese holidays (the lunar ones
 * computed for each year), first-order anniversaries and the shop's pre-sale campaigns. Days are China-time
 * calendar days written YYYY-MM-DD; a month-day is MM-DD.
 */

/** A date a person gave that cannot be a care date (2月30日, a leap month the year does not have). */
export class CareDateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CareDateError';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const SOLAR_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Checks a Gregorian month-day (MM-DD) a birthday or a campaign can fall on: 02-29 is allowed, 02-30 is not. */
export function parseMonthDay(text: string): { month: number; day: number } {
  const m = /^(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new CareDateError(`"${text}" is not a month-day like 06-18`);
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12) throw new CareDateError(`${month}月 is not a month`);
  if (day < 1 || day > SOLAR_MONTH_DAYS[month - 1]!) throw new CareDateError(`${month}月${day}日 does not exist`);
  return { month, day };
}

/** A lunar date (农历) of lunar year `year`: month 1–12, `leap` for the leap month (闰月) of that number. */
export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap?: boolean;
}

/** Days in lunar month `month` of lunar year `year` (29 or 30), or of its leap month. */
export function lunarMonthDays(year: number, month: number, leap = false): number {
  if (!leap) return chineseDays.monthDays(year, month);
  const info = chineseDays.getYearLeapMonth(year);
  if (info.leapMonth !== month) throw new CareDateError(`农历${year}年没有闰${month}月`);
  return info.days;
}

/** The Gregorian day of an exact lunar date; refuses a day the month does not have and a leap month the year lacks. */
export function lunarToSolar(d: LunarDate): string {
  if (!Number.isInteger(d.month) || d.month < 1 || d.month > 12) throw new CareDateError(`农历${d.month}月 is not a month`);
  const days = lunarMonthDays(d.year, d.month, d.leap);
  if (!Number.isInteger(d.day) || d.day < 1 || d.day > days) {
    throw new CareDateError(`农历${d.year}年${d.leap ? '闰' : ''}${d.month}月只有${days}天，没有${d.day}日`);
  }
  const found = chineseDays.getSolarDateFromLunar(`${d.year}-${pad(d.month)}-${pad(d.day)}`);
  return d.leap ? found.leapMonthDate! : found.date;
}

/** Today's lunar date. */
export function solarToLunar(day: string): LunarDate & { leap: boolean } {
  const l = chineseDays.getLunarDate(day);
  return { year: l.lunarYear, month: l.lunarMon, day: l.lunarDay, leap: l.isLeap };
}

/**
 * The day a lunar birthday (month-day, from any year) is kept in lunar year `year`. Two rules the family
 * usually follows: a birthday on the 30th is kept on the 29th when the month is short that year, and a birthday in
 * a leap month is kept in the ordinary month of that number (which every year has).
 */
export function lunarBirthdayIn(year: number, month: number, day: number): string {
  if (month < 1 || month > 12 || day < 1 || day > 30) throw new CareDateError(`农历${month}月${day}日 is not a lunar date`);
  return lunarToSolar({ year, month, day: Math.min(day, lunarMonthDays(year, month)) });
}

/**
 * The Gregorian days in Gregorian year `year` on which a birthday (a stored YYYY-MM-DD, of which the month and day
 * count) is kept. Gregorian 02-29 is kept on 02-28 in other years. A lunar birthday late in the lunar year falls in
 * the next Gregorian January or February, so a Gregorian year holds zero, one or two of them.
 */
export function birthdayDaysIn(birthday: string, lunar: boolean, year: number): string[] {
  const { month, day } = parseMonthDay(birthday.slice(5, 10));
  if (!lunar) return [`${year}-${pad(month)}-${pad(month === 2 && day === 29 && !isLeapYear(year) ? 28 : day)}`];
  return [year - 1, year].map((y) => lunarBirthdayIn(y, month, day)).filter((d) => d.startsWith(`${year}-`));
}

/** The next day on or after `from` a birthday is kept. */
export function nextBirthday(birthday: string, lunar: boolean, from: string): string {
  const year = Number(from.slice(0, 4));
  return [...birthdayDaysIn(birthday, lunar, year), ...birthdayDaysIn(birthday, lunar, year + 1)].find((d) => d >= from)!;
}

/**
 * The stored birthday month-days (MM-DD) kept on `day`, for a set-based lookup: Gregorian ones, and lunar ones
 * read as lunar month-days. On 02-28 of a common year 02-29 is kept too; on the 29th of a short lunar month, the
 * 30th; in a leap month no lunar birthday is kept (it was in the ordinary month).
 */
export function birthdayKeysOn(day: string): { solar: string[]; lunar: string[] } {
  const year = Number(day.slice(0, 4));
  const md = day.slice(5);
  const solar = md === '02-28' && !isLeapYear(year) ? [md, '02-29'] : [md];
  const l = solarToLunar(day);
  if (l.leap) return { solar, lunar: [] };
  const key = `${pad(l.month)}-${pad(l.day)}`;
  const short = l.day === 29 && lunarMonthDays(l.year, l.month) === 29;
  // A stored date cannot be 02-30, so a lunar 2月30日 birthday cannot be on file to look for.
  return { solar, lunar: short && l.month !== 2 ? [key, `${pad(l.month)}-30`] : [key] };
}

export const HOLIDAYS = {
  new_year: { name: '元旦', calendar: 'solar', month: 1, day: 1 },
  new_year_eve: { name: '除夕', calendar: 'lunar', month: 12, day: 0 },
  spring_festival: { name: '春节', calendar: 'lunar', month: 1, day: 1 },
  lantern: { name: '元宵节', calendar: 'lunar', month: 1, day: 15 },
  womens_day: { name: '妇女节', calendar: 'solar', month: 3, day: 8 },
  labour_day: { name: '劳动节', calendar: 'solar', month: 5, day: 1 },
  dragon_boat: { name: '端午节', calendar: 'lunar', month: 5, day: 5 },
  qixi: { name: '七夕', calendar: 'lunar', month: 7, day: 7 },
  mid_autumn: { name: '中秋节', calendar: 'lunar', month: 8, day: 15 },
  double_ninth: { name: '重阳节', calendar: 'lunar', month: 9, day: 9 },
  national_day: { name: '国庆节', calendar: 'solar', month: 10, day: 1 },
} as const;
export type HolidayKey = keyof typeof HOLIDAYS;
export const HOLIDAY_KEYS = Object.keys(HOLIDAYS) as HolidayKey[];

/** The Gregorian day of a holiday in Gregorian year `year`; 除夕 is the day before 春节 (the 29th or the 30th of 腊月). */
export function holidayDay(key: HolidayKey, year: number): string {
  const h = HOLIDAYS[key];
  if (key === 'new_year_eve') return addDays(holidayDay('spring_festival', year), -1);
  if (h.calendar === 'solar') return `${year}-${pad(h.month)}-${pad(h.day)}`;
  return lunarToSolar({ year, month: h.month, day: h.day });
}

/** Every holiday of a Gregorian year, by date. */
export function holidaysOf(year: number): { key: HolidayKey; name: string; day: string }[] {
  return HOLIDAY_KEYS.map((key) => ({ key, name: HOLIDAYS[key].name, day: holidayDay(key, year) })).sort((a, b) => a.day.localeCompare(b.day));
}

/** The holidays on `day`. */
export function holidaysOn(day: string): HolidayKey[] {
  return HOLIDAY_KEYS.filter((key) => holidayDay(key, Number(day.slice(0, 4))) === day);
}

/**
 * Whether a pre-sale campaign (618, 双11: the event on month-day `eventMonthDay` every year) is announced on `day`,
 * `daysAhead` days before the event.
 */
export function presaleNoticeOn(day: string, eventMonthDay: string, daysAhead: number): boolean {
  parseMonthDay(eventMonthDay);
  return addDays(day, daysAhead).slice(5) === eventMonthDay;
}

/** A first order on `firstOrderDay` has its anniversary on `day` (whole years later; 02-29 kept on 02-28). */
export function isFirstOrderAnniversary(firstOrderDay: string, day: string): boolean {
  const years = Number(day.slice(0, 4)) - Number(firstOrderDay.slice(0, 4));
  return years >= 1 && birthdayDaysIn(firstOrderDay, false, Number(day.slice(0, 4)))[0] === day;
}
