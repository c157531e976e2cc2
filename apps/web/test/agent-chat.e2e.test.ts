/**
 * The live-chat workspace in a real browser against an in-process server: a shopper (a plain WebSocket client)
 * writes, the agent answers with Enter, a forbidden phrase is never sent, and a message written while
 * the agent's connection is down is delivered exactly once after the automatic reconnect.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT as ROOT_OUTPUT, startHarness, type Harness } from './browser-harness.ts';
import { TestShopper } from './test-shopper.ts';

const OUTPUT = resolve(ROOT_OUTPUT, 'chat');

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 20, tickets: 10 });
  ({ browser, base } = harness);
  mkdirSync(OUTPUT, { recursive: true });
});

afterAll(async () => {
  await harness?.close();
});

describe('agent chats in the browser', () => {
  it('answers a shopper, never sends a forbidden phrase, survives a dropped connection', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const shopper = await new TestShopper(base).connect();
    try {
      // The agent's socket goes through a route the test can cut.
      let link: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
      let blocked = false;
      await page.routeWebSocket(/\/ws\/agent/, (ws) => {
        if (blocked) return void ws.close({ code: 1011, reason: 'test: down' });
        link = { page: ws, server: ws.connectToServer() };
      });

      await login(page, base, 'xiaomei', 'kefu2026');
      await page.waitForURL(/\/tickets$/);
      await page.getByRole('menuitem', { name: /在线会话/ }).click();
      await page.getByTestId('status-switch').filter({ hasText: '在线' }).waitFor();

      await shopper.send('你好，羽绒服有M码吗？', { url: 'https://shop.example/p/down-1', productName: '轻薄羽绒服' });
      const item = page.locator(`[data-testid=conv-item][data-conv="${shopper.conversationId}"]`);
      await item.filter({ hasText: 'M码' }).waitFor(); // the history came in by `resume`
      await item.click();
      const input = page.getByTestId('chat-input');
      await page.getByTestId('msg-in').filter({ hasText: 'M码' }).waitFor();
      // The page the shopper wrote from is shown with the message.
      await page.getByTestId('msg-page').filter({ hasText: '来自页面：轻薄羽绒服' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('chat-input');

      // Enter sends; the shopper gets it once.
      await input.pressSequentially('您好，M码有货，您看可以吗？');
      await input.press('Enter');
      await shopper.waitFor((f) => f.type === 'message' && f.body === '您好，M码有货，您看可以吗？');

      // A forbidden phrase: warned, and not sent, however often Enter is pressed (the server would refuse it too).
      await input.pressSequentially('这个我不知道');
      await page.getByTestId('forbidden-warning').waitFor();
      await input.press('Enter');
      await input.press('Enter');
      await page.waitForTimeout(300);
      expect(shopper.received('这个我不知道')).toBe(0);
      await input.fill('');

      // Cut the connection; write while it is down; it goes out once after the reconnect.
      // Every earlier message is acknowledged before the cut.
      await expect.poll(() => page.getByTestId('msg-sending').count(), { timeout: 15_000 }).toBe(0);
      blocked = true;
      link!.page.close({ code: 1006 });
      link!.server.close();
      await page.getByTestId('reconnecting').waitFor();
      await input.pressSequentially('断线时写的回复');
      await input.press('Enter');
      await page.getByTestId('msg-sending').first().waitFor();
      await shopper.send('我在您断线时又问了一句');
      blocked = false;
      await page.getByTestId('reconnecting').waitFor({ state: 'detached' });
      await shopper.waitFor((f) => f.type === 'message' && f.body === '断线时写的回复');
      await page.getByTestId('msg-in').filter({ hasText: '又问了一句' }).waitFor();
      await expect.poll(() => page.getByTestId('msg-sending').count(), { timeout: 15_000 }).toBe(0);
      await page.waitForTimeout(500);
      expect(shopper.received('断线时写的回复')).toBe(1);
      expect(await page.getByTestId('msg-out').filter({ hasText: '断线时写的回复' }).count()).toBe(1);
      await page.screenshot({ path: resolve(OUTPUT, 'e2e-chat.png') });
    } finally {
      shopper.close();
      await context.close();
    }
  }, 90_000);
});
