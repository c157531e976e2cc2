import { parseSchedule, WEEKDAYS, type Schedule, type Weekday } from '@kefu/domain';
import { z } from 'zod';

const clockTime = z.object({ hour: z.number().int().min(0).max(23), minute: z.number().int().min(0).max(59) });

/** A job's schedule as a value; calendar times are China time (see packages/domain/src/schedule.ts). */
export const scheduleSchema: z.ZodType<Schedule, Schedule> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('interval'),
    everyMs: z
      .number()
      .int()
      .min(100)
      .max(7 * 86_400_000),
  }),
  z.object({ kind: z.literal('daily'), at: clockTime, workingDaysOnly: z.boolean().optional() }),
  z.object({ kind: z.literal('weekly'), weekday: z.enum(WEEKDAYS as [Weekday, ...Weekday[]]), at: clockTime }),
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(31), at: clockTime }),
]);

/** A schedule as people write it: "every 2s", "daily 09:00 on working days", "Fri 17:00", "1st of month 08:00". */
export const scheduleText = z
  .string()
  .transform((text, ctx) => {
    const schedule = parseSchedule(text);
    if (schedule) return schedule;
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a schedule: write "every 2s", "daily 09:00", "Fri 17:00" or "1st of month 08:00"` });
    return z.NEVER;
  })
  .pipe(scheduleSchema);
