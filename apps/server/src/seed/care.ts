import { addDays, chinaDate, solarToLunar, type Occasion } from '@kefu/domain';
import { sql } from 'kysely';
import { runCampaignIn } from '../care/daily.ts';
import { dueCustomers } from '../care/due.ts';
import type { Tx } from '../db/database.ts';

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * 客户关怀 for the demo: the birthday, holiday, first-order and 双11 campaigns switched on (and a 元旦 greeting three
 * days ahead), some customers' birthdays in the last two weeks and the coming month (two on the lunar calendar), and
 * the last two weeks of greetings run through the real job (codes granted, greetings queued through outreach), with
 * a few of the codes already used on orders.
 */
export async function seedCare(tx: Tx, now: Date): Promise<void> {
  const today = chinaDate(now);
  const customers = await tx.selectFrom('customers').select('id').orderBy('id').limit(16).execute();
  for (const [i, c] of customers.entries()) {
    const day = addDays(today, i < 8 ? -(i + 1) : (i - 7) * 3);
    const lunar = i % 5 === 4 ? solarToLunar(day) : null;
    // A lunar birthday is kept as its lunar month-day; 2月30日 cannot be stored, and a leap month has no birthday.
    const stored =
      lunar && !lunar.leap && !(lunar.month === 2 && lunar.day === 30) ? `1990-${pad(lunar.month)}-${pad(lunar.day)}` : `1990${day.slice(4)}`;
    await tx
      .updateTable('customers')
      .set({ birthday: stored === '1990-02-29' ? '1992-02-29' : stored, birthday_lunar: stored !== `1990${day.slice(4)}` })
      .where('id', '=', c.id)
      .execute();
  }
  await tx
    .insertInto('care_campaigns')
    .values({
      name: '元旦问候',
      occasion: 'holiday',
      holiday: 'new_year',
      days_ahead: 3,
      title: '{{shopName}}恭祝新年快乐',
      body: '{{name}}，新年将至，{{shopName}}送您{{couponAmount}}元新年券（券码 {{couponCode}}，{{expiresAt}}前有效），祝您新年快乐！',
      coupon_definition_id: 2,
      enabled: true,
    })
    .execute();
  await tx
    .updateTable('care_campaigns')
    .set({ enabled: true })
    .where('name', 'in', ['生日祝福', '春节问候', '中秋问候', '首单周年', '双11 预售提醒'])
    .execute();
  const campaigns = await tx.selectFrom('care_campaigns').selectAll().where('occasion', 'in', ['birthday', 'first_order']).execute();
  for (let back = 14; back >= 1; back--) {
    const at = new Date(now.getTime() - back * DAY);
    const day = chinaDate(at);
    for (const c of campaigns) {
      const occasionDay = addDays(day, c.days_ahead);
      const due = dueCustomers({ ...c, occasion: c.occasion as Occasion }, occasionDay);
      if (due) await runCampaignIn(tx, c.id, due, day, occasionDay, at);
    }
  }
  // A third of the codes were used on the customer's latest order.
  await sql`
    update coupon_codes cc set used_at = o.created_at, order_id = o.id
    from (select distinct on (customer_id) id, customer_id, created_at from orders where customer_id is not null order by customer_id, created_at desc) o
    where o.customer_id = cc.customer_id and cc.id % 3 = 0`.execute(tx);
}
