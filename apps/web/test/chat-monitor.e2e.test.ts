/**
 * 会话监控 in a real browser: a shopper writes and the agent 小美 gets the conversation; the supervisor opens it live
 * (旁听), whispers a note that the agent sees and the shopper never receives, then takes the conversation over.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, openWorkspace, OUTPUT, startHarness, type Harness } from './browser-harness.ts';
import { TestShopper } from './test-shopper.ts';

let harness: Harness;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 3, tickets: 2 });
  ({ browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const WHISPER = '先确认订单号再答复尺码';

describe('会话监控, in the browser', () => {
  it('a supervisor listens in, whispers to the agent, and takes the conversation over', async () => {
    const agent = await newPage();
    const lead = await newPage();
    const shopper = await new TestShopper(base).connect();
    try {
      await openWorkspace(agent, base, 'xiaomei');
      await shopper.send('你好，这件毛衣起球吗？');
      const item = agent.locator(`[data-testid=conv-item][data-conv="${shopper.conversationId}"]`);
      await item.filter({ hasText: '起球' }).waitFor();
      await item.click();
      await agent.getByTestId('msg-in').filter({ hasText: '起球' }).waitFor();

      await login(lead, base, 'zhuguan', 'kefu2026');
      await lead.waitForURL(/\/tickets$/);
      await lead.getByRole('menuitem', { name: /会话监控/ }).click();
      await lead.waitForURL(/\/chat\/monitor$/);
      const row = lead.getByTestId('monitor-active').locator('.ant-table-row', { hasText: '小美' });
      await row.waitFor();
      await lead.screenshot({ path: resolve(OUTPUT, 'chat-monitor.png'), fullPage: true });

      await row.getByTestId('monitor-open').click();
      const live = lead.getByTestId('monitor-live');
      await live.getByTestId('msg-in').filter({ hasText: '起球' }).waitFor();
      // Live: what the shopper writes now comes into the open drawer.
      await shopper.send('洗几次会变形吗？');
      await live.getByTestId('msg-in').filter({ hasText: '变形' }).waitFor();

      await live.getByTestId('monitor-whisper').fill(WHISPER);
      await live.getByTestId('monitor-whisper').press('Enter');
      await agent.getByTestId('msg-note').filter({ hasText: WHISPER }).waitFor();
      await live.getByTestId('msg-note').filter({ hasText: WHISPER }).waitFor();
      await lead.screenshot({ path: resolve(OUTPUT, 'chat-monitor-live.png') });
      await agent.screenshot({ path: resolve(OUTPUT, 'chat-monitor-agent-whisper.png') });

      await live.getByTestId('monitor-take-over').click();
      await lead.locator('.ant-popconfirm:visible .ant-btn-primary').click();
      await lead.waitForURL(/\/chat$/);
      const { id: leadId } = await harness.ctx.db.selectFrom('users').select('id').where('username', '=', 'zhuguan').executeTakeFirstOrThrow();
      await shopper.waitFor((f) => f.type === 'assigned' && (f.agent as { id: number }).id === leadId);
      const res = await lead.request.get(`${base}/api/conversations/${shopper.conversationId}`);
      expect(res.status()).toBe(200);
      expect(((await res.json()) as { conversation: { agentId: number | null } }).conversation.agentId).toBe(leadId);
      await lead.locator(`[data-testid=conv-item][data-conv="${shopper.conversationId}"]`).waitFor();
      // The agent is told in the conversation, and it is no longer hers to answer.
      await agent.getByTestId('msg-system').filter({ hasText: '李主管 已接管会话' }).waitFor();
      await agent.getByTestId('conversation').filter({ hasText: '由 李主管 接待' }).waitFor();
      // Now a colleague's chat: read-only for the agent.
      await expect.poll(() => agent.getByTestId('chat-input').isDisabled()).toBe(true);
      expect(await agent.getByTestId('close').isDisabled()).toBe(true);
      expect(await agent.getByTestId('transfer').isDisabled()).toBe(true);
      await agent.screenshot({ path: resolve(OUTPUT, 'chat-monitor-agent-after.png') });
      await lead.screenshot({ path: resolve(OUTPUT, 'chat-monitor-taken-over.png') });

      // The whisper never reached the shopper, in any frame.
      expect(shopper.frames.filter((f) => JSON.stringify(f).includes(WHISPER))).toEqual([]);
    } finally {
      shopper.close();
      await agent.context().close();
      await lead.context().close();
    }
  }, 60_000);
});
