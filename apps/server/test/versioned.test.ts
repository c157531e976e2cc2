import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVersion, lockVersioned, writeVersioned } from '../src/db/versioned.ts';
import type { AppContext } from '../src/http/context.ts';
import { HttpError } from '../src/http/errors.ts';
import { createTestContext } from './helpers.ts';

let ctx: AppContext;
let close: () => Promise<void>;
let productId: number;
beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  ({ id: productId } = await ctx.db
    .insertInto('products')
    .values({ sku: 'V-1', name: '睡衣', category: '睡衣', price_fen: 100, warranty_days: 0 })
    .returning('id')
    .executeTakeFirstOrThrow());
});
afterAll(async () => {
  await close();
});

/** What a change inside the helper's transaction is refused with, or null. */
async function refusal(change: () => Promise<unknown>) {
  try {
    await change();
    return null;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return { status: err.status, code: err.code, message: err.message, ...err.details };
  }
}

describe('a locked, version-checked change', () => {
  it('writes at the version it was based on and moves the version on', async () => {
    const version = await ctx.db.transaction().execute(async (tx) => {
      const row = await lockVersioned(tx, 'products', productId, 1);
      expect(row).toMatchObject({ id: productId, sku: 'V-1', version: 1 });
      return writeVersioned(tx, 'products', productId, { stock: 5 });
    });
    expect(version).toBe(2);
    const stored = await ctx.db.selectFrom('products').select(['stock', 'version']).where('id', '=', productId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ stock: 5, version: 2 });
  });

  it('refuses a stale version with 409 stale_version and the current one, writing nothing', async () => {
    const refused = await refusal(() =>
      ctx.db.transaction().execute(async (tx) => {
        await lockVersioned(tx, 'products', productId, 1);
        await writeVersioned(tx, 'products', productId, { stock: 99 });
      }),
    );
    expect(refused).toEqual({
      status: 409,
      code: 'stale_version',
      message: 'the product was changed by someone else; reload and try again',
      currentVersion: 2,
    });
    expect((await ctx.db.selectFrom('products').select('stock').where('id', '=', productId).executeTakeFirstOrThrow()).stock).toBe(5);
  });

  it('answers a record that does not exist with 404, by its name', async () => {
    expect(await refusal(() => ctx.db.transaction().execute((tx) => lockVersioned(tx, 'after_sales', 999_999, 1)))).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'after-sale request not found',
    });
  });

  it('lets exactly one of two edits of the same version through: the row stays locked until the first commits', async () => {
    const { version } = await ctx.db.selectFrom('products').select('version').where('id', '=', productId).executeTakeFirstOrThrow();
    const edit = (stock: number) =>
      refusal(() =>
        ctx.db.transaction().execute(async (tx) => {
          await lockVersioned(tx, 'products', productId, version);
          await writeVersioned(tx, 'products', productId, { stock });
        }),
      );
    const outcomes = await Promise.all([edit(10), edit(20)]);
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect(outcomes.find((o) => o !== null)).toMatchObject({ code: 'stale_version', currentVersion: version + 1 });
  });

  it('checks a version read another way (a setting never saved is at version 0)', () => {
    expect(() => checkVersion('setting', 0, 0)).not.toThrow();
    expect(() => checkVersion('setting', 3, 0)).toThrow(expect.objectContaining({ code: 'stale_version', details: { currentVersion: 3 } }));
  });
});
