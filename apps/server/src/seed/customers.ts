import type { Segment } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { tokensVector } from '../search/tsvector.ts';
import { daysAgo } from './dates.ts';
import type { Random } from './random.ts';
import { CUSTOMER_NOTES, GIVEN, PLACES, STREETS, SURNAMES, TAGS } from './shop.ts';

function personName(rnd: Random) {
  return rnd.pick(SURNAMES) + rnd.pick(GIVEN);
}

/** `count` shoppers, each with a phone, a marketplace nick, a default address and sometimes an e-mail and an agent's note. */
export async function seedCustomers(tx: Tx, rnd: Random, count: number, agents: number[], now: Date) {
  const segments: Segment[] = ['vip', 'high_value', 'at_risk', 'new', 'regular', 'regular', 'regular', 'new'];
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const name = personName(rnd);
    const segment = rnd.pick(segments);
    const tags = rnd.chance(0.5) ? [...new Set([rnd.pick(TAGS), ...(rnd.chance(0.3) ? [rnd.pick(TAGS)] : [])])] : [];
    const birthday = rnd.chance(0.6)
      ? `${rnd.int(1965, 2005)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`
      : null;
    const phone = `1${rnd.pick(['38', '39', '50', '58', '86', '87', '77', '99'])}${String(10_000_000 + i * 37 + rnd.int(0, 36)).slice(0, 8)}`;
    const identities = [{ kind: 'phone', value: phone }];
    if (rnd.chance(0.4)) identities.push({ kind: 'email', value: `user${1000 + i}@${rnd.pick(['qq.com', '163.com', '126.com', 'foxmail.com'])}` });
    const platform = rnd.pick(['taobao', 'jd', 'pdd'] as const);
    identities.push({
      kind: platform,
      value: `${rnd.pick(['小', '大', '阿', ''])}${rnd.pick(['猫', '鱼', '橙子', '桃子', '星星', '豆豆', '月亮'])}${1000 + i}`,
    });
    const createdAt = daysAgo(now, rnd.int(1, 720), rnd);
    const customer = await tx
      .insertInto('customers')
      .values({
        name,
        gender: rnd.pick(['female', 'female', 'male', null]),
        birthday,
        birthday_lunar: birthday !== null && rnd.chance(0.2),
        segment,
        tags,
        assigned_agent_id: segment === 'vip' || segment === 'high_value' ? rnd.pick(agents) : null,
        search: tokensVector([name], [...tags, ...identities.map((x) => x.value)]),
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(customer.id);
    await tx
      .insertInto('customer_identities')
      .values(identities.map((x) => ({ customer_id: customer.id, ...x })))
      .execute();
    const [province, city, district] = rnd.pick(PLACES);
    await tx
      .insertInto('customer_addresses')
      .values({
        customer_id: customer.id,
        recipient: name,
        phone,
        province,
        city,
        district,
        detail: `${rnd.pick(STREETS)}${rnd.int(1, 999)}号${rnd.int(1, 30)}幢${rnd.int(101, 2802)}室`,
        is_default: true,
      })
      .execute();
    if (rnd.chance(0.3)) {
      await tx
        .insertInto('customer_notes')
        .values({ customer_id: customer.id, author_id: rnd.pick(agents), body: rnd.pick(CUSTOMER_NOTES), created_at: createdAt })
        .execute();
    }
  }
  return ids;
}
