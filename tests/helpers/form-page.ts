import type { Locator, Page, Request } from 'playwright-core';

/** Helpers for the phone form's browser tests (form, form-faults, form-outage). */

/**
 * Answer every choice question: "Hài lòng" (4) on Likert scales, the first option elsewhere. Each
 * choice is clicked in the page, as a tap does (the radio is checked and React hears the click), in
 * one round trip for the whole form rather than two per question, which cost seconds per form on a
 * loaded machine. A choice that does not end up checked (disabled, not a radio) fails the test.
 */
export async function answerAll(page: Page, except: number[] = []) {
  const missed = await page.locator('fieldset[role="radiogroup"]').evaluateAll((groups, skip) => {
    const notChecked: number[] = [];
    groups.forEach((group, i) => {
      if (skip.includes(i)) return;
      const radios = group.querySelectorAll<HTMLInputElement>('input[type="radio"]');
      const radio = radios[radios.length >= 5 ? 3 : 0];
      radio?.click();
      if (!radio?.checked) notChecked.push(i);
    });
    return notChecked;
  }, except);
  if (missed.length > 0) throw new Error(`answerAll: no choice checked in question group(s) ${missed.join(', ')}`);
}

/**
 * With the page's clock installed (page.clock.install() before it loads), moves that clock on a step
 * at a time until `locator` shows: the outbox's backoff and a server's Retry-After pass at once
 * instead of in real seconds. The clock waits (up to 5 s of real time) while the page has a request in
 * flight, so a send under way is not cut short by its own timeout, and each step gives the page a moment
 * of real time to send and draw.
 */
export async function fastForwardUntil(page: Page, locator: Locator, { step = 1_000, limit = 10 * 60_000 } = {}) {
  const inFlight = new Set<Request>();
  const started = (request: Request) => inFlight.add(request);
  const ended = (request: Request) => inFlight.delete(request);
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    for (let moved = 0, held = 0; ;) {
      try {
        await locator.waitFor({ state: 'visible', timeout: 250 });
        return;
      } catch (error) {
        if (moved >= limit) throw error;
      }
      // A request may never report its end to the page (one a service worker took over): not forever.
      if (inFlight.size > 0 && ++held < 20) continue;
      held = 0;
      await page.clock.fastForward(step);
      moved += step;
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
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
