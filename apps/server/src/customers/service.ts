import { mergeFields, normalizeIdentity, type IdentityKind, type Segment } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkRowVersion, lockRow, nextVersion, writeVersioned } from '../db/versioned.ts';
import { recordEvent } from '../events/record.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { tokensVector, wordsQuery } from '../search/tsvector.ts';

export interface IdentityInput {
  kind: IdentityKind;
  value: string;
}
export interface AddressInput {
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district?: string;
  detail: string;
  isDefault?: boolean;
}

export interface CustomerInput {
  name: string;
  gender?: 'female' | 'male' | null;
  birthday?: string | null;
  birthdayLunar?: boolean;
  segment?: Segment;
  tags?: string[];
  assignedAgentId?: number | null;
  identities?: IdentityInput[];
  addresses?: AddressInput[];
}

function normalizeIdentities(identities: readonly IdentityInput[], field: string) {
  const seen = new Map<string, { kind: IdentityKind; value: string }>();
  identities.forEach((i, index) => {
    const value = normalizeIdentity(i.kind, i.value);
    if (!value) throw badRequest(`${field}.${index}.value`, `not a valid ${i.kind}`);
    seen.set(`${i.kind}:${value}`, { kind: i.kind, value });
  });
  return [...seen.values()];
}

/** Customers (other than `except`) that already hold one of these identities. */
export async function findDuplicates(db: Db | Tx, identities: readonly IdentityInput[], except?: number) {
  if (identities.length === 0) return [];
  let q = db
    .selectFrom('customer_identities')
    .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
    .select(['customers.id', 'customers.name', 'customer_identities.kind', 'customer_identities.value'])
    .where((eb) => eb.or(identities.map((i) => eb.and([eb('kind', '=', i.kind), eb('value', '=', i.value)]))));
  if (except) q = q.where('customers.id', '!=', except);
  return q.execute();
}

async function assertAgent(db: Db | Tx, agentId: number | null | undefined) {
  if (agentId == null) return;
  const agent = await db.selectFrom('users').select('id').where('id', '=', agentId).executeTakeFirst();
  if (!agent) throw badRequest('body.assignedAgentId', 'no such user');
}

async function refreshSearch(tx: Tx, customerId: number) {
  const c = await tx.selectFrom('customers').select(['name', 'tags']).where('id', '=', customerId).executeTakeFirstOrThrow();
  const ids = await tx.selectFrom('customer_identities').select('value').where('customer_id', '=', customerId).execute();
  await tx
    .updateTable('customers')
    .set({ search: tokensVector([c.name], [...c.tags, ...ids.map((i) => i.value)]) })
    .where('id', '=', customerId)
    .execute();
}

