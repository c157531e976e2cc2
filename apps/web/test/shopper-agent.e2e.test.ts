/**
 * Two browser contexts against one in-process server: a shopper on the demo shop page with the embedded
 * widget, and an agent in the workspace. The shopper asks, the agent answers with a quick reply (typed `/`),
 * the shopper sees it, the agent ends the chat and the shopper rates it — checked on both pages and in the
 * database.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/http/context.ts';
import { openWorkspace, OUTPUT as ROOT_OUTPUT, startHarness, type Harness } from './browser-harness.ts';

const OUTPUT = resolve(ROOT_OUTPUT, 'chat');
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

describe('a shopper and an agent, each in a browser', () => {
  it('asks in the widget, gets a quick reply from the workspace, and rates the chat', async () => {
    const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const shopperContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      const agent = await agentContext.newPage();
      agent.setDefaultTimeout(20_000);
      await openWorkspace(agent, base, 'xiaomei');

      const shopper = await shopperContext.newPage();
      shopper.setDefaultTimeout(20_000);
      await shopper.goto(`${base}/widget/demo.html`);
      await shopper.locator('.launcher').click();
      const input = shopper.locator('textarea.in');
      await input.fill('你好，这件T恤165cm穿什么码？');
      await shopper.locator('.sendb').click();
      await shopper.locator('.row.me', { hasText: '165cm' }).waitFor();
      await shopper.locator('.hd-s', { hasText: '小美' }).waitFor();

      // The agent sees the conversation and opens it.
      const item = agent.getByTestId('conv-item').filter({ hasText: '165cm' });
      await item.waitFor();
      await item.click();
      await agent.getByTestId('msg-in').filter({ hasText: '165cm' }).waitFor();

      // The knowledge suggests answers to the shopper's question; one click puts one in the composer.
      const suggestion = agent.getByTestId('suggestion').first();
      await suggestion.waitFor();
      await agent.screenshot({ path: resolve(OUTPUT, 'e2e-agent-suggestions.png') });
      await suggestion.click();
      expect(await agent.getByTestId('chat-input').inputValue()).toMatch(/码/);
      await agent.getByTestId('chat-input').fill('');
      // The question is about the T-shirt: one click sends its card, which the shopper sees.
      await agent.getByTestId('suggested-product').filter({ hasText: 'T恤' }).click();
      await agent.getByTestId('product-card').filter({ hasText: 'T恤' }).waitFor();
      await shopper.locator('.row.them .card', { hasText: '推荐商品' }).filter({ hasText: '¥59.00' }).waitFor();

      // A quick reply: "/" opens the scripts, filtered by what follows.
      const composer = agent.getByTestId('chat-input');
      await composer.pressSequentially('/cm');
      await agent.getByTestId('quick-reply').filter({ hasText: '尺码建议' }).first().click();
      expect(await composer.inputValue()).toContain('麻烦告诉我您的身高和体重');
      await composer.press('Enter');
      await agent.getByTestId('msg-out').filter({ hasText: '身高和体重' }).waitFor();

      // The shopper sees it from 小美.
      await shopper.locator('.row.them', { hasText: '麻烦告诉我您的身高和体重' }).waitFor();

      // The agent ends the chat; the shopper rates it.
      await agent.getByTestId('close').click();
      await agent.getByTestId('close-ok').click();
      await agent.getByTestId('closed-banner').waitFor();
      await shopper.locator('.star').nth(4).click();
      await shopper.locator('textarea[name=comment]').fill('回复很快，谢谢');
      await shopper.locator('form .btn.pri').last().click();
      await shopper.locator('.done').waitFor();
      await shopper.screenshot({ path: resolve(OUTPUT, 'e2e-shopper-rated.png') });
      await agent.screenshot({ path: resolve(OUTPUT, 'e2e-agent-closed.png') });

      const conversation = await ctx.db
        .selectFrom('conversations')
        .select(['status', 'rating', 'rating_comment', 'agent_id', 'first_response_at'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(conversation).toMatchObject({ status: 'closed', rating: 5, rating_comment: '回复很快，谢谢' });
      expect(conversation.first_response_at).not.toBeNull();
      const messages = await ctx.db.selectFrom('messages').select(['sender_kind', 'kind', 'body']).orderBy('id').execute();
      expect(messages.filter((m) => m.sender_kind === 'agent').map((m) => m.kind)).toEqual(['product', 'text']);
      expect(messages.filter((m) => m.sender_kind === 'agent' && m.kind === 'text').map((m) => m.body)).toEqual([
        expect.stringContaining('身高和体重'),
      ]);
    } finally {
      await agentContext.close();
      await shopperContext.close();
    }
  }, 90_000);
});
