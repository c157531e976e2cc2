import { readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Keeps docs/decisions/0012-table-ownership.md true: its owners table and known debts are read from the record itself.
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const RECORD = readFileSync(new URL('../../../../docs/decisions/0012-table-ownership.md', import.meta.url), 'utf8');

const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

function section(title: string): string[] {
  const start = RECORD.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`0012 has no "## ${title}" section`);
  const end = RECORD.indexOf('\n## ', start + 1);
  return RECORD.slice(start, end < 0 ? undefined : end).split('\n');
}

/** table → owning module ("tickets/"), from the record's table; a table listed twice is kept as a list. */
function owners(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of section('Owners').filter((line) => line.startsWith('| `'))) {
    const [, moduleCell = '', tablesCell = ''] = row.split('|');
    const [module] = ticked(moduleCell);
    for (const table of ticked(tablesCell)) map.set(table, [...(map.get(table) ?? []), module!]);
  }
  return map;
}

const exempt = ticked(RECORD.split('\n').find((line) => line.startsWith('- **Exempt:**')) ?? '').filter((path) => path.endsWith('/'));

/** "file → table" pairs the record accepts as known debts. */
const debts = section('Known debts')
  .filter((line) => line.startsWith('- `'))
  .flatMap((line) => {
    const [file, ...tables] = ticked(line.slice(0, line.indexOf(':')));
    return tables.map((table) => `${file} → ${table}`);
  });

function schemaTables(): string[] {
  const schema = readFileSync(new URL('db/schema.ts', `file://${SRC}`), 'utf8');
  const db = schema.slice(schema.indexOf('export interface DB'));
  return [...db.matchAll(/([a-z_]+): [A-Z]\w*Table/g)].map((m) => m[1]!);
}

interface Write {
  module: string;
  file: string;
  table: string;
}

const KYSELY_WRITE = /\.(?:insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\(\s*'([a-z_]+)/g;
const VERSIONED_WRITE = /\bwriteVersioned\(\s*\w+,\s*'([a-z_]+)'/g;
const SQL_WRITE = /\b(?:insert\s+into|merge\s+into|delete\s+from)\s+([a-z_]+)|\bupdate\s+([a-z_]+)(?:\s+[a-z]\w*)?\s+set\b/gi;

/** Every write to a table named literally in apps/server/src, by file; whole-line comments are left out. */
function writes(tables: Set<string>): Write[] {
  const found: Write[] = [];
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = relative(SRC, `${entry.parentPath}/${entry.name}`);
    if (exempt.some((folder) => file.startsWith(folder))) continue;
    const module = file.includes('/') ? `${file.split('/')[0]}/` : file;
    const code = readFileSync(`${SRC}${file}`, 'utf8')
      .replace(/^\s*\/\*[\s\S]*?\*\//gm, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const pattern of [KYSELY_WRITE, VERSIONED_WRITE, SQL_WRITE]) {
      for (const match of code.matchAll(pattern)) {
        const table = (match[1] ?? match[2])!.toLowerCase();
        if (tables.has(table)) found.push({ module, file, table });
      }
    }
  }
  return found;
}

describe('table ownership (docs/decisions/0012)', () => {
  const tables = schemaTables();
  const owner = owners();
  const found = writes(new Set(tables));

  it('gives every table of the schema exactly one owner, and names no other table', () => {
    expect(tables.length).toBeGreaterThan(40);
    expect(tables.filter((table) => owner.get(table)?.length !== 1)).toEqual([]);
    expect([...owner.keys()].filter((table) => !tables.includes(table))).toEqual([]);
    expect(exempt).toEqual(['db/migrations/', 'seed/']);
  });

  it('sees each owner write its own tables, so the scan itself works', () => {
    const modules = new Set([...owner.values()].flat());
    const writers = new Set(found.filter((w) => owner.get(w.table)?.[0] === w.module).map((w) => w.module));
    expect([...modules].filter((module) => !writers.has(module))).toEqual([]);
  });

  it('lets only the owner write a table, apart from the known debts', () => {
    const strays = found
      .filter((w) => owner.get(w.table)?.[0] !== w.module && !debts.includes(`${w.file} → ${w.table}`))
      .map((w) => `${w.file} writes ${w.table}, owned by ${owner.get(w.table)?.[0] ?? 'nobody'}`);
    expect([...new Set(strays)]).toEqual([]);
  });

  it('lists no debt that is already paid', () => {
    const seen = new Set(found.map((w) => `${w.file} → ${w.table}`));
    expect(debts.length).toBeGreaterThan(0);
    expect(debts.filter((debt) => !seen.has(debt))).toEqual([]);
  });
});
