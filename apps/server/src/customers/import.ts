import type { Readable } from 'node:stream';
import { DESK_ROLES } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { nextVersion } from '../db/versioned.ts';
import { readRows, UnreadableFile } from '../files/rows.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, refuse } from '../http/errors.ts';
import { COLUMNS, mapHeader, parseRow, type Column, type ParsedRow } from './columns.ts';
import { insertAddresses, insertCustomer, refreshSearch, type IdentityInput } from './service.ts';

export interface CustomerImportReport {
  dryRun: boolean;
  rows: number;
  errorCount: number;
  errors: { line: number; field: string; message: string }[];
  created: number;
  updated: number;
}

const MAX_ROWS = 20_000;
const MAX_REPORTED_ERRORS = 1000;

interface Planned {
  line: number;
  row: ParsedRow;
  /** The customer already holding one of the row's phones, e-mails or marketplace ids: updated, not doubled. */
  existingId: number | null;
  agentId?: number;
}

class RolledBack extends Error {}

/**
 * Reads a customer sheet (.xlsx or .csv, the export's columns), reports every bad row by line and column in Chinese,
 * and unless it is a dry run and only when every row is good, writes it all in one transaction: a row whose phone,
 * e-mail or marketplace id is already known updates that customer, any other row creates one.
 */
