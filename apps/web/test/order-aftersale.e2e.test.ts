/**
 * An agent opens a customer's order from a chat, opens a return above the approval limit and sends it to a
 * supervisor; the supervisor approves it in another browser; the ticket's timeline shows both, by name.
 * The shopper is a plain WebSocket client who proves who they are by the order number and the code sent to the
 * phone on file, as the widget lets them.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/http/context.ts';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';
import { TestShopper } from './test-shopper.ts';

const DAY = 86_400_000;
const ORDER_NO = 'E2E20260301001';

let harness: Harness;
let ctx: AppContext;
let browser: Browser;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ customers: 20, tickets: 10 });
  ({ ctx, browser, base } = harness);
});

afterAll(async () => {
  await harness?.close();
});

/** A delivered ¥599 order for a seeded customer, reported through the API as an agent would. */
async function deliveredOrder(customerId: number) {
  const loginRes = await harness.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xiaomei', password: 'kefu2026' } });
  const cookie = loginRes.cookies.find((c) => c.name === 'kefu_session');
  if (!cookie) throw new Error(`login failed: ${loginRes.body}`);
  const received = Date.now() - 2 * DAY;
  const res = await harness.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: { cookie: `kefu_session=${cookie.value}` },
    payload: {
      platform: 'tmall',
      orderNo: ORDER_NO,
      status: 'delivered',
      customerId,
      buyerNick: 'e2e_buyer',
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 100 号 3 幢 201' },
      lines: [{ sku: 'COAT-001', title: '双面羊绒大衣 驼色 M', quantity: 1, unitPriceFen: 59_900 }],
      remark: '请用礼盒包装',
      createdAt: new Date(received - 3 * DAY).toISOString(),
      paidAt: new Date(received - 3 * DAY + 60_000).toISOString(),
      shippedAt: new Date(received - 2 * DAY).toISOString(),
      deliveredAt: new Date(received).toISOString(),
      trackingNo: 'SF1234567890',
      courier: '顺丰',
      logistics: [
        { at: new Date(received - 2 * DAY).toISOString(), description: '顺丰已揽收', location: '杭州' },
        { at: new Date(received).toISOString(), description: '已签收，签收人：本人', location: '杭州市西湖区' },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (JSON.parse(res.body) as { order: { id: number } }).order;
}

describe('order → return → supervisor approval, in two browsers', () => {
  it('opens the order from the chat, sends a ¥599 return for approval, and the supervisor approves it', async () => {
    const customer = await ctx.db.selectFrom('customers').select(['id', 'name']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const order = await deliveredOrder(customer.id);

    const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const leadContext = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const shopper = await new TestShopper(base).connect();
    const agent = await agentContext.newPage();
    try {
      agent.setDefaultTimeout(15_000);
      await login(agent, base, 'xiaomei', 'kefu2026');
      await agent.waitForURL(/\/tickets$/);
      await agent.getByRole('menuitem', { name: /在线会话/ }).click();
      await agent.getByTestId('status-switch').filter({ hasText: '在线' }).waitFor();

      // The shopper asks and gives the order number; the conversation comes to 小美 with the customer's file.
      await shopper.send('你好，我买的大衣不太合适，想退货');
      const texts: string[] = [];
      ctx.sms = {
        provider: 'test',
        send: async (m) => {
          texts.push(m.text);
          return { providerId: null };
        },
      };
      expect((await shopper.identify(ORDER_NO, async () => /\b(\d{6})\b/.exec(texts.at(-1) ?? '')![1]!)).type).toBe('identified');
      await agent.getByTestId('conv-item').filter({ hasText: '想退货' }).click();
      const sideOrder = agent.locator(`[data-testid=side-order][data-order="${ORDER_NO}"]`);
      await sideOrder.click();

      // The drawer: the order, its check (the remark), the item, the tracking.
      const drawer = agent.locator('.kefu-order-drawer');
      await drawer.getByTestId('order-no').filter({ hasText: ORDER_NO }).waitFor();
      await expect.poll(() => drawer.getByTestId('order-status').innerText()).toBe('已签收');
      await expect.poll(() => drawer.getByTestId('order-total').innerText()).toBe('¥599.00');
      await drawer.getByTestId('order-check').filter({ hasText: '顾客备注' }).filter({ hasText: '请用礼盒包装' }).waitFor();
      await drawer.getByText('已签收，签收人：本人').waitFor();
      await agent.waitForTimeout(400); // the drawer's slide-in animation
      await agent.screenshot({ path: resolve(OUTPUT, 'order-drawer.png') });

      // 申请售后: 退货退款, no reason, goods intact; the single item and its ¥599 are filled in, above the ¥200 limit.
      await drawer.getByTestId('order-aftersale').click();
      const modal = agent.getByTestId('aftersale-modal');
      await modal.getByText('退货退款', { exact: true }).click();
      await modal.getByTestId('aftersale-intact').getByText('完好', { exact: true }).click();
      await expect.poll(() => modal.locator('input#amount').inputValue()).toBe('599.00');
      await modal.getByTestId('aftersale-supervisor-hint').filter({ hasText: '超过 ¥200.00 需主管审批' }).waitFor();
      await modal.locator('textarea#description').fill('顾客收到后试穿偏大，吊牌完好，申请七天无理由退货');
      await agent.getByTestId('aftersale-submit').click();

      // Landed on the new 售后 ticket: the request needs a supervisor; 小美 sends it up.
      await agent.waitForURL(/\/tickets\/\d+$/);
      const ticketUrl = agent.url();
      const card = agent.getByTestId('aftersale-card');
      await card.getByTestId('aftersale-needs-supervisor').waitFor();
      expect(await card.getByTestId('as-approved').count()).toBe(0); // above her authority: no 批准 for the agent
      await card
        .getByTestId('aftersale-checks')
        .locator('[data-check=return_window][data-ok=true]')
        .filter({ hasText: '签收 2 天，七天无理由退货期 7 天' })
        .waitFor();
      await card.getByTestId('as-pending_approval').click();
      await card.getByTestId('aftersale-state').filter({ hasText: '待主管审批' }).waitFor();

      // 李主管, in a browser of her own, approves it.
      const lead = await leadContext.newPage();
      lead.setDefaultTimeout(15_000);
      await login(lead, base, 'zhuguan', 'kefu2026');
      await lead.waitForURL(/\/tickets$/);
      await lead.goto(ticketUrl);
      const leadCard = lead.getByTestId('aftersale-card');
      await leadCard.getByTestId('aftersale-state').filter({ hasText: '待主管审批' }).waitFor();
      await leadCard.getByTestId('as-approved').click();
      await leadCard.getByTestId('aftersale-state').filter({ hasText: '已批准' }).waitFor();
      await leadCard.getByTestId('aftersale-approver').filter({ hasText: '李主管' }).waitFor();

      // The timeline, as the page shows it: the request by 小美 and the approval by 李主管 (and the warehouse's task).
      const events = lead.getByTestId('event-after_sale');
      await events.filter({ hasText: '小美 发起售后 · 退货退款' }).filter({ hasText: '¥599.00' }).waitFor();
      await events.filter({ hasText: '小美 · 售后 退货退款：待审核 → 待主管审批' }).waitFor();
      await events.filter({ hasText: '李主管 · 售后 退货退款：待主管审批 → 已批准' }).waitFor();
      await lead.getByTestId('event-task').filter({ hasText: '李主管 发起协同任务 · 仓库' }).waitFor();
      await lead.getByTestId('task-panel').getByTestId('task-item').filter({ hasText: '等待退货包裹' }).waitFor();
      await lead.waitForTimeout(300);
      await lead.screenshot({ path: resolve(OUTPUT, 'aftersale-ticket.png'), fullPage: true });

      // The agent's page, reloaded, shows the approval too.
      await agent.reload();
      await agent.getByTestId('event-after_sale').filter({ hasText: '李主管 · 售后 退货退款：待主管审批 → 已批准' }).waitFor();

      // And the database agrees.
      const afterSale = await ctx.db
        .selectFrom('after_sales')
        .innerJoin('users', 'users.id', 'after_sales.approved_by')
        .select(['after_sales.kind', 'after_sales.state', 'after_sales.amount_fen', 'after_sales.order_id', 'users.username'])
        .executeTakeFirstOrThrow();
      expect(afterSale).toMatchObject({ kind: 'return', state: 'approved', amount_fen: 59_900, order_id: order.id, username: 'zhuguan' });
    } catch (err) {
      // What the pages showed when it failed, for whoever reads the report.
      await agent.screenshot({ path: resolve(OUTPUT, 'order-aftersale-failed-agent.png') }).catch(() => {});
      for (const [i, page] of leadContext.pages().entries())
        await page.screenshot({ path: resolve(OUTPUT, `order-aftersale-failed-lead-${i}.png`) }).catch(() => {});
      throw err;
    } finally {
      shopper.close();
      await agentContext.close();
      await leadContext.close();
    }
  }, 90_000);
});
