import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteStatements } from '../src/db/pglite-statements.ts';

// PGlite's own query() is the reference: a prepared run must give what it gives, and fail where it fails.
let db: PGlite;
beforeAll(async () => {
  db = new PGlite('memory://', { parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v } });
  await db.exec(`create table item (id bigserial primary key, name text not null, day date, at timestamptz, tags text[], data jsonb,
    price int check (price >= 0), state text not null default 'open');
    create unique index item_open_name on item (name) where state <> 'closed';`);
});
afterAll(() => db.close());

const INSERT = `insert into item (name, day, at, tags, data, price) values ($1, $2, $3, $4::text[], $5::jsonb, $6) returning *`;

describe('PGlite statements prepared by name', () => {
  it('give the rows, fields and counts that query() gives, with the same parsers', async () => {
    const statements = new PGliteStatements(db);
    const values = ['围巾', '2026-12-01', new Date('2026-12-01T02:03:04Z'), ['红', 'x'], JSON.stringify({ a: [1, '二'] }), 5900];
    const prepared = await statements.query(INSERT, values);
    const plain = await db.query(INSERT, ['帽子', ...values.slice(1)]);
    expect({ ...prepared.rows[0]!, id: 0, name: '' }).toEqual({ ...plain.rows[0]!, id: 0, name: '' });
    expect(prepared.rows[0]).toMatchObject({ day: '2026-12-01', tags: ['红', 'x'], data: { a: [1, '二'] }, price: 5900, state: 'open' });
    expect(typeof (prepared.rows[0] as { id: unknown }).id).toBe('number');
    expect(prepared.fields).toEqual(plain.fields);
    expect(prepared.affectedRows).toBe(1);
    const update = await statements.query(`update item set price = price + $1 where price >= $2`, [1, 0]);
    expect(update.affectedRows).toBe(2);
    expect((await statements.query('select count(*)::int as n from item where name = any($1::text[])', [['围巾', '帽子']])).rows).toEqual([{ n: 2 }]);
  });

  it('fail as query() fails, and the next statement runs', async () => {
    const statements = new PGliteStatements(db);
    await expect(statements.query('select nonsense from', [])).rejects.toMatchObject({ code: '42601' });
    await expect(statements.query(INSERT, ['负数', null, null, [], '{}', -1])).rejects.toMatchObject({
      code: '23514',
      constraint: 'item_price_check',
    });
    await expect(statements.query('select $1::int as n', ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    expect((await statements.query('select $1::int as n', [7])).rows).toEqual([{ n: 7 }]);
    expect(statements.size).toBe(2); // the text that did not parse is not kept
  });

  it('roll back with the transaction they ran in', async () => {
    const statements = new PGliteStatements(db);
    await statements.query('begin', []);
    await statements.query(INSERT, ['回滚', null, null, [], '{}', 1]);
    await expect(statements.query(INSERT, ['回滚', null, null, [], '{}', 1])).rejects.toMatchObject({ code: '23505' });
    await statements.query('rollback', []);
    expect((await statements.query(`select count(*)::int as n from item where name = $1`, ['回滚'])).rows).toEqual([{ n: 0 }]);
  });

  it('are prepared again when their table changed shape', async () => {
    const statements = new PGliteStatements(db);
    await db.exec('create table shape (id int)');
    await statements.query('insert into shape values ($1)', [1]);
    expect((await statements.query('select * from shape where id = $1', [1])).rows).toEqual([{ id: 1 }]);
    await db.exec(`alter table shape add column label text default '新'`);
    expect((await statements.query('select * from shape where id = $1', [1])).rows).toEqual([{ id: 1, label: '新' }]);
  });

  it('run an ON CONFLICT on a partial unique index however often (a generic plan could not)', async () => {
    const statements = new PGliteStatements(db);
    const upsert = `insert into item (name) values ($1) on conflict (name) where state <> $2 do nothing returning id`;
    for (let i = 0; i < 8; i++) await statements.query(upsert, ['唯一', 'closed']);
    expect((await statements.query(`select count(*)::int as n from item where name = $1`, ['唯一'])).rows).toEqual([{ n: 1 }]);
  });

  it('keep only the most recently used texts prepared, closing the others', async () => {
    const statements = new PGliteStatements(db, 3);
    for (let n = 1; n <= 5; n++) expect((await statements.query(`select $1::int + ${n} as n`, [1])).rows).toEqual([{ n: n + 1 }]);
    expect(statements.size).toBe(3);
    const { rows } = await db.query<{ name: string }>(`select name from pg_prepared_statements where statement like 'select $1::int + %'`);
    expect(rows).toHaveLength(3);
    expect((await statements.query(`select $1::int + 1 as n`, [1])).rows).toEqual([{ n: 2 }]); // closed, prepared again
  });
});