export async function importCustomers(
  db: Db,
  actor: Principal,
  file: Readable & { truncated?: boolean },
  filename: string,
  options: { dryRun: boolean; maxMb: number },
): Promise<CustomerImportReport> {
  const report: CustomerImportReport = { dryRun: options.dryRun, rows: 0, errorCount: 0, errors: [], created: 0, updated: 0 };
  const fail = (line: number, field: string, message: string) => {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, field, message });
  };
  const parsed = await readSheet(file, filename, options.maxMb, report, fail);
  const run = async (tx: Db | Tx) => {
    const plan = await planRows(tx, parsed, fail);
    report.created = plan.filter((p) => p.existingId === null).length;
    report.updated = plan.length - report.created;
    if (options.dryRun || report.errorCount > 0) return;
    for (const p of plan) await writeRow(tx as Tx, actor, p);
    await audit(tx, {
      actorId: actor.id,
      action: 'customer.import',
      entity: 'customer',
      entityId: filename.slice(0, 100),
      detail: { rows: report.rows, created: report.created, updated: report.updated },
    });
  };
  if (options.dryRun) {
    await run(db);
    return report;
  }
  try {
    await db.transaction().execute(async (tx) => {
      await run(tx);
      if (report.errorCount > 0) throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  // A real import with a bad row writes nothing: say so, rather than what the good rows would have done.
  if (report.errorCount > 0) {
    report.created = 0;
    report.updated = 0;
  }
  return report;
}

async function readSheet(
  file: Readable & { truncated?: boolean },
  filename: string,
  maxMb: number,
  report: CustomerImportReport,
  fail: (line: number, field: string, message: string) => void,
) {
  let columns: Map<Column, number> | undefined;
  const rows: { line: number; row: ParsedRow }[] = [];
  try {
    for await (const { line, cells } of readRows(file, filename)) {
      if (columns === undefined) {
        const header = mapHeader(cells);
        if (!header) throw badRequest('file', `第 ${line} 行（表头）没有「${COLUMNS.name}」列；请使用导出文件或模板的列名`);
        columns = header;
        continue;
      }
      if (++report.rows > MAX_ROWS) throw badRequest('file', `一次最多导入 ${MAX_ROWS} 行，请拆分文件`);
      const result = parseRow(cells, columns);
      if ('problems' in result) for (const p of result.problems) fail(line, p.field, p.message);
      else rows.push({ line, row: result.row });
    }
  } catch (err) {
    if (file.truncated) throw refuse('too_large', `file: 文件超过 ${maxMb} MB`);
    if (err instanceof UnreadableFile) throw badRequest('file', err.message);
    throw err;
  }
  if (file.truncated) throw refuse('too_large', `file: 文件超过 ${maxMb} MB`);
  if (!columns) throw badRequest('file', '文件是空的');
  return rows;
}

const keyOf = (i: IdentityInput) => `${i.kind}:${i.value}`;

/** Finds each row's existing customer and owner; a contact repeated in the file or shared by two customers is an error. */
async function planRows(db: Db | Tx, rows: { line: number; row: ParsedRow }[], fail: (line: number, field: string, message: string) => void) {
  const owners = await knownIdentities(
    db,
    rows.flatMap((r) => r.row.identities),
  );
  const agents = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('active', '=', true)
    .where('role', 'in', DESK_ROLES)
    .execute();
  const seen = new Map<string, number>();
  const plan: Planned[] = [];
  for (const { line, row } of rows) {
    let bad = false;
    const problem = (column: Column, message: string) => {
      fail(line, COLUMNS[column], `「${COLUMNS[column]}」${message}`);
      bad = true;
    };
    for (const identity of row.identities) {
      const earlier = seen.get(keyOf(identity));
      if (earlier !== undefined) problem(identity.column, `“${identity.value}”与第 ${earlier} 行重复`);
      else seen.set(keyOf(identity), line);
    }
    const matches = [...new Set(row.identities.map((i) => owners.get(keyOf(i))).filter((id): id is number => id !== undefined))];
    if (matches.length > 1)
      problem(row.identities[0]!.column, `等联系方式分别属于客户 ${matches.map((id) => `#${id}`).join('、')}，请先合并这些客户`);
    let agentId: number | undefined;
    if (row.agentName) {
      const wanted = row.agentName.toLowerCase();
      agentId = agents.find((a) => a.display_name === row.agentName || a.username.toLowerCase() === wanted)?.id;
      if (agentId === undefined) problem('agent', `“${row.agentName}”不是在职客服的姓名或账号`);
    }
    if (!bad) plan.push({ line, row, existingId: matches[0] ?? null, agentId });
  }
  return plan;
}

/** identity key → the customer holding it, for the identities asked about. */
async function knownIdentities(db: Db | Tx, identities: readonly IdentityInput[]) {
  const owners = new Map<string, number>();
  for (let i = 0; i < identities.length; i += 500) {
    const chunk = identities.slice(i, i + 500);
    const found = await db
      .selectFrom('customer_identities')
      .select(['kind', 'value', 'customer_id'])
      .where((eb) => eb.or(chunk.map((c) => eb.and([eb('kind', '=', c.kind), eb('value', '=', c.value)]))))
      .execute();
    for (const f of found) owners.set(`${f.kind}:${f.value}`, f.customer_id);
  }
  return owners;
}

async function writeRow(tx: Tx, actor: Principal, p: Planned) {
  const { input, identities } = p.row;
  const plain = identities.map(({ kind, value }) => ({ kind, value }));
  if (p.existingId === null) {
    await insertCustomer(tx, actor, { ...input, assignedAgentId: p.agentId ?? null }, plain);
    return;
  }
  const id = p.existingId;
  // A filled cell overwrites, an empty one leaves the file as it is; tags and contacts are added to.
  await tx
    .updateTable('customers')
    .set({
      name: input.name,
      ...(input.gender && { gender: input.gender }),
      ...(input.birthday && { birthday: input.birthday }),
      ...(p.row.lunarGiven && { birthday_lunar: input.birthdayLunar }),
      ...(p.agentId !== undefined && { assigned_agent_id: p.agentId }),
      ...(input.tags?.length && {
        tags: sql<
          string[]
        >`array(select t from unnest(tags || array[${sql.join(input.tags)}]::text[]) with ordinality u(t, n) group by t order by min(n))`,
      }),
      version: nextVersion(),
      updated_at: sql<Date>`now()` as unknown as Date,
    })
    .where('id', '=', id)
    .execute();
  if (plain.length)
    await tx
      .insertInto('customer_identities')
      .values(plain.map((i) => ({ customer_id: id, ...i })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  const [address] = input.addresses ?? [];
  if (address) {
    const existing = await tx.selectFrom('customer_addresses').select(['detail', 'is_default']).where('customer_id', '=', id).execute();
    if (!existing.some((a) => a.detail === address.detail))
      await insertAddresses(tx, id, [{ ...address, isDefault: !existing.some((a) => a.is_default) }]);
  }
  await refreshSearch(tx, id);
  await audit(tx, { actorId: actor.id, action: 'customer.update', entity: 'customer', entityId: id, detail: { import: true, line: p.line } });
}
