import chineseDays from 'chinese-days';

export type BirthdayProblem = 'future' | 'too_old' | 'lunar_day';

/**
 * Whether a birthday (YYYY-MM-DD, already a real Gregorian date) can be kept: not in the future, not before 1900;
 * a lunar (农历) one is the lunar year, month and day, so the day must exist in that lunar month (many have 29 days),
 * and it must fall within the library's lunar tables. Null when it is fine.
 */
export function birthdayProblem(birthday: string, lunar: boolean, today: string): BirthdayProblem | null {
  const [year, month, day] = birthday.split('-').map(Number) as [number, number, number];
  if (year < 1900) return 'too_old';
  if (!lunar) return birthday > today ? 'future' : null;
  if (year > 2100 || day > chineseDays.monthDays(year, month)) return 'lunar_day';
  const solar = chineseDays.getSolarDateFromLunar(birthday).date;
  return solar > today ? 'future' : null;
}

const LUNAR_MONTHS = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];
const TENS = ['初', '十', '廿', '三'];
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A lunar birthday as people say it: '1990-08-15' → '八月十五', '…-01-01' → '正月初一', '…-12-20' → '腊月二十'. */
export function lunarMonthDay(birthday: string): string {
  const [, month, day] = birthday.split('-').map(Number) as [number, number, number];
  const dayText = day === 10 ? '初十' : day === 20 ? '二十' : day === 30 ? '三十' : `${TENS[Math.floor(day / 10)]}${DIGITS[day % 10]}`;
  return `${LUNAR_MONTHS[month - 1]}月${dayText}`;
}
