import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { launchBrowser, PHONE, phonePage } from './helpers/browser.js';
import { answerAll, draftOf, openForm, shown } from './helpers/form-page.js';

/**
 * An honest outbox (#15.1): an answer sent offline leaves the phone after the page is closed,
 * through Background Sync in the service worker. Chromium defers a sync registered while the
 * context is offline (Playwright's setOffline) and fires it when the context is online again, with
 * no page open: the real path, not a simulated event.
 */
describe('the outbox after the page is closed (Background Sync)', () => {
  let t: TestApp;
  let browser: Browser;
  let code: string;
  const contexts: BrowserContext[] = [];

  const rowsWithId = async (id: string) =>
    (await t.db.selectFrom('responses').select('id').where('id', '=', id).execute()).length;
  const waitForRow = async (id: string, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if ((await rowsWithId(id)) > 0) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  };
  const workerReady = (page: Page) =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return !!registration.active && 'sync' in registration;
    });

  beforeAll(async () => {
    t = await startFormTestApp();
    browser = await launchBrowser();
    const link = await t.db
      .selectFrom('links as l')
      .innerJoin('surveys as s', 's.id', 'l.survey_id')
      .select('l.code')
      .where('s.slug', '=', 'education-parents-tieu-hoc')
      .orderBy('l.id')
      .executeTakeFirstOrThrow();
    code = link.code;
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends an answer queued offline once the phone is online again, with the page closed', async () => {
    const { context, page } = await phonePage(browser);
    contexts.push(context);
    await openForm(page, `${t.url}/f/${code}`);
    expect(await workerReady(page)).toBe(true);
    // The time the form names is the one computed from the definition (also on the poster).
    await shown(page.getByText(/^Thời gian trả lời: khoảng \d+ phút\.$/));
    await answerAll(page);
    const { id } = (await draftOf(page, code))!;

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Đã lưu trên máy, sẽ tự gửi khi có mạng' }));
    // Said only because the browser promised a Background Sync.
    await shown(page.getByText('có thể đóng trang này', { exact: false }));
    expect(await rowsWithId(id)).toBe(0);

    await page.close();
    expect(context.pages()).toHaveLength(0);
    await context.setOffline(false);
    // No page of the site is open: only the service worker can have sent it.
    expect(await waitForRow(id, 30_000)).toBe(true);
    expect(await rowsWithId(id)).toBe(1);
  });

  it('says truthfully that the answer goes out when the link is opened again where there is no Background Sync', async () => {
    const { context, page } = await phonePage(browser, { ...PHONE, serviceWorkers: 'block' } as typeof PHONE);
    contexts.push(context);
    await openForm(page, `${t.url}/f/${code}`);
    await answerAll(page);
    const { id } = (await draftOf(page, code))!;
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Đã lưu trên máy, sẽ tự gửi khi có mạng' }));
    await shown(page.getByText('phiếu sẽ gửi khi mở lại đường dẫn này', { exact: false }));
    expect(await page.getByText('có thể đóng trang này', { exact: false }).count()).toBe(0);

    // And it does: the link opened again online sends it.
    await page.close();
    await context.setOffline(false);
    const again = await context.newPage();
    await openForm(again, `${t.url}/f/${code}`);
    expect(await waitForRow(id, 15_000)).toBe(true);
    await shown(again.getByText('Đã gửi 1 phiếu đã lưu trên máy trước đó.'));
  });
});