export async function createCustomer(db: Db, actor: Principal, input: CustomerInput) {
  const identities = normalizeIdentities(input.identities ?? [], 'body.identities');
  return db.transaction().execute(async (tx) => {
    const dupes = await findDuplicates(tx, identities);
    if (dupes.length) {
      throw conflict('a customer with this phone, e-mail or marketplace id exists already', { duplicates: dupes });
    }
    await assertAgent(tx, input.assignedAgentId);
    const customer = await tx
      .insertInto('customers')
      .values({
        name: input.name,
        gender: input.gender ?? null,
        birthday: input.birthday ?? null,
        birthday_lunar: input.birthdayLunar ?? false,
        segment: input.segment ?? 'new',
        tags: input.tags ?? [],
        assigned_agent_id: input.assignedAgentId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (identities.length) {
      await tx
        .insertInto('customer_identities')
        .values(identities.map((i) => ({ customer_id: customer.id, ...i })))
        .execute();
    }
    await insertAddresses(tx, customer.id, input.addresses ?? []);
    await refreshSearch(tx, customer.id);
    await audit(tx, { actorId: actor.id, action: 'customer.create', entity: 'customer', entityId: customer.id, detail: { name: input.name } });
    await recordEvent(tx, { type: 'customer.created', payload: { customerId: customer.id } });
    return customer.id;
  });
}

async function insertAddresses(tx: Tx, customerId: number, addresses: readonly AddressInput[]) {
  if (addresses.length === 0) return;
  await tx
    .insertInto('customer_addresses')
    .values(
      addresses.map((a) => ({
        customer_id: customerId,
        recipient: a.recipient,
        phone: a.phone,
        province: a.province,
        city: a.city,
        district: a.district ?? '',
        detail: a.detail,
        is_default: a.isDefault ?? false,
      })),
    )
    .execute();
}

export async function getCustomer(db: Db, id: number) {
  const customer = await db
    .selectFrom('customers')
    .leftJoin('users', 'users.id', 'customers.assigned_agent_id')
    .select([
      'customers.id',
      'customers.name',
      'customers.gender',
      'customers.birthday',
      'customers.birthday_lunar',
      'customers.segment',
      'customers.tags',
      'customers.assigned_agent_id',
      'customers.merged_into_id',
      'customers.version',
      'customers.created_at',
      'customers.updated_at',
      'users.display_name as assigned_agent_name',
    ])
    .where('customers.id', '=', id)
    .executeTakeFirst();
  if (!customer) throw notFound('customer');
  const [identities, addresses, notes, tickets, orders] = await Promise.all([
    db.selectFrom('customer_identities').select(['id', 'kind', 'value']).where('customer_id', '=', id).orderBy('id').execute(),
    db.selectFrom('customer_addresses').selectAll().where('customer_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('customer_notes')
      .leftJoin('users', 'users.id', 'customer_notes.author_id')
      .select(['customer_notes.id', 'customer_notes.body', 'customer_notes.created_at', 'users.display_name as author'])
      .where('customer_id', '=', id)
      .orderBy('customer_notes.id', 'desc')
      .execute(),
    db
      .selectFrom('tickets')
      .select(['id', 'number', 'type', 'status', 'priority', 'subject', 'created_at', 'updated_at'])
      .where('customer_id', '=', id)
      .orderBy('updated_at', 'desc')
      .limit(100)
      .execute(),
    db
      .selectFrom('orders')
      .select(['id', 'platform', 'order_no', 'status', 'total_fen', 'tracking_no', 'created_at', 'shipped_at'])
      .where('customer_id', '=', id)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute(),
  ]);
  return { ...customer, identities, addresses, notes, tickets, orders };
}

export interface CustomerFilter {
  q?: string;
  segment?: Segment;
  tag?: string;
  assignedAgentId?: number;
  page: number;
  pageSize: number;
}

export async function listCustomers(db: Db, f: CustomerFilter) {
  let q = db.selectFrom('customers').where('merged_into_id', 'is', null);
  if (f.segment) q = q.where('segment', '=', f.segment);
  if (f.tag) q = q.where('tags', '@>', sql<string[]>`array[${f.tag}]::text[]`);
  if (f.assignedAgentId) q = q.where('assigned_agent_id', '=', f.assignedAgentId);
  if (f.q) {
    const text = f.q.trim();
    const words = wordsQuery(text);
    const digits = /^[\d+\- ]{4,}$/.test(text) ? text.replace(/\D/g, '') : null;
    q = q.where((eb) =>
      eb.or([
        ...(words ? [sql<boolean>`search @@ ${words}`] : []),
        eb(
          'id',
          'in',
          eb
            .selectFrom('customer_identities')
            .select('customer_id')
            .where('value', digits ? 'like' : '=', digits ? `%${digits}%` : text.toLowerCase()),
        ),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    q
      .select([
        'id',
        'name',
        'segment',
        'tags',
        'assigned_agent_id',
        'updated_at',
        (eb) =>
          eb
            .selectFrom('customer_identities')
            .select('value')
            .whereRef('customer_id', '=', 'customers.id')
            .where('kind', '=', 'phone')
            .orderBy('id')
            .limit(1)
            .as('phone'),
      ])
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { customers: rows, total: Number(total.n) };
}

export interface CustomerChange extends Partial<CustomerInput> {
  version: number;
}

export async function updateCustomer(db: Db, actor: Principal, id: number, change: CustomerChange) {
  const identities = change.identities ? normalizeIdentities(change.identities, 'body.identities') : undefined;
  return db.transaction().execute(async (tx) => {
    await assertAgent(tx, change.assignedAgentId);
    const current = await lockRow(tx, 'customers', id);
    if (current.merged_into_id) throw conflict(`this customer was merged into #${current.merged_into_id}`, { mergedInto: current.merged_into_id });
    checkRowVersion('customers', current, change.version);
    const version = await writeVersioned(tx, 'customers', id, {
      ...(change.name !== undefined && { name: change.name }),
      ...(change.gender !== undefined && { gender: change.gender }),
      ...(change.birthday !== undefined && { birthday: change.birthday }),
      ...(change.birthdayLunar !== undefined && { birthday_lunar: change.birthdayLunar }),
      ...(change.segment !== undefined && { segment: change.segment }),
      ...(change.tags !== undefined && { tags: change.tags }),
      ...(change.assignedAgentId !== undefined && { assigned_agent_id: change.assignedAgentId }),
      updated_at: sql<Date>`now()` as unknown as Date,
    });
    if (identities) {
      const dupes = await findDuplicates(tx, identities, id);
      if (dupes.length) throw conflict('another customer holds one of these identities; merge the two files instead', { duplicates: dupes });
      await tx.deleteFrom('customer_identities').where('customer_id', '=', id).execute();
      if (identities.length)
        await tx
          .insertInto('customer_identities')
          .values(identities.map((i) => ({ customer_id: id, ...i })))
          .execute();
    }
    if (change.addresses) {
      await tx.deleteFrom('customer_addresses').where('customer_id', '=', id).execute();
      await insertAddresses(tx, id, change.addresses);
    }
    await refreshSearch(tx, id);
    const { version: _v, ...detail } = change;
    await audit(tx, { actorId: actor.id, action: 'customer.update', entity: 'customer', entityId: id, detail });
    return version;
  });
}

export async function addCustomerNote(db: Db, actor: Principal, customerId: number, body: string) {
  return db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
    if (!exists) throw notFound('customer');
    const note = await tx
      .insertInto('customer_notes')
      .values({ customer_id: customerId, author_id: actor.id, body })
      .returning(['id', 'body', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'customer.note', entity: 'customer', entityId: customerId });
    return note;
  });
}

/**
 * Merges `sourceId` into `targetId`: identities, addresses, notes, tickets and orders move over,
 * tags are united, the target's empty fields are filled from the source, and the source file is
 * kept, marked as merged, so nothing is lost and old links still resolve.
 */
export async function mergeCustomers(db: Db, actor: Principal, targetId: number, sourceId: number, targetVersion: number) {
  if (targetId === sourceId) throw badRequest('body.sourceId', 'cannot merge a customer into itself');
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('customers').selectAll().where('id', 'in', [targetId, sourceId]).orderBy('id').forUpdate().execute();
    const target = rows.find((r) => r.id === targetId);
    const source = rows.find((r) => r.id === sourceId);
    if (!target) throw notFound('customer');
    if (!source) throw badRequest('body.sourceId', 'no such customer');
    if (source.merged_into_id) throw conflict(`customer #${sourceId} was already merged into #${source.merged_into_id}`);
    if (target.merged_into_id) throw conflict(`customer #${targetId} was merged into #${target.merged_into_id}`);
    checkRowVersion('customers', target, targetVersion);
    const pick = (c: typeof target) => ({ gender: c.gender, birthday: c.birthday, assigned_agent_id: c.assigned_agent_id, tags: c.tags });
    const merged = mergeFields(pick(target), pick(source));
    await tx
      .updateTable('customers')
      .set({
        ...merged,
        birthday_lunar: target.birthday ? target.birthday_lunar : source.birthday_lunar,
        segment: target.segment === 'new' ? source.segment : target.segment,
        version: nextVersion(),
        updated_at: sql<Date>`now()` as unknown as Date,
      })
      .where('id', '=', targetId)
      .execute();
    for (const table of ['customer_identities', 'customer_addresses', 'customer_notes', 'tickets', 'orders'] as const) {
      await tx.updateTable(table).set({ customer_id: targetId }).where('customer_id', '=', sourceId).execute();
    }
    await tx
      .updateTable('customers')
      .set({ merged_into_id: targetId, version: nextVersion(), search: sql<string>`''::tsvector` })
      .where('id', '=', sourceId)
      .execute();
    await refreshSearch(tx, targetId);
    await audit(tx, {
      actorId: actor.id,
      action: 'customer.merge',
      entity: 'customer',
      entityId: targetId,
      detail: { sourceId, source: { ...source, search: undefined } },
    });
    await recordEvent(tx, { type: 'customer.merged', payload: { customerId: targetId, sourceId } });
  });
}
