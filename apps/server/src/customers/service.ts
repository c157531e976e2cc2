import { DESK_ROLES, normalizeIdentity, type IdentityKind, type Segment } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkRowVersion, lockRow, writeVersioned } from '../db/versioned.ts';
import { recordEvent } from '../events/record.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { tokensVector, wordsQuery } from '../search/tsvector.ts';
import { assertBirthday } from './birthday.ts';

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
  tags?: string[];
  assignedAgentId?: number | null;
  identities?: IdentityInput[];
  addresses?: AddressInput[];
}

export function normalizeIdentities(identities: readonly IdentityInput[], field: string) {
  const seen = new Map<string, { kind: IdentityKind; value: string }>();
  identities.forEach((i, index) => {
    const value = normalizeIdentity(i.kind, i.value);
    if (!value) throw badRequest(`${field}.${index}.value`, `not a valid ${i.kind}`);
    seen.set(`${i.kind}:${value}`, { kind: i.kind, value });
  });
  return [...seen.values()];
}

const firstPhone = sql<
  string | null
>`(select value from customer_identities p where p.customer_id = customers.id and p.kind = 'phone' order by p.id limit 1)`.as('phone');

/** Customers (other than `except`) that already hold one of these identities. */
export async function findDuplicates(db: Db | Tx, identities: readonly IdentityInput[], except?: number) {
  if (identities.length === 0) return [];
  let q = db
    .selectFrom('customer_identities')
    .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
    .select(['customers.id', 'customers.name', 'customer_identities.kind', 'customer_identities.value', firstPhone])
    .where((eb) => eb.or(identities.map((i) => eb.and([eb('kind', '=', i.kind), eb('value', '=', i.value)]))));
  if (except) q = q.where('customers.id', '!=', except);
  return q.execute();
}

/** Live customers bearing this name, spaces and case aside (刘 洋 = 刘洋), at most ten. */
export async function findNamesakes(db: Db, name: string) {
  const wanted = name.replace(/\s/g, '').toLowerCase();
  if (!wanted) return [];
  return db
    .selectFrom('customers')
    .select(['customers.id', 'customers.name', sql<string>`'name'`.as('kind'), 'customers.name as value', firstPhone])
    .where('merged_into_id', 'is', null)
    .where(sql<string>`lower(regexp_replace(customers.name, '\s', '', 'g'))`, '=', wanted)
    .orderBy('customers.id')
    .limit(10)
    .execute();
}

/** An owner (专属客服) must be an active desk user. */
export async function assertAgent(db: Db | Tx, agentId: number | null | undefined, field = 'body.assignedAgentId') {
  if (agentId == null) return;
  const agent = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', agentId)
    .where('active', '=', true)
    .where('role', 'in', DESK_ROLES)
    .executeTakeFirst();
  if (!agent) throw badRequest(field, 'no active agent with this id');
}

export async function refreshSearch(tx: Tx, customerId: number) {
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
  assertBirthday(input.birthday, input.birthdayLunar ?? false);
  return db.transaction().execute(async (tx) => {
    const dupes = await findDuplicates(tx, identities);
    if (dupes.length) {
      throw conflict('a customer with this phone, e-mail or marketplace id exists already', { duplicates: dupes });
    }
    await assertAgent(tx, input.assignedAgentId);
    return insertCustomer(tx, actor, input, identities);
  });
}

