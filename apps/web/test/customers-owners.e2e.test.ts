/**
 * A supervisor edits a customer file in the browser (a lunar birthday, a tag, a marketplace contact) and sees its
 * history, then spreads the customers without an owner over two agents from 客户分配 after previewing the plan.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, pickOption, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;
const SHOTS = resolve(OUTPUT, 'owners');

beforeAll(async () => {
  harness = await startHarness({ customers: 30, tickets: 4 });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await harness?.close();
});

describe('customer owners in the browser', () => {
  it('edits the file with a lunar birthday, a tag and a contact, then balance-assigns the unassigned customers', async () => {
    const { ctx, browser, base } = harness;
    const customer = await ctx.db.selectFrom('customers').select(['id', 'name']).orderBy('id').limit(1).executeTakeFirstOrThrow();
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
      await page.goto(`${base}/customers/${customer.id}`);
      await page.getByTestId('customer-history').waitFor();

      await page.getByTestId('customer-edit').click();
      const birthday = page.getByTestId('customer-form-birthday');
      await birthday.click();
      await birthday.fill('1990-08-15');
      await birthday.press('Enter');
      await page.getByTestId('customer-form-lunar').check();
      const tags = page.getByTestId('customer-form-tags').locator('input');
      await tags.fill('中秋生日');
      await tags.press('Enter');
      const taobao = page.getByTestId('customer-form-taobao').locator('input');
      await taobao.fill('tb_moon_1990');
      await taobao.press('Enter');
      await settle();
      await page.screenshot({ path: resolve(SHOTS, 'customer-edit.png') });
      await page.getByTestId('customer-save').click();
      await page.getByTestId('customer-save').waitFor({ state: 'detached' });

      const saved = await ctx.db
        .selectFrom('customers')
        .select(['birthday', 'birthday_lunar', 'tags'])
        .where('id', '=', customer.id)
        .executeTakeFirstOrThrow();
      expect(saved).toMatchObject({ birthday: '1990-08-15', birthday_lunar: true });
      expect(saved.tags).toContain('中秋生日');
      const ids = await ctx.db.selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customer.id).execute();
      expect(ids).toContainEqual({ kind: 'taobao', value: 'tb_moon_1990' });
      await page.getByTestId('customer-lunar').filter({ hasText: '农历八月十五' }).waitFor();
      await settle();
      await page.screenshot({ path: resolve(SHOTS, 'customer-file.png'), fullPage: true });

      // 客户分配: five customers lose their owner, then go to 小美 and 阿杰 by load.
      const loose = (await ctx.db.selectFrom('customers').select('id').orderBy('id', 'desc').limit(5).execute()).map((c) => c.id);
      await ctx.db.updateTable('customers').set({ assigned_agent_id: null }).where('id', 'in', loose).execute();
      await page.getByRole('menuitem', { name: '客户分配' }).click();
      await page.waitForURL(/\/customers\/owners$/);
      await page.getByTestId('owners-table').waitFor();
      const unassigned = await ctx.db
        .selectFrom('customers')
        .select('id')
        .where('assigned_agent_id', 'is', null)
        .where('merged_into_id', 'is', null)
        .execute();
      expect(Number(await page.getByTestId('owners-total-none').innerText())).toBe(unassigned.length);
      await settle();
      await page.screenshot({ path: resolve(SHOTS, 'owners.png'), fullPage: true });

      await page.getByTestId('owners-balance').click();
      const agents = page.getByTestId('owners-agents');
      await agents.click();
      for (const name of ['小美', '阿杰']) await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('owners-preview').click();
      await page.getByTestId('owners-plan').waitFor();
      expect(await page.getByTestId('owners-plan').innerText()).toContain(`共 ${unassigned.length} 位客户`);
      await settle();
      await page.screenshot({ path: resolve(SHOTS, 'owners-preview.png') });
      await page.getByTestId('owners-apply').click();
      await page.getByTestId('owners-plan').waitFor({ state: 'detached' });
      await page.getByTestId('owners-total-none').filter({ hasText: /^0$/ }).waitFor();

      const after = await ctx.db
        .selectFrom('customers')
        .select('assigned_agent_id')
        .where(
          'id',
          'in',
          unassigned.map((c) => c.id),
        )
        .execute();
      const owners = await ctx.db.selectFrom('users').select(['id']).where('username', 'in', ['xiaomei', 'ajie']).execute();
      expect(after.every((c) => owners.some((o) => o.id === c.assigned_agent_id))).toBe(true);
      const firstContacts = await ctx.db
        .selectFrom('follow_ups')
        .select('id')
        .where('reason', '=', 'new_owner')
        .where(
          'customer_id',
          'in',
          unassigned.map((c) => c.id),
        )
        .execute();
      expect(firstContacts).toHaveLength(unassigned.length);
      await settle();
      await page.screenshot({ path: resolve(SHOTS, 'owners-after.png'), fullPage: true });

      // 离职转移: 小美's customers, previewed over 丽娜 and 李主管 (not applied).
      const xiaomei = await ctx.db.selectFrom('users').select('id').where('username', '=', 'xiaomei').executeTakeFirstOrThrow();
      const hers = await ctx.db.selectFrom('customers').select('id').where('assigned_agent_id', '=', xiaomei.id).execute();
      await page.getByTestId('owners-spread').click();
      await pickOption(page, page.getByTestId('owners-from'), '小美');
      await page.getByTestId('owners-agents').click();
      for (const name of ['丽娜', '李主管']) await page.locator('.ant-select-item-option').filter({ hasText: name }).last().click();
      await page.keyboard.press('Escape');
      await page.getByTestId('owners-preview').click();
      await page
        .getByTestId('owners-plan')
        .filter({ hasText: `共 ${hers.length} 位客户` })
        .waitFor();
      await settle();
      await page.screenshot({ path: resolve(SHOTS, 'owners-spread.png') });
      expect(await ctx.db.selectFrom('customers').select('id').where('assigned_agent_id', '=', xiaomei.id).execute()).toHaveLength(hers.length);
    } finally {
      await context.close();
    }
  }, 90_000);
});
