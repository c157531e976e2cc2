/**
 * The admin's 技能组 and API 令牌 pages in a real browser: a new skill group gets a member, and the API says so; a new
 * API token's secret is shown once, works as `Authorization: Bearer`, shows its last use, and is refused once revoked.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, OUTPUT, startHarness, type Harness } from './browser-harness.ts';

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

async function adminPage(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await login(page, base, 'admin', 'kefu2026');
  await page.waitForURL(/\/tickets$/);
  await page.goto(`${base}${path}`);
  return page;
}

/** Fills the shared prompt dialog (shared/PromptModal.tsx) and confirms it. */
async function answerPrompt(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).locator('textarea').fill(text);
  // Under a full run's load a confirming click can be lost while the dialog still opens: confirm until it closes.
  for (let attempt = 1; ; attempt++) {
    if (await page.getByTestId('prompt-ok').isVisible()) await page.getByTestId('prompt-ok').click();
    try {
      await page.getByTestId(testId).waitFor({ state: 'detached', timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

const withToken = (token: string) => fetch(`${base}/api/groups`, { headers: { authorization: `Bearer ${token}` } });

describe('skill groups and API tokens, in the browser', () => {
  it('an admin creates a skill group and adds a member', async () => {
    const page = await adminPage('/admin/groups');
    try {
      await page.getByTestId('group-add').click();
      await answerPrompt(page, 'group-name', '大促专组');

      const { groups } = (await (await page.request.get(`${base}/api/groups`)).json()) as { groups: { id: number; name: string }[] };
      const group = groups.find((g) => g.name === '大促专组');
      expect(group).toBeDefined();
      const card = page.getByTestId(`group-${group!.id}`);
      await expect.poll(() => card.innerText()).toMatch(/大促专组[\s\S]*0 ?人/);

      await card.getByTestId('group-add-member').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '小美' }).click();
      await card.locator('.ant-tag').filter({ hasText: '小美' }).waitFor();
      await expect.poll(() => card.innerText()).toMatch(/1 ?人/);

      const { users } = (await (await page.request.get(`${base}/api/users`)).json()) as { users: { id: number; username: string }[] };
      const xiaomei = users.find((u) => u.username === 'xiaomei')!;
      const members = await page.request.get(`${base}/api/groups/${group!.id}/members`);
      expect(members.status()).toBe(200);
      expect(((await members.json()) as { memberIds: number[] }).memberIds).toEqual([xiaomei.id]);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-groups.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('an admin creates an API token, uses it, sees its last use, and revokes it', async () => {
    const page = await adminPage('/admin/tokens');
    try {
      await page.getByTestId('token-add').click();
      await answerPrompt(page, 'token-name', 'ERP 同步');
      const notice = page.getByTestId('secret-notice');
      const token = (await notice.getByTestId('secret-value').innerText()).trim();
      expect(token).toMatch(/^kt_[\w-]{32}$/);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-token-secret.png') });
      await page.getByRole('button', { name: '我已记下' }).click();
      await notice.waitFor({ state: 'detached' });

      const row = page.getByTestId('token-table').locator('.ant-table-row', { hasText: 'ERP 同步' });
      await expect.poll(() => row.innerText()).toMatch(/王店长[\s\S]*从未使用[\s\S]*有效/);

      const used = await withToken(token);
      expect(used.status).toBe(200);
      expect(((await used.json()) as { groups: unknown[] }).groups.length).toBeGreaterThan(0);
      expect((await withToken(`${token}x`)).status).toBe(401);

      await page.reload();
      await expect.poll(() => row.innerText()).not.toContain('从未使用');
      const stored = await harness.ctx.db.selectFrom('api_tokens').select('last_used_at').where('name', '=', 'ERP 同步').executeTakeFirstOrThrow();
      expect(stored.last_used_at).not.toBeNull();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: resolve(OUTPUT, 'admin-tokens.png'), fullPage: true });

      // A click that lands while the confirmation still zooms in is lost: confirm until the revoke request is made.
      const revoked = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/auth/tokens/'));
      for (let attempt = 1; attempt <= 3; attempt++) {
        const confirm = page.locator('.ant-popconfirm:visible .ant-btn-dangerous');
        if (!(await confirm.isVisible())) await row.getByTestId('token-revoke').click();
        await confirm.click();
        const done = await Promise.race([revoked.then(() => true), page.waitForTimeout(5_000).then(() => false)]);
        if (done) break;
      }
      expect((await revoked).status()).toBe(204);
      await row.waitFor({ state: 'detached' });
      expect((await withToken(token)).status).toBe(401);
    } finally {
      await page.context().close();
    }
  });
});
