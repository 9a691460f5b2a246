import type { Locator, Page } from 'playwright-core';

/** Helpers for the phone form's browser tests (form, form-faults, form-outage). */

/** Answer every choice question: "Hài lòng" (4) on Likert scales, the first option elsewhere. */
export async function answerAll(page: Page, except: number[] = []) {
  const groups = page.locator('fieldset[role="radiogroup"]');
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    if (except.includes(i)) continue;
    const radios = groups.nth(i).locator('input[type="radio"]');
    await radios.nth((await radios.count()) >= 5 ? 3 : 0).check();
  }
}

/** Playwright's own matchers come with @playwright/test; with vitest, wait for the state instead. */
export const shown = (locator: Locator, timeout = 10_000) => locator.waitFor({ state: 'visible', timeout });

/** The page shows its static top at once; the form is there when the app has drawn it. */
export const openForm = async (page: Page, url: string) => {
  await page.goto(url);
  await page.locator('form.hl-form').waitFor();
};

export const draftOf = (page: Page, code: string) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `hl_draft_${code}`) as Promise<{
    id: string;
    values: { a: Record<string, string> };
  } | null>;

/** The ids waiting in the page's outbox (IndexedDB, or localStorage where IndexedDB is missing). */
export const outboxIds = (page: Page) =>
  page.evaluate(async () => {
    const stored = JSON.parse(localStorage.getItem('hl_outbox') ?? '[]') as Array<{ id: string }>;
    const ids = stored.map((i) => i.id);
    // Opening a database that does not exist yet would create it without the app's store.
    if (!(await indexedDB.databases()).some((d) => d.name === 'hl-form')) return ids;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('hl-form');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const req = db.transaction('outbox').objectStore('outbox').getAllKeys();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      return [...keys.map(String), ...ids];
    } finally {
      db.close();
    }
  });
