import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Role } from '../../server/db/schema.js';
import { createUser, startTestApp, type TestApp } from './app.js';
import { launchBrowser, PHONE } from './browser.js';

/**
 * What every admin-screen browser test sets up: the app on a fresh database, the run's browser,
 * and phone pages (390 px, Vietnamese) signed in as a new user of the roles the test needs.
 */

export type Grants = Array<{ role: Role; unitId?: number | null }>;

export interface AdminPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors of the page, collected from the start: a screen that works has none. */
  errors: string[];
}

export interface AdminBrowserTest {
  t: TestApp;
  browser: Browser;
  /** A new user with these roles, signed in on a phone page (or `device`), then at `path` (e.g. '/admin/paper'). */
  signIn(
    roles: Grants,
    path?: string,
    device?: BrowserContextOptions,
  ): Promise<AdminPage & { user: { id: number; email: string; password: string } }>;
  close(): Promise<void>;
}

/**
 * A new context holding a session of this user and a page of it at `path` (the admin start page unless
 * told), drawn for a signed-in user. The session comes from the sign-in API, as the login form gets it:
 * the cookie lands in the context's jar and the app reads the user and CSRF token from /auth/me on load.
 * Typing into the form in every test cost a page load and a render each; the form itself is tested where
 * signing in is the feature (tests/admin-ui.e2e.test.ts).
 */
export async function signedInPage(
  browser: Browser,
  url: string,
  user: { email: string; password: string },
  options: {
    path?: string;
    device?: BrowserContextOptions;
    /** Called with the new page before it loads anything, e.g. to listen to its console. */
    watch?: (page: Page) => void | Promise<void>;
  } = {},
): Promise<AdminPage> {
  const context = await browser.newContext({ ...(options.device ?? PHONE), locale: 'vi-VN' });
  await signInContext(context, url, user);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await options.watch?.(page);
  await page.goto(`${url}${options.path ?? '/admin/'}`);
  // The signed-in layout's bar: the session took (a login form here would mean it did not).
  await page.locator('header.topbar').waitFor();
  return { page, context, errors };
}

/** Signs this user in for the whole context (its pages and its request), replacing any session it had. */
export async function signInContext(
  context: BrowserContext,
  url: string,
  user: { email: string; password: string },
): Promise<void> {
  await context.clearCookies();
  const res = await context.request.post(`${url}/api/v1/auth/login`, {
    data: { email: user.email, password: user.password },
  });
  if (res.status() !== 200) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

export async function startAdminBrowserTest(
  options: Parameters<typeof startTestApp>[0] = {},
): Promise<AdminBrowserTest> {
  // Side by side; whichever started is closed again if the other failed.
  const [app, run] = await Promise.allSettled([startTestApp(options), launchBrowser()]);
  if (app.status === 'rejected' || run.status === 'rejected') {
    if (run.status === 'fulfilled') await run.value.close();
    if (app.status === 'fulfilled') await app.value.close();
    throw app.status === 'rejected' ? app.reason : (run as PromiseRejectedResult).reason;
  }
  const t = app.value;
  const browser = run.value;
  return {
    t,
    browser,
    async signIn(roles, path, device) {
      const user = await createUser(t.db, roles);
      return { ...(await signedInPage(browser, t.url, user, { path, device })), user };
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

/**
 * Lets `settled` see from inside the page when a screen is done: the app's requests in flight (fetch)
 * and the time of the last change to the document. Call before the page loads anything.
 */
export const watchSettling = async (page: Page): Promise<void> => {
  await page.addInitScript(() => {
    const w = window as unknown as { __hlInFlight: number; __hlChanged: number };
    w.__hlInFlight = 0;
    w.__hlChanged = performance.now();
    const touch = () => (w.__hlChanged = performance.now());
    const fetch = window.fetch.bind(window);
    window.fetch = (...args: Parameters<typeof window.fetch>) => {
      w.__hlInFlight++;
      touch();
      return fetch(...args).finally(() => {
        w.__hlInFlight--;
        touch();
      });
    };
    new MutationObserver(touch).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
};

/**
 * Waits until the screen has drawn its data: no request of the app in flight, nothing marked busy, and
 * the document unchanged for `quietMs`. Unlike the load state 'networkidle' (a fixed 500 ms without
 * traffic, and only after a full page load) this also works after the app's own navigation.
 */
export async function settled(page: Page, quietMs = 150): Promise<void> {
  await page.waitForFunction(
    (quiet) => {
      const w = window as unknown as { __hlInFlight?: number; __hlChanged?: number };
      if (w.__hlInFlight === undefined) throw new Error('settled() needs watchSettling() before the page loads');
      return (
        w.__hlInFlight === 0 &&
        performance.now() - w.__hlChanged! >= quiet &&
        !document.querySelector('[aria-busy="true"]')
      );
    },
    quietMs,
    { polling: 50 },
  );
}

/** Opens an admin path as the app's own links do (history and popstate), without loading the app again. */
export async function openInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    // Counts as a change, so that `settled` waits its quiet time from here even before the app redraws.
    const w = window as unknown as { __hlChanged?: number };
    w.__hlChanged = performance.now();
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}
