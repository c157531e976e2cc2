import { addDays, birthdayKeysOn, holidaysOn, HOLIDAYS, type Occasion } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { BIRTHDAY_MD } from './due.ts';
import { occursOn } from './due.ts';
import { listCampaigns } from './campaigns.ts';

/**
 * The coming days' greetings with how many customers each would reach: counted once per segment and month-day
 * (three grouped queries), then summed per day, so 30 days cost the same as one.
 */
export async function careCalendar(db: Db, from: string, days: number) {
  const campaigns = (await listCampaigns(db)).filter((c) => c.enabled);
  const { rows: bySegment } = await sql<{ segment: string; n: number }>`
    select c.segment, count(*)::int as n from customers c where c.merged_into_id is null group by c.segment`.execute(db);
  const { rows: birthdays } = await sql<{ lunar: boolean; md: number; segment: string; n: number }>`
    select c.birthday_lunar as lunar, ${BIRTHDAY_MD} as md, c.segment, count(*)::int as n from customers c
    where c.birthday is not null and c.merged_into_id is null group by 1, 2, 3`.execute(db);
  const { rows: firsts } = await sql<{ md: string; year: number; segment: string; n: number }>`
    select f.md, f.year, c.segment, count(*)::int as n from (
      select customer_id, to_char(min(created_at) at time zone 'Asia/Shanghai', 'MM-DD') as md,
        extract(year from min(created_at) at time zone 'Asia/Shanghai')::int as year
      from orders where customer_id is not null group by customer_id) f
    join customers c on c.id = f.customer_id and c.merged_into_id is null group by 1, 2, 3`.execute(db);

  const inSegments = (segments: string[]) => (segment: string) => !segments.length || segments.includes(segment);
  const countFor = (c: (typeof campaigns)[number], occasionDay: string): number => {
    const fits = inSegments(c.segments);
    if (!occursOn({ ...c, occasion: c.occasion as Occasion }, occasionDay)) return 0;
    if (c.occasion === 'birthday') {
      const keys = birthdayKeysOn(occasionDay);
      const solar = new Set(keys.solar.map((k) => Number(k.replace('-', ''))));
      const lunar = new Set(keys.lunar.map((k) => Number(k.replace('-', ''))));
      return birthdays.filter((b) => fits(b.segment) && (b.lunar ? lunar : solar).has(b.md)).reduce((s, b) => s + b.n, 0);
    }
    if (c.occasion === 'first_order') {
      const keys = birthdayKeysOn(occasionDay).solar;
      const year = Number(occasionDay.slice(0, 4));
      return firsts.filter((f) => fits(f.segment) && keys.includes(f.md) && f.year < year).reduce((s, f) => s + f.n, 0);
    }
    return bySegment.filter((s) => fits(s.segment)).reduce((s, r) => s + r.n, 0);
  };

  return Array.from({ length: days }, (_, i) => {
    const day = addDays(from, i);
    const greetings = campaigns
      .map((c) => {
        const occasionDay = addDays(day, c.days_ahead);
        return { campaignId: c.id, name: c.name, occasion: c.occasion as Occasion, occasionDay, customers: countFor(c, occasionDay) };
      })
      .filter((g) => g.customers > 0);
    return { day, holidays: holidaysOn(day).map((k) => HOLIDAYS[k].name), greetings };
  });
}
