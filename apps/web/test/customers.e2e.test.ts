/**
 * A supervisor keeps the customer files in the browser: creates a customer while the form shows the existing one
 * holding the typed phone, edits the new file (an edit overtaken by someone else is refused, then saved after a
 * reload), and merges a duplicate into it after seeing what moves; the merged-away id then opens the kept file.
 */
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, pickOption, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ customers: 40, tickets: 4 });
});

afterAll(async () => {
  await harness?.close();
});

/** Types values into an antd tags Select, each ended with Enter. */
async function tags(page: Page, testId: string, values: string[]) {
  const input = page.getByTestId(testId).locator('input');
  for (const v of values) {
    await input.fill(v);
    await input.press('Enter');
  }
}

describe('customer files in the browser', () => {
  it('creates with duplicate candidates, edits (stale refused, then saved) and merges a duplicate', async () => {
    const { ctx, browser, base } = harness;
    const existing = await ctx.db
      .selectFrom('customers')
      .innerJoin('customer_identities as ci', 'ci.customer_id', 'customers.id')
      .select(['customers.id', 'customers.name', 'ci.value as phone'])
      .where('ci.kind', '=', 'phone')
      .orderBy('customers.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const settle = async () => {
      await page.mouse.move(0, 0);
      await page.waitForTimeout(400);
    };
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.goto(`${base}/customers`);
      await page.getByTestId('customer-new').waitFor();
      await page.locator('.ant-table-row').first().waitFor();
      await settle();
      await page.screenshot({ path: resolve(OUTPUT, 'customers-list.png') });

      // 新建客户: typing a known phone shows its customer with "open this one instead".
      await page.getByTestId('customer-new').click();
      await page.getByTestId('customer-form-name').fill('林晓雨');
      await tags(page, 'customer-form-phones', [existing.phone]);
      const candidates = page.getByTestId('customer-duplicates');
      await candidates.getByTestId('customer-duplicate').filter({ hasText: existing.name }).waitFor();
      expect(await candidates.innerText()).toContain('手机相同');
      await settle();
      await page.screenshot({ path: resolve(OUTPUT, 'customers-create.png') });

      // Not the same person after all: another phone, a tag, then save opens the new file.
      await page.getByTestId('customer-form-phones').locator('.ant-select-selection-item-remove').first().click();
      await tags(page, 'customer-form-phones', ['13955556666']);
      await candidates.waitFor({ state: 'detached' });
      await tags(page, 'customer-form-tags', ['新客']);
      await page.getByTestId('customer-save').click();
      await page.waitForURL(/\/customers\/\d+$/);
      await page.getByTestId('customer-name').filter({ hasText: '林晓雨' }).waitFor();
      const created = await ctx.db.selectFrom('customers').selectAll().where('name', '=', '林晓雨').executeTakeFirstOrThrow();
      expect(created.tags).toEqual(['新客']);

      // 编辑: someone else saves first — refused as stale; after 重新加载 the owner and a tag are saved.
      await page.getByTestId('customer-edit').click();
      await tags(page, 'customer-form-tags', ['大码']);
      await sql`update customers set version = version + 1 where id = ${created.id}`.execute(ctx.db);
      await page.getByTestId('customer-save').click();
      await page.getByTestId('customer-stale').filter({ hasText: '其他人刚刚修改了此客户' }).waitFor();
      await page.getByTestId('customer-stale').getByRole('button', { name: '重新加载' }).click();
      await page.getByTestId('customer-stale').waitFor({ state: 'detached' });
      await tags(page, 'customer-form-tags', ['大码']);
      await pickOption(page, page.getByTestId('customer-form-agent'), '小美');
      await page.getByTestId('customer-save').click();
      await page.getByTestId('customer-save').waitFor({ state: 'detached' });
      await expect
        .poll(async () => (await ctx.db.selectFrom('customers').select('tags').where('id', '=', created.id).executeTakeFirstOrThrow()).tags)
        .toEqual(['新客', '大码']);
      await page.getByText('小美').first().waitFor();
      // Both toasts ('客户已创建', '已保存') may still be up on a slow run: wait until none is left, not for one.
      await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
      await settle();
      await page.screenshot({ path: resolve(OUTPUT, 'customers-file.png') });

      // 合并: a namesake file from Taobao with a chat and a note; the preview shows what moves.
      const dupe = await ctx.db
        .insertInto('customers')
        .values({ name: '林晓雨', tags: ['淘宝'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ctx.db.insertInto('customer_identities').values({ customer_id: dupe.id, kind: 'taobao', value: 'xiaoyu_tb' }).execute();
      await ctx.db.insertInto('customer_notes').values({ customer_id: dupe.id, author_id: null, body: '淘宝老买家' }).execute();
      await page.getByTestId('customer-merge').click();
      await page
        .getByTestId('merge-suggestion')
        .filter({ hasText: `#${dupe.id}` })
        .click();
      const preview = page.getByTestId('merge-preview');
      await preview.getByText('客户备注').waitFor();
      expect(await preview.innerText()).toContain('xiaoyu_tb');
      await settle();
      await page.screenshot({ path: resolve(OUTPUT, 'customers-merge.png') });
      await page.getByTestId('merge-confirm').click();
      await page.getByTestId('merge-preview').waitFor({ state: 'detached' });
      await expect
        .poll(
          async () =>
            (await ctx.db.selectFrom('customers').select('merged_into_id').where('id', '=', dupe.id).executeTakeFirstOrThrow()).merged_into_id,
        )
        .toBe(created.id);
      await page.getByText('淘宝老买家').waitFor();

      // The merged-away id opens the kept file.
      await page.goto(`${base}/customers/${dupe.id}`);
      await page.waitForURL(new RegExp(`/customers/${created.id}$`));
      await page.getByTestId('customer-name').filter({ hasText: '林晓雨' }).waitFor();
    } finally {
      await context.close();
    }
  }, 90_000);
});
