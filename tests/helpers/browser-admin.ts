import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../server/db/schema.js';
import { createUser, startTestApp, type TestApp } from './app.js';
import { launchBrowser, PHONE } from './browser.js';

/**
 * What every admin-screen browser test sets up: the app on a fresh database, the run's browser,
 * and phone pages (390 px, Vietnamese) signed in as a new user of the roles the test needs.
 */

export interface AdminPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors of the page, collected from the start: a screen that works has none. */
  errors: string[];
  user: { id: number; email: string; password: string };
}

export interface AdminBrowserTest {
  t: TestApp;
  browser: Browser;
  /** A new user with these roles, signed in on a phone page, then at `path` (e.g. '/admin/paper'). */
  signIn(roles: Array<{ role: Role; unitId?: number | null }>, path?: string): Promise<AdminPage>;
  close(): Promise<void>;
}

export async function startAdminBrowserTest(): Promise<AdminBrowserTest> {
  const t = await startTestApp();
  const browser = await launchBrowser();
  return {
    t,
    browser,
    async signIn(roles, path) {
      const user = await createUser(t.db, roles);
      const context = await browser.newContext({ ...PHONE, locale: 'vi-VN' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`${t.url}/admin/`);
      await page.getByLabel('Email', { exact: true }).fill(user.email);
      await page.getByLabel('Mật khẩu', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('button', { name: 'Danh mục' }).waitFor();
      if (path) await page.goto(`${t.url}${path}`);
      return { page, context, errors, user };
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** How wide the page's content is, in CSS pixels: at most the viewport's when nothing scrolls sideways. */
export const contentWidth = (page: Page): Promise<number> =>
  page.evaluate(() => document.scrollingElement!.scrollWidth);
