import type { IdentityKind, Segment } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { sheetFile, type SheetColumn } from '../files/sheets.ts';
import type { Principal } from '../http/context.ts';
import { refuse } from '../http/errors.ts';
import { COLUMNS, SEGMENT_LABELS } from './columns.ts';
import { filteredCustomers, type CustomerFilter } from './service.ts';

/** An export this large is a data dump, not a working list: narrow the filter. */
export const MAX_EXPORT_ROWS = 50_000;

type Row = Awaited<ReturnType<typeof exportRows>>[number];

async function exportRows(db: Db, filter: Omit<CustomerFilter, 'page' | 'pageSize'>) {
  const customers = await filteredCustomers(db, filter)
    .leftJoin('users', 'users.id', 'customers.assigned_agent_id')
    .select([
      'customers.id',
      'customers.name',
      'customers.segment',
      'customers.tags',
      'customers.gender',
      'customers.birthday',
      'customers.birthday_lunar',
      'customers.created_at',
      'customers.updated_at',
      'users.display_name as agent',
    ])
    .orderBy('customers.id')
    .limit(MAX_EXPORT_ROWS + 1)
    .execute();
  if (customers.length > MAX_EXPORT_ROWS) throw refuse('too_large', `more than ${MAX_EXPORT_ROWS} customers match; narrow the filter`);
  const ids = customers.map((c) => c.id);
  const identities = new Map<number, Partial<Record<IdentityKind, string[]>>>();
  const addresses = new Map<number, { province: string; city: string; district: string; detail: string }>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const [ident, addr] = await Promise.all([
      db.selectFrom('customer_identities').select(['customer_id', 'kind', 'value']).where('customer_id', 'in', chunk).orderBy('id').execute(),
      db
        .selectFrom('customer_addresses')
        .select(['customer_id', 'province', 'city', 'district', 'detail'])
        .where('customer_id', 'in', chunk)
        .orderBy('is_default', 'desc')
        .orderBy('id')
        .execute(),
    ]);
    for (const r of ident) {
      const byKind = identities.get(r.customer_id) ?? {};
      (byKind[r.kind as IdentityKind] ??= []).push(r.value);
      identities.set(r.customer_id, byKind);
    }
    for (const a of addr) if (!addresses.has(a.customer_id)) addresses.set(a.customer_id, a);
  }
  return customers.map((c) => ({ ...c, identities: identities.get(c.id) ?? {}, address: addresses.get(c.id) }));
}

const contacts = (kind: IdentityKind) => (r: Row) => r.identities[kind]?.join('、') ?? '';

/** The export's columns: the import's, in its order, so an exported file can be edited and imported back. */
const SHEET_COLUMNS: SheetColumn<Row>[] = [
  { header: '客户编号', value: (r) => r.id, format: 'integer' },
  { header: COLUMNS.name, value: (r) => r.name },
  { header: COLUMNS.phone, value: contacts('phone'), width: 16 },
  { header: COLUMNS.email, value: contacts('email') },
  { header: COLUMNS.taobao, value: contacts('taobao') },
  { header: COLUMNS.jd, value: contacts('jd') },
  { header: COLUMNS.pdd, value: contacts('pdd') },
  { header: COLUMNS.shop, value: contacts('shop') },
  { header: COLUMNS.segment, value: (r) => SEGMENT_LABELS[r.segment as Segment] ?? r.segment },
  { header: COLUMNS.tags, value: (r) => r.tags.join('、') },
  { header: COLUMNS.gender, value: (r) => (r.gender === 'female' ? '女' : r.gender === 'male' ? '男' : '') },
  { header: COLUMNS.birthday, value: (r) => r.birthday ?? '', width: 12 },
  { header: COLUMNS.birthdayLunar, value: (r) => (r.birthday ? r.birthday_lunar : null) },
  { header: COLUMNS.agent, value: (r) => r.agent ?? '' },
  { header: COLUMNS.province, value: (r) => r.address?.province ?? '' },
  { header: COLUMNS.city, value: (r) => r.address?.city ?? '' },
  { header: COLUMNS.district, value: (r) => r.address?.district ?? '' },
  { header: COLUMNS.detail, value: (r) => r.address?.detail ?? '' },
  { header: '创建时间', value: (r) => r.created_at, format: 'datetime' },
  { header: '更新时间', value: (r) => r.updated_at, format: 'datetime' },
];

/** The (filtered) customer list as an .xlsx; an export of customer data is audited with its filter and size. */
export async function exportCustomers(db: Db, actor: Principal, filter: Omit<CustomerFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  const rows = await exportRows(db, filter);
  await audit(db, { actorId: actor.id, action: 'customer.export', entity: 'customer', entityId: 'list', detail: { filter, rows: rows.length } });
  return sheetFile('客户', SHEET_COLUMNS, rows);
}
