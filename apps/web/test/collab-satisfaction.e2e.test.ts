/**
 * The warehouse finishes a collaboration task and rates the desk's request (对客服协作的满意度, 1–5 stars, with a
 * comment); the rating is stored with the task and shown on the list and on the ticket the desk works from.
 * The desk finishing a task itself is not asked to rate its own request.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;
let browser: Browser;
let base: string;
let ticketId: number;

beforeAll(async () => {
  harness = await startHarness({ customers: 5, tickets: 3 });
  ({ browser, base } = harness);
  const res = await harness.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xiaomei', password: 'kefu2026' } });
  const cookie = `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`;
  const ticket = await harness.ctx.db.selectFrom('tickets').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  ticketId = ticket.id;
  for (const [department, title] of [
    ['warehouse', '请核实退货包裹是否签收'],
    ['warehouse', '请称一下包裹重量'],
  ])
    expect(
      (
        await harness.app.inject({
          method: 'POST',
          url: `/api/tickets/${ticketId}/tasks`,
          headers: { cookie },
          payload: { department, title, description: '顾客称已寄回，单号SF1234567890，请确认签收并检查商品是否完好。' },
        })
      ).statusCode,
    ).toBe(201);
});

afterAll(async () => {
  await harness?.close();
});

describe('collaboration satisfaction, in the browser', () => {
  it('lets the warehouse rate the request when it finishes the task, and shows the rating to the desk', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      page.setDefaultTimeout(15_000);
      await login(page, base, 'cangku', 'kefu2026');
      await page.waitForURL(/\/tasks$/);
      const row = page.getByTestId('task-table').locator('tr', { hasText: '请核实退货包裹是否签收' });
      await row.getByTestId('task-done').click();
      const dialog = page.getByTestId('task-finish');
      await dialog.waitFor();
      expect(await dialog.innerText()).toMatch(/对客服协作的满意度/);
      await dialog.locator('textarea').first().fill('已签收，鞋子完好，可以退款。');
      // The comment box comes with a rating; under a full run's load a click on a star can be lost, so rate until it shows.
      const comment = page.getByTestId('task-satisfaction-comment');
      await expect
        .poll(
          async () => {
            if (await comment.isVisible()) return true;
            // A second click on the chosen star would clear it: click only while nothing is rated.
            if (!(await dialog.locator('.ant-rate-star-full').count())) await dialog.locator('.ant-rate-star').nth(3).click();
            return false;
          },
          { timeout: 20_000, interval: 1000 },
        )
        .toBe(true);
      await comment.fill('单号和照片都附上了，很清楚');
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: resolve(OUTPUT, 'collab-satisfaction-dialog.png') });
      await page.screenshot({ path: '/tmp/shots/collab-satisfaction-dialog.png' });
      await page.getByTestId('task-finish-ok').click();
      await dialog.waitFor({ state: 'detached' });

      await expect
        .poll(async () =>
          harness.ctx.db
            .selectFrom('collab_tasks')
            .select(['state', 'answer', 'satisfaction', 'satisfaction_comment'])
            .where('title', '=', '请核实退货包裹是否签收')
            .executeTakeFirst(),
        )
        .toEqual({ state: 'done', answer: '已签收，鞋子完好，可以退款。', satisfaction: 4, satisfaction_comment: '单号和照片都附上了，很清楚' });

      await page.goto(`${base}/tasks?done=true`);
      const shown = page.getByTestId('task-table').locator('tr', { hasText: '请核实退货包裹是否签收' }).getByTestId('task-satisfaction-shown');
      await expect.poll(() => shown.innerText()).toMatch(/协作满意度[\s\S]*单号和照片都附上了/);
      expect(await shown.locator('.ant-rate-star-full').count()).toBe(4);
    } finally {
      await context.close();
    }

    // The desk sees the rating on its ticket, and finishing a task itself asks for no rating.
    const desk = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const agent = await desk.newPage();
    try {
      agent.setDefaultTimeout(15_000);
      await login(agent, base, 'zhuguan', 'kefu2026');
      await agent.waitForURL(/\/tickets$/);
      await agent.goto(`${base}/tickets/${ticketId}`);
      const panel = agent.getByTestId('task-panel');
      await expect.poll(() => panel.getByTestId('task-satisfaction-shown').innerText()).toMatch(/协作满意度/);
      await panel.locator('[data-testid="task-item"]', { hasText: '请称一下包裹重量' }).getByTestId('task-done').click();
      const dialog = agent.getByTestId('task-finish');
      await dialog.waitFor();
      expect(await dialog.locator('.ant-rate').count()).toBe(0);
      await panel.scrollIntoViewIfNeeded();
      await agent.waitForTimeout(400);
      await agent.screenshot({ path: '/tmp/shots/collab-satisfaction-desk.png' });
    } finally {
      await desk.close();
    }
  });
});
