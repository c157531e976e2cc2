import { birthdayKeysOn, holidaysOn, type HolidayKey, type Occasion } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';

/**
 * Who a campaign greets for an occasion on a day, as SQL (set-based: a holiday greets every customer at once).
 * Birthdays are found by their month-day through the customers_birthday_md index: Gregorian ones by the day's own
 * month-day, lunar ones by the day's lunar month-day (birthdayKeysOn). A first-order anniversary is the month-day of
 * the customer's first order, in China time, in an earlier year.
 */

export interface DueCampaign {
  occasion: Occasion;
  holiday: string | null;
  event_month_day: string | null;
  segments: string[];
}

/** The indexed month-day of a stored date: 08-15 → 815. */
export const BIRTHDAY_MD = sql<number>`(extract(month from c.birthday)::int * 100 + extract(day from c.birthday)::int)`;
const asNumbers = (keys: string[]) => keys.map((k) => Number(k.replace('-', '')));

/** Whether the campaign has an occasion on `occasionDay` at all (a holiday or a sale day), before asking who is due. */
export function occursOn(c: DueCampaign, occasionDay: string): boolean {
  if (c.occasion === 'holiday') return holidaysOn(occasionDay).includes(c.holiday as HolidayKey);
  if (c.occasion === 'presale') return occasionDay.slice(5) === c.event_month_day;
  return true;
}

/** The condition on customers `c` for a campaign's occasion on `occasionDay` (null: nobody is due that day). */
export function dueCondition(c: DueCampaign, occasionDay: string): RawBuilder<boolean> | null {
  if (!occursOn(c, occasionDay)) return null;
  const segments = c.segments.length ? sql`and c.segment = any(${c.segments})` : sql``;
  const base = sql<boolean>`c.merged_into_id is null ${segments}`;
  if (c.occasion === 'birthday') {
    const keys = birthdayKeysOn(occasionDay);
    const lunar = keys.lunar.length ? sql`or (c.birthday_lunar and ${BIRTHDAY_MD} = any(${asNumbers(keys.lunar)}::int[]))` : sql``;
    return sql<boolean>`${base} and c.birthday is not null
      and ((not c.birthday_lunar and ${BIRTHDAY_MD} = any(${asNumbers(keys.solar)}::int[])) ${lunar})`;
  }
  if (c.occasion === 'first_order') {
    const keys = birthdayKeysOn(occasionDay).solar;
    const yearStart = new Date(`${occasionDay.slice(0, 4)}-01-01T00:00:00+08:00`);
    return sql<boolean>`${base} and c.id in (
      select o.customer_id from orders o where o.customer_id is not null group by o.customer_id
      having to_char(min(o.created_at) at time zone 'Asia/Shanghai', 'MM-DD') = any(${keys}::text[]) and min(o.created_at) < ${yearStart})`;
  }
  return base;
}

/** `select c.id as customer_id from customers c where …` for a campaign's occasion on a day, or null. */
export function dueCustomers(c: DueCampaign, occasionDay: string): RawBuilder<{ customer_id: number }> | null {
  const condition = dueCondition(c, occasionDay);
  return condition && sql<{ customer_id: number }>`select c.id as customer_id from customers c where ${condition}`;
}
