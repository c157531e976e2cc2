/**
 * The service bot in two browsers: a shopper on the demo shop page asks a known question and the bot
 * answers (the shopper marks it helpful), then asks for a person; the agent in the workspace receives the
 * conversation with the bot's answer and its handover note above it.
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
  await ctx.db
    .updateTable('shops')
    .set({ bot: JSON.stringify({ enabled: true, threshold: 0.6 }) })
    .execute();
});

afterAll(async () => {
  await harness?.close();
});

describe('the bot, then a person', () => {
  it('answers a known question in the widget and hands over to the agent with its part visible', async () => {
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
      await shopper.locator('textarea.in').fill('退款一般多久能到账？');
      await shopper.locator('.sendb').click();

      // The bot answers, and says it is the bot.
      const answer = shopper.locator('.row.them', { hasText: '智能客服' }).filter({ hasText: '到账' });
      await answer.waitFor();
      await shopper.locator('.hd-s', { hasText: '智能客服为您服务' }).waitFor();
      await answer.locator('.fb-b[data-helpful=yes]').click();
      await answer.locator('.fb.done').waitFor();
      await shopper.screenshot({ path: resolve(OUTPUT, 'e2e-bot-answer.png') });
      // Nothing has reached the agent yet.
      expect(await agent.getByTestId('conv-item').count()).toBe(0);

      // 转人工: the conversation goes to 小美.
      await shopper.locator('.hd-b', { hasText: '转人工' }).click();
      await shopper.locator('.hd-s', { hasText: '小美' }).waitFor();
      const item = agent.getByTestId('conv-item').first();
      await item.waitFor();
      await item.click();
      await agent.getByTestId('msg-in').filter({ hasText: '退款一般多久能到账' }).waitFor();
      await agent.getByTestId('msg-out').filter({ hasText: '到账' }).filter({ hasText: '机器人' }).waitFor();
      await agent.getByTestId('msg-note').filter({ hasText: '顾客要求人工' }).waitFor();
      await agent.screenshot({ path: resolve(OUTPUT, 'e2e-bot-handover-agent.png') });

      const logged = await ctx.db.selectFrom('bot_answers').select(['helpful', 'confidence']).execute();
      expect(logged).toEqual([{ helpful: true, confidence: expect.any(Number) }]);
      expect(logged[0]!.confidence).toBeGreaterThanOrEqual(0.6);
      const conv = await ctx.db
        .selectFrom('conversations')
        .innerJoin('users', 'users.id', 'conversations.agent_id')
        .select(['conversations.status', 'users.username'])
        .orderBy('conversations.id', 'desc')
        .executeTakeFirstOrThrow();
      expect(conv).toEqual({ status: 'active', username: 'xiaomei' });
    } finally {
      await agentContext.close();
      await shopperContext.close();
    }
  }, 90_000);
});
