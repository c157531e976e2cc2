/**
 * A supervisor keeps the knowledge base: adds an FAQ entry through the form, checks with 测试匹配 that a
 * shopper's paraphrase finds it first, then opens a garment's product page and asks the size calculator for
 * 165 cm / 55 kg; an edit of the product made stale by someone else's save is refused as such, then saved.
 */
import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/http/context.ts';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;
let ctx: AppContext;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 10, tickets: 5 });
  ({ ctx, browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

describe('knowledge base and product knowledge, in the browser', () => {
  it('adds an FAQ entry, finds it from a paraphrase, and advises a size', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    /** The pointer off the page and the hover and fade transitions over, for a screenshot that shows the steady state. */
    const settle = async () => {
      await page.mouse.move(0, 0);
      await page.waitForTimeout(400);
    };
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'zhuguan', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.getByRole('menuitem', { name: /知识库/ }).click();
      await page.waitForURL(/\/knowledge$/);
      await page.getByTestId('faq-row-question').first().waitFor();

      // A new entry through the form: question, two phrasings, an answer with a variable, a category.
      await page.getByTestId('faq-new').click();
      const drawer = page.locator('.kefu-faq-drawer');
      await drawer.getByTestId('faq-question').fill('店铺周年庆有什么活动');
      await drawer.getByTestId('faq-alternative').first().fill('店庆有什么优惠');
      await drawer.getByTestId('faq-add-alternative').click();
      await drawer.getByTestId('faq-alternative').nth(1).fill('周年庆活动怎么参加');
      await drawer.getByTestId('faq-answer').fill('亲爱的');
      await drawer.locator('button.kefu-var').first().click();
      await expect.poll(() => drawer.getByTestId('faq-answer').inputValue()).toBe('亲爱的{customerName}');
      await drawer.getByTestId('faq-answer').press('End');
      await page.keyboard.insertText('，店铺周年庆全场满199减30，还送定制帆布袋，活动到本月底结束～');
      await drawer.locator('input#category').fill('优惠活动');
      await page.keyboard.press('Escape');
      await drawer.getByTestId('faq-save').click();
      await drawer.waitFor({ state: 'hidden' });
      await page.getByTestId('faq-row-question').filter({ hasText: '店铺周年庆有什么活动' }).waitFor();

      const saved = await ctx.db
        .selectFrom('faq_entries')
        .select(['alternatives', 'answer', 'category', 'enabled'])
        .where('question', '=', '店铺周年庆有什么活动')
        .executeTakeFirstOrThrow();
      expect(saved).toMatchObject({ alternatives: ['店庆有什么优惠', '周年庆活动怎么参加'], category: '优惠活动', enabled: true });
      expect(saved.answer).toMatch(/^亲爱的\{customerName\}，店铺周年庆/);

      // 测试匹配: a paraphrase finds the new entry first, with a confidence and the detected intent.
      await page.getByTestId('match-input').fill('店庆有什么福利');
      await page.getByTestId('match-run').click();
      await expect.poll(() => page.getByTestId('match-question').first().innerText()).toBe('店铺周年庆有什么活动');
      await expect.poll(() => page.getByTestId('match-intent').innerText()).toMatch(/识别意图/);
      await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
      await settle();
      await page.screenshot({ path: resolve(OUTPUT, 'knowledge.png') });

      // 商品资料: find the pyjamas by SKU and open them.
      await page.getByRole('menuitem', { name: /商品资料/ }).click();
      await page.waitForURL(/\/products$/);
      await page.getByTestId('product-search').locator('input').fill('NC-H006');
      await page.getByTestId('product-search').locator('input').press('Enter');
      await expect.poll(() => page.getByTestId('product-link').count()).toBe(1);
      await page.getByTestId('product-link').filter({ hasText: '珊瑚绒家居服套装' }).click();
      await page.waitForURL(/\/products\/\d+$/);
      await page.getByTestId('product-name').filter({ hasText: '珊瑚绒家居服套装' }).waitFor();
      await page.getByTestId('size-chart').getByText('160–168').waitFor();
      await page.getByTestId('promotion').filter({ hasText: '满 ¥300.00 减 ¥40.00' }).waitFor();

      // 尺码推荐: 165 cm and 55 kg are both in the M row.
      await page.getByTestId('size-height').fill('165');
      await page.getByTestId('size-weight').fill('55');
      await page.getByTestId('size-run').click();
      await expect.poll(() => page.getByTestId('size-advice').innerText()).toBe('M');
      expect(await page.getByTestId('size-reason').innerText()).toBe('身高体重都在 M 码范围');
      await page.locator('.kefu-size-hit').filter({ hasText: 'M' }).waitFor();
      await settle();
      await page.screenshot({ path: resolve(OUTPUT, 'product.png'), fullPage: true });

      // Editing: someone else saves first, so the save is refused as stale; after 刷新 it goes through.
      await page.getByTestId('product-edit').click();
      await page.getByTestId('product-stock').fill('88');
      await ctx.db
        .updateTable('products')
        .set({ version: sql<number>`version + 1` })
        .where('sku', '=', 'NC-H006')
        .execute();
      await page.getByTestId('product-save').click();
      await page.getByTestId('product-conflict').filter({ hasText: '已被他人修改，请刷新' }).waitFor();
      await page.getByTestId('product-conflict').getByRole('button', { name: '刷新' }).click();
      await page.getByTestId('product-conflict').waitFor({ state: 'detached' });
      await page.getByTestId('product-stock').fill('88');
      await page.getByTestId('product-save').click();
      await page.getByTestId('product-save').waitFor({ state: 'detached' });
      await expect
        .poll(async () => (await ctx.db.selectFrom('products').select('stock').where('sku', '=', 'NC-H006').executeTakeFirstOrThrow()).stock)
        .toBe(88);
      const chart = (await ctx.db.selectFrom('products').select('size_chart').where('sku', '=', 'NC-H006').executeTakeFirstOrThrow()).size_chart as {
        size: string;
      }[];
      expect(chart.map((r) => r.size)).toEqual(['S', 'M', 'L', 'XL']);
    } finally {
      await context.close();
    }
  }, 45_000);
});
