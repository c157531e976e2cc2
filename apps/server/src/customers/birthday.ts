import { birthdayProblem, chinaDate } from '@kefu/domain';
import { badRequest } from '../http/errors.ts';

const REASONS = {
  future: 'is after today',
  too_old: 'is before 1900',
  lunar_day: 'no such day in that lunar month (农历: a month has 29 or 30 days)',
} as const;

/** Refuses a birthday that cannot be someone's: in the future, before 1900, a lunar day its month does not have. */
export function assertBirthday(birthday: string | null | undefined, lunar: boolean, now = new Date()) {
  if (!birthday) return;
  const problem = birthdayProblem(birthday, lunar, chinaDate(now));
  if (problem) throw badRequest('body.birthday', REASONS[problem]);
}
