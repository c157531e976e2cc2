/**
 * What every browser test needs: the built web app and widget served by an in-process server on a fresh,
 * seeded database (PGlite, or PostgreSQL when DATABASE_URL is set), and Debian's Chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../server/src/app.ts';
import type { AppContext } from '../../server/src/http/context.ts';
import { seedDemo } from '../../server/src/seed/demo.ts';
import { createTestContext } from '../../server/test/helpers.ts';

const WEB_DIST = resolve(import.meta.dirname, '../dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUTPUT = resolve(import.meta.dirname, '../../../test-output');

export interface Harness {
  base: string;
  ctx: AppContext;
  app: FastifyInstance;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * `seed.history`: the demo's eight weeks of past chats and tickets (seed/history.ts); off unless a test needs it.
 * `env`: configuration beyond the test defaults (WEBHOOK_PRIVATE_TARGETS for a receiver on the loopback).
 */
export async function startHarness(
  seed: { customers: number; tickets: number; history?: boolean },
  env: Record<string, string> = {},
): Promise<Harness> {
  if (!existsSync(resolve(WEB_DIST, 'index.html'))) throw new Error(`the web app is not built (${WEB_DIST}); run "npm run build" first`);
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const { ctx, close } = await createTestContext({ ...env, WEB_DIST });
  await seedDemo(ctx.db, { history: false, ...seed });
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  mkdirSync(OUTPUT, { recursive: true });
  return {
    base: `http://127.0.0.1:${address.port}`,
    ctx,
    app,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await close();
    },
  };
}

/** Logs in through the login page, as a person would. */
export async function login(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('input#username').fill(username);
  await page.locator('input#password').fill(password);
  await page.locator('button[type=submit]').click();
}

/** Logs an agent in and opens the live-chat workspace, online and ready for conversations. */
export async function openWorkspace(page: Page, base: string, username: string): Promise<void> {
  await login(page, base, username, 'kefu2026');
  await page.waitForURL(/\/tickets$/);
  await page.getByRole('menuitem', { name: /在线会话/ }).click();
  await page.getByTestId('status-switch').filter({ hasText: '在线' }).waitFor();
}

/**
 * Opens a page through a sub-menu of the side menu, as a person does. The sub-menu animates open, and on a loaded
 * machine a click can land while the items still move and miss; then the item is clicked again (the sub-menu opened
 * again if that click closed it) until the address is the page's.
 */
/** The 管理 sub-menu's entry (its name is the icon's label and 管理; 评价管理 must not match). */
export const ADMIN_MENU = /(^|\s)管理$/;

export async function viaMenu(page: Page, submenu: string | RegExp, item: string | RegExp, url: RegExp): Promise<void> {
  const entry = page.getByRole('menuitem', { name: item });
  for (let attempt = 1; ; attempt++) {
    if (!(await entry.isVisible())) await page.getByRole('menuitem', { name: submenu }).click();
    await entry.click();
    try {
      await page.waitForURL(url, { timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Picks `option` in an Ant Design select until the select shows it. Under a full run's load the click on an option
 * can be lost (the list closing as another one opens): then the select is opened and the option clicked again.
 */
export async function pickOption(page: Page, select: Locator, option: string): Promise<void> {
  // Closed lists stay in the page, hidden: the visible one is this select's.
  const item = page.locator('.ant-select-item-option').filter({ hasText: option }).filter({ visible: true }).first();
  for (let attempt = 1; ; attempt++) {
    if (!(await item.isVisible())) await select.click();
    await item.click({ timeout: 5_000 }).catch(() => undefined);
    try {
      // The list is rendered in a popup outside the select: the select holds the option's text once it is chosen.
      await select.filter({ hasText: option }).waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Clicks `target` until `effect` shows, up to three times. Under a full run's load a click can be lost (it lands
 * while the page is still rendering, or on a button about to be enabled); the effect, not the click, is what counts.
 * Only for clicks that are safe to repeat (a check, opening a dialog or a menu).
 */
export async function clickUntil(target: Locator, effect: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await target.click();
    try {
      await effect.waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/**
 * Fills a form field until it holds `value`. A form that is still being opened sets its fields' starting values
 * after it shows, and under load that can land after a fill: the typed value is then silently replaced.
 */
export async function fillUntil(field: Locator, value: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await field.fill(value);
    await new Promise((resolve) => setTimeout(resolve, 200));
    if ((await field.inputValue()) === value) return;
    if (attempt === 3) throw new Error(`the field kept being reset; it holds "${await field.inputValue()}"`);
  }
}
