/**
 * 评价管理 in a real browser: an agent opens the page from the menu, sees a fresh 1-star review on its 1-hour clock,
 * replies from the list with the drafted text, and the reply is recorded (the clock met). Screenshots go to SHOTS_DIR
 * (default: test-output).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestReviews } from '../../server/src/reviews/ingest.ts';
import { readPolicies } from '../../server/src/sla/policies.ts';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

const SHOTS = process.env.SHOTS_DIR ?? OUTPUT;
const CONTENT = '收到的保温杯盖子漏水，质量太差了，客服也不回消息';

let harness: Harness;
let page: Page;
let reviewId: number;

beforeAll(async () => {
  harness = await startHarness({ customers: 10, tickets: 5 });
  const db = harness.ctx.db;
  const result = await db.transaction().execute(async (tx) =>
    ingestReviews(
      tx,
      [
        {
          platform: 'jd',
          reviewId: 'E2E-REVIEW-1',
          productTitle: '真空保温杯 500ml',
          buyerNick: 'jd_测试买家',
          stars: 1,
          content: CONTENT,
          reviewedAt: new Date().toISOString(),
        },
      ],
      'webhook',
      await readPolicies(tx),
    ),
  );
  reviewId = result.ids[0]!;
  page = await harness.browser.newPage({ viewport: { width: 1400, height: 900 } });
});
afterAll(async () => {
  await harness?.close();
});

describe('评价管理', () => {
  it('answers a 差评 from the list: draft, copy hint, record; the clock stops', async () => {
    await login(page, harness.base, 'xiaomei', 'kefu2026');
    await page.waitForURL(/\/tickets$/);
    await page.getByRole('menuitem', { name: /评价管理/ }).click();
    await page.waitForURL(/\/reviews$/);
    const row = page.getByTestId('review-table').locator('tr', { hasText: CONTENT });
    await row.waitFor();
    await expect(row.getByTestId('review-clock').textContent()).resolves.toMatch(/剩 (59|1小时|58)/);
    await expect(row.textContent()).resolves.toContain('中差评');
    await page.screenshot({ path: resolve(SHOTS, 'reviews-list.png'), fullPage: true });

    await row.getByTestId('review-reply').click();
    const text = page.getByTestId('review-reply-text');
    await expect.poll(() => text.inputValue(), { timeout: 20_000 }).toContain('jd_测试买家');
    await expect(page.getByText('请复制后到卖家中心')).toBeTruthy();
    await page.screenshot({ path: resolve(SHOTS, 'reviews-reply.png') });
    await page.getByTestId('review-reply-save').click();
    await page.getByText('回复已记录').waitFor();
    await expect.poll(() => row.count()).toBe(0); // gone from the unanswered 中差评

    const stored = await harness.ctx.db.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
    expect(stored.reply).toContain('jd_测试买家');
    const clock = await harness.ctx.db
      .selectFrom('sla_clocks')
      .select('state')
      .where('subject_kind', '=', 'review')
      .where('subject_id', '=', reviewId)
      .executeTakeFirstOrThrow();
    expect(clock.state).toBe('met');

    await page.goto(`${harness.base}/reviews/${reviewId}`);
    await page.getByTestId('review-reply-shown').waitFor();
    await page.screenshot({ path: resolve(SHOTS, 'reviews-detail.png'), fullPage: true });
  });
});