/** Writes a new customer file (identities already normalized and checked for duplicates), audited, with its event. */
export async function insertCustomer(tx: Tx, actor: { id: number | null }, input: CustomerInput, identities: readonly IdentityInput[]) {
  const customer = await tx
    .insertInto('customers')
    .values({
      name: input.name,
      gender: input.gender ?? null,
      birthday: input.birthday ?? null,
      birthday_lunar: input.birthdayLunar ?? false,
      segment: 'new',
      tags: input.tags ?? [],
      assigned_agent_id: input.assignedAgentId ?? null,
      // What refreshSearch would make of it, written with the row (a new file's every name, tag and identity is here).
      search: tokensVector([input.name], [...(input.tags ?? []), ...identities.map((i) => i.value)]),
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
  await audit(tx, { actorId: actor.id, action: 'customer.create', entity: 'customer', entityId: customer.id, detail: { name: input.name } });
  await recordEvent(tx, { type: 'customer.created', payload: { customerId: customer.id } });
  return customer.id;
}

export async function insertAddresses(tx: Tx, customerId: number, addresses: readonly AddressInput[]) {
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

/** The live customers matching a filter (the list, its export, a bulk assignment). */
export function filteredCustomers(db: Db, f: Omit<CustomerFilter, 'page' | 'pageSize'>) {
  let q = db.selectFrom('customers').where('customers.merged_into_id', 'is', null);
  if (f.segment) q = q.where('customers.segment', '=', f.segment);
  if (f.tag) q = q.where('customers.tags', '@>', sql<string[]>`array[${f.tag}]::text[]`);
  if (f.assignedAgentId) q = q.where('customers.assigned_agent_id', '=', f.assignedAgentId);
  if (f.q) {
    const text = f.q.trim();
    const words = wordsQuery(text);
    const digits = /^[\d+\- ]{4,}$/.test(text) ? text.replace(/\D/g, '') : null;
    q = q.where((eb) =>
      eb.or([
        ...(words ? [sql<boolean>`customers.search @@ ${words}`] : []),
        eb(
          'customers.id',
          'in',
          eb
            .selectFrom('customer_identities')
            .select('customer_id')
            .where('value', digits ? 'like' : '=', digits ? `%${digits}%` : text.toLowerCase()),
        ),
      ]),
    );
  }
  return q;
}

const agentName = sql<string | null>`(select display_name from users u where u.id = customers.assigned_agent_id)`.as('assigned_agent_name');

export async function listCustomers(db: Db, f: CustomerFilter) {
  const q = filteredCustomers(db, f);
  const [rows, total] = await Promise.all([
    q
      .select(['id', 'name', 'segment', 'tags', 'assigned_agent_id', agentName, 'updated_at', firstPhone])
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
    const current = await lockRow(tx, 'customers', id);
    refuseMerged(current);
    checkRowVersion('customers', current, change.version);
    if (change.birthday !== undefined || change.birthdayLunar !== undefined)
      assertBirthday(change.birthday !== undefined ? change.birthday : current.birthday, change.birthdayLunar ?? current.birthday_lunar);
    if (change.assignedAgentId !== current.assigned_agent_id) await assertAgent(tx, change.assignedAgentId);
    const version = await writeVersioned(tx, 'customers', id, {
      ...(change.name !== undefined && { name: change.name }),
      ...(change.gender !== undefined && { gender: change.gender }),
      ...(change.birthday !== undefined && { birthday: change.birthday }),
      ...(change.birthdayLunar !== undefined && { birthday_lunar: change.birthdayLunar }),
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

/** A merged-away file takes no more changes: they belong on the file it went to. */
export function refuseMerged(row: { id: number; merged_into_id: number | null }) {
  if (row.merged_into_id) throw conflict(`customer #${row.id} was merged into #${row.merged_into_id}`, { mergedInto: row.merged_into_id });
}

export async function addCustomerNote(db: Db, actor: Principal, customerId: number, body: string) {
  return db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('customers').select(['id', 'merged_into_id']).where('id', '=', customerId).executeTakeFirst();
    if (!exists) throw notFound('customer');
    refuseMerged(exists);
    const note = await tx
      .insertInto('customer_notes')
      .values({ customer_id: customerId, author_id: actor.id, body })
      .returning(['id', 'body', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'customer.note', entity: 'customer', entityId: customerId });
    return note;
  });
}

export const VIEW_AUDIT_WINDOW_MINUTES = 10;

/**
 * Reading a customer file is audited (customer data is confidential, DOMAIN.md §5): once per reader and file per
 * window, so reloading the page does not bury the log. One writer at a time per reader and file (an advisory lock).
 */
export async function auditView(db: Db, actorId: number, customerId: number) {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ${`.customer-view:${actorId}:${customerId}`}))`.execute(tx);
    const recent = await tx
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'customer')
      .where('entity_id', '=', String(customerId))
      .where('action', '=', 'customer.view')
      .where('actor_id', '=', actorId)
      .where('at', '>', sql<Date>`now() - make_interval(mins => ${VIEW_AUDIT_WINDOW_MINUTES})`)
      .limit(1)
      .executeTakeFirst();
    if (!recent) await audit(tx, { actorId, action: 'customer.view', entity: 'customer', entityId: customerId });
  });
}

/** An identity as stored, and the lock on it that makes "find or make its file" happen once at a time. */
export interface IdentityKey {
  kind: IdentityKind;
  value: string;
  /** `pg_advisory_xact_lock(…)` for the identity: a caller may take it in one statement with its own locks. */
  lock: RawBuilder<unknown>;
}

/** The identity's key, or null when the raw value is not one (an empty or malformed address). */
export function identityKey(kind: IdentityKind, rawValue: string): IdentityKey | null {
  const value = normalizeIdentity(kind, rawValue);
  if (!value) return null;
  return { kind, value, lock: sql`pg_advisory_xact_lock(hashtext(${`identity:${kind}:${value}`}))` };
}

/**
 * The customer who writes from `address` (an e-mail, later a marketplace id): the file holding that identity, or a new
 * one named `name` (what their mail program calls them, else the address's local part). Taken under a lock on the
 * identity for the transaction, so two messages from a new address at once make one file.
 */
export async function customerOfIdentity(tx: Tx, kind: IdentityKind, rawValue: string, name: string | null): Promise<number | null> {
  const identity = identityKey(kind, rawValue);
  if (!identity) return null;
  await sql`select ${identity.lock}`.execute(tx);
  const found = await tx
    .selectFrom('customer_identities')
    .select('customer_id')
    .where('kind', '=', kind)
    .where('value', '=', identity.value)
    .executeTakeFirst();
  return customerOfLockedIdentity(tx, identity, name, found?.customer_id ?? null);
}

/**
 * Like `customerOfIdentity`, for a caller that took the identity's lock and looked the identity up itself
 * (`found`, the file holding it, or null) in statements of its own.
 */
export async function customerOfLockedIdentity(tx: Tx, identity: IdentityKey, name: string | null, found: number | null): Promise<number> {
  if (found !== null) return found;
  const { kind, value } = identity;
  const fallback = kind === 'email' ? value.slice(0, value.indexOf('@')) : value;
  return insertCustomer(tx, { id: null }, { name: (name?.trim() || fallback).slice(0, 100) }, [{ kind, value }]);
}
