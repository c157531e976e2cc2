import { normalizeIdentity, normalizePhone, type IdentityKind } from '@kefu/domain';
import type { Kysely, Transaction } from 'kysely';
import { recordEvents } from '../../events/record.ts';
import type { DB } from '../../db/schema.ts';
import { tokensVector } from '../../search/tsvector.ts';

/** Who placed an order, as a marketplace or shop reports it. */
export interface Buyer {
  platform: string;
  buyerNick: string | null | undefined;
  phone: string | null | undefined;
  name: string | null | undefined;
}

type Key = `${IdentityKind}\u0000${string}`;

/** The identity kind a platform's buyer id is kept under (Tmall buyers are Taobao accounts). */
const nickKind = (platform: string): IdentityKind | null =>
  platform === 'tmall' ? 'taobao' : ((['taobao', 'jd', 'pdd', 'shop'] as const).find((k) => k === platform) ?? null);

function keysOf(b: Buyer): { kind: IdentityKind; value: string }[] {
  const keys: { kind: IdentityKind; value: string }[] = [];
  const kind = nickKind(b.platform);
  const nick = kind && b.buyerNick ? normalizeIdentity(kind, b.buyerNick) : null;
  if (kind && nick) keys.push({ kind, value: nick });
  const phone = b.phone ? normalizePhone(b.phone) : null;
  if (phone) keys.push({ kind: 'phone', value: phone });
  return keys;
}

const keyOf = (k: { kind: string; value: string }) => `${k.kind}\u0000${k.value}` as Key;

/**
 * The customer of each buyer: the file holding the buyer's marketplace id, else their phone; a buyer with neither
 * on file gets a new customer (one per person in the batch: buyers sharing an id or a phone are one), with both
 * identities, so their orders count in the segments. Null for a buyer with no usable id or phone. A fixed number of
 * statements however large the batch.
 */
export async function customersForBuyers(tx: Kysely<DB> | Transaction<DB>, buyers: readonly Buyer[]): Promise<(number | null)[]> {
  const keys = buyers.map(keysOf);
  const values = [...new Set(keys.flat().map((k) => k.value))];
  if (values.length === 0) return buyers.map(() => null);
  const found = await tx
    .selectFrom('customer_identities')
    .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
    .select(['customer_identities.kind', 'customer_identities.value', 'customers.id', 'customers.merged_into_id'])
    .where('customer_identities.value', 'in', values)
    .execute();
  const byKey = new Map<Key, number>(found.map((f) => [keyOf(f), f.merged_into_id ?? f.id]));

  // Buyers no file knows, grouped into people: a buyer sharing any identity with an earlier one is that person.
  const people: { name: string; keys: Map<Key, { kind: IdentityKind; value: string }> }[] = [];
  const personOf = new Map<Key, number>();
  const wants: (number | null)[] = buyers.map((b, i) => {
    const mine = keys[i]!;
    if (mine.length === 0 || mine.some((k) => byKey.has(keyOf(k)))) return null;
    let person = mine.map((k) => personOf.get(keyOf(k))).find((p) => p !== undefined);
    if (person === undefined) {
      person = people.push({ name: (b.name?.trim() || b.buyerNick?.trim() || '买家').slice(0, 100), keys: new Map() }) - 1;
    }
    for (const k of mine) {
      if (!personOf.has(keyOf(k))) people[person]!.keys.set(keyOf(k), k);
      personOf.set(keyOf(k), person);
    }
    return person;
  });

  let created: number[] = [];
  if (people.length) {
    const rows = await tx
      .insertInto('customers')
      .values(
        people.map((p) => ({
          name: p.name,
          segment: 'new',
          search: tokensVector(
            [p.name],
            [...p.keys.values()].map((k) => k.value),
          ),
        })),
      )
      .returning('id')
      .execute();
    created = rows.map((r) => r.id).sort((a, b) => a - b);
    await tx
      .insertInto('customer_identities')
      .values(people.flatMap((p, i) => [...p.keys.values()].map((k) => ({ customer_id: created[i]!, kind: k.kind, value: k.value }))))
      .execute();
    await recordEvents(
      tx,
      created.map((customerId) => ({ type: 'customer.created' as const, payload: { customerId } })),
    );
  }
  return buyers.map((_b, i) => {
    const known = keys[i]!.map((k) => byKey.get(keyOf(k))).find((id) => id !== undefined);
    if (known !== undefined) return known;
    const person = wants[i];
    return person === null || person === undefined ? null : created[person]!;
  });
}
