/**
 * A shopper in the widget proves who they are by an order number: the code goes to the phone on file (masked
 * on screen), a wrong code is refused with the tries left, the right one links the chat to the customer.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ customers: 5, tickets: 2 });
});

afterAll(async () => {
  await harness?.close();
});

describe('"who are you" in the widget', () => {
  it('asks for a code by order number, refuses a wrong one and links the right one', async () => {
    const { ctx, browser, base } = harness;
    const order = await ctx.db
      .selectFrom('orders')
      .innerJoin('customer_identities as ci', 'ci.customer_id', 'orders.customer_id')
      .select(['orders.order_no', 'orders.customer_id', 'ci.value as phone'])
      .where('ci.kind', '=', 'phone')
      .orderBy('orders.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const texts: { to: string; text: string }[] = [];
    ctx.sms = {
      provider: 'test',
      send: async (m) => {
        texts.push({ to: m.phone, text: m.text });
        return { providerId: null };
      },
    };

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${base}/widget/demo.html`);
      await page.locator('.launcher').click();
      // No agent is online: the widget offers to leave a message; the shopper chats anyway.
      await page.getByRole('button', { name: '仍要在线咨询' }).click();
      await page.locator('.tb', { hasText: '验证身份' }).click();
      await page.locator('.segb[data-method=orderNo]').click();
      await page.locator('input[name=contact]').fill(order.order_no);
      await page.getByRole('button', { name: '获取验证码' }).click();

      // By order number the widget names no destination: the answer is the same for every order number.
      await page.getByText('如订单号无误，验证码已发送至下单时留下的手机或邮箱').waitFor();
      expect(texts.map((x) => x.to)).toEqual([order.phone]);
      const code = /\b(\d{6})\b/.exec(texts[0]!.text)![1]!;

      await page.locator('input[name=code]').fill(code === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: '验证', exact: true }).click();
      await page.getByText('验证码不正确，还可以再试 4 次').waitFor();
      await page.locator('input[name=code]').fill(code);
      await page.getByRole('button', { name: '验证', exact: true }).click();
      await page.getByText('验证成功，客服可以查询您的订单了').first().waitFor();
      await page.screenshot({ path: resolve(OUTPUT, 'shopper-verified.png') });

      const visitor = await ctx.db.selectFrom('visitors').select('customer_id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(visitor.customer_id).toBe(order.customer_id);
    } finally {
      await context.close();
    }
  });
});
