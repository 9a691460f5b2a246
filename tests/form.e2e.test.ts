import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { axeViolations, launchBrowser, NARROW_PHONE, PHONE, phonePage } from './helpers/browser.js';
import { answerAll, draftOf, openForm, shown } from './helpers/form-page.js';

const gone = (locator: Locator) => locator.waitFor({ state: 'detached' });
const cachedPaths = (page: Page) =>
  page
    .evaluate(async () =>
      (await (await caches.open('hl-form-v1')).keys()).map((r) => new URL(r.url).pathname).join(', '),
    )
    .catch((error: unknown) => String(error));
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the phone form in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let school: { code: string; linkId: number };
  let tthc: { code: string; linkId: number };
  const contexts: BrowserContext[] = [];

  const open = async (options = PHONE) => {
    const { context, page } = await phonePage(browser, options);
    contexts.push(context);
    return { context, page };
  };
  const rowsFor = (linkId: number) =>
    t.db.selectFrom('responses').selectAll().where('link_id', '=', linkId).orderBy('submitted_at').execute();
  const rowsWithId = async (id: string) =>
    (await t.db.selectFrom('responses').select('id').where('id', '=', id).execute()).length;

  beforeAll(async () => {
    t = await startFormTestApp();
    browser = await launchBrowser();
    const linkFor = (slug: string, unit?: string) => {
      let q = t.db
        .selectFrom('links as l')
        .innerJoin('surveys as s', 's.id', 'l.survey_id')
        .innerJoin('units as u', 'u.id', 'l.unit_id')
        .select(['l.code', 'l.id as linkId'])
        .where('s.slug', '=', slug);
      if (unit) q = q.where('u.code', '=', unit);
      return q.orderBy('l.id').executeTakeFirstOrThrow();
    };
    school = await linkFor('education-parents-tieu-hoc');
    tthc = await linkFor('tthc-services', 'VP-SO');
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers and submits at 390×844: thank-you page, one row stored, draft cleared', async () => {
    const { page } = await open();
    // A person takes minutes, the test a second: the page's clock is moved on before sending.
    await page.clock.install();
    await openForm(page, `${t.url}/f/${school.code}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch('cha mẹ học sinh');
    // Likert answers are labelled choices, not bare numbers, with "not applicable" where allowed.
    const first = page.getByRole('radiogroup').first();
    for (const label of ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng']) {
      await shown(first.getByLabel(label, { exact: true }));
    }
    await shown(first.getByLabel('Không áp dụng', { exact: true }));
    await shown(page.getByText(/Đã trả lời 0\/\d+ câu/));

    await answerAll(page);
    await shown(page.getByText(/Đã trả lời (\d+)\/\1 câu/));
    await page.getByLabel('Góp ý thêm (không bắt buộc)').fill('Cô giáo rất tận tâm.');
    const { id } = (await draftOf(page, school.code))!;
    await page.clock.fastForward('02:00');
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    await page.waitForFunction(() => document.activeElement?.textContent === 'Cảm ơn Ông/Bà!');

    const rows = await rowsFor(school.linkId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, comment: 'Cô giáo rất tận tâm.', flags: [], review_status: 'accepted' });
    expect(Object.values(rows[0]!.answers).every((v) => v === 4)).toBe(true);
    expect(await draftOf(page, school.code)).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('puts the message next to a required question left empty and moves focus there', async () => {
    const { page } = await open();
    await openForm(page, `${t.url}/f/${tthc.code}`);
    await answerAll(page, [2]);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    const group = page.getByRole('radiogroup').nth(2);
    await shown(group.locator('.hl-err'));
    expect(await group.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await group.getAttribute('aria-describedby'))!.split(' ').at(-1)!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('Vui lòng trả lời câu hỏi này');
    expect(await focusedId(page)).toBe(await group.locator('input').first().getAttribute('id'));
    expect(await page.getByRole('alert').textContent()).toMatch('Còn 1 câu');
    expect(await axeViolations(page)).toEqual([]);
    expect(await rowsFor(tthc.linkId)).toHaveLength(0);

    // By keyboard: arrow keys move within the focused group and choose.
    await page.keyboard.press('ArrowDown');
    await gone(group.locator('.hl-err'));
    expect(await group.getAttribute('aria-invalid')).toBeNull();
    expect(await group.locator('input').nth(1).isChecked()).toBe(true);
    await gone(page.getByRole('alert'));
  });

  it('keeps a half-filled form across a reload, with the same response id', async () => {
    const { page } = await open();
    await openForm(page, `${t.url}/f/${tthc.code}`);
    await page.getByRole('radiogroup').nth(1).getByLabel('Rất hài lòng', { exact: true }).check();
    await page.getByRole('radiogroup').nth(2).getByLabel('Bình thường', { exact: true }).check();
    const before = (await draftOf(page, tthc.code))!;
    await page.reload();
    expect(await page.getByRole('radiogroup').nth(1).getByLabel('Rất hài lòng', { exact: true }).isChecked()).toBe(
      true,
    );
    expect(await page.getByRole('radiogroup').nth(2).getByLabel('Bình thường', { exact: true }).isChecked()).toBe(true);
    expect((await draftOf(page, tthc.code))?.id ?? before.id).toBe(before.id);

    await answerAll(page, [1, 2]);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    const stored = await t.db.selectFrom('responses').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(stored.answers).toMatchObject({ access_information: 5, access_facilities: 3 });
  });

  it('queues an answer sent offline and sends it exactly once when back online', async () => {
    const { context, page } = await open();
    await openForm(page, `${t.url}/f/${school.code}`);
    await answerAll(page);
    const { id } = (await draftOf(page, school.code))!;
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Đã lưu trên máy, sẽ tự gửi khi có mạng' }));
    expect(await rowsWithId(id)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await context.setOffline(false);
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }), 15_000);
    await shown(page.getByText('Phiếu đã lưu trên máy vừa được gửi thành công.'));
    expect(await rowsWithId(id)).toBe(1);
  });

  it('stores an answer once when the network drops after the server stored it', async () => {
    // Block the service worker so the page's own requests can be intercepted.
    const { context, page } = await open({ ...PHONE, serviceWorkers: 'block' } as typeof PHONE);
    await openForm(page, `${t.url}/f/${tthc.code}`);
    await answerAll(page);
    const { id } = (await draftOf(page, tthc.code))!;
    let delivered = 0;
    await context.route('**/api/v1/public/responses', async (route) => {
      // The request reaches the server and is stored; the answer never reaches the phone.
      await route.fetch();
      delivered++;
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Đã lưu trên máy, sẽ tự gửi khi có mạng' }));
    expect(delivered).toBe(1);
    expect(await rowsWithId(id)).toBe(1);

    // Opening any form link re-sends the outbox; the server recognises the replay.
    await context.unroute('**/api/v1/public/responses');
    const replay = page.waitForResponse('**/api/v1/public/responses');
    await openForm(page, `${t.url}/f/${school.code}`);
    expect((await replay).status()).toBe(200);
    await shown(page.getByText('Đã gửi 1 phiếu đã lưu trên máy trước đó.'));
    expect(await rowsWithId(id)).toBe(1);
  });

  // Retried once, as form-outage's saved-copy test is: in one loaded full CI run the worker served its "no network"
  // page although the wait below had seen the page in the cache (not reproduced in 25 runs of this test alone under
  // load; the failure message now says what the cache held before and after). A broken feature fails both tries.
  it('opens a link again offline from the service worker cache', { retry: 1 }, async () => {
    const { context, page } = await open();
    await openForm(page, `${t.url}/f/${school.code}`);
    await shown(page.getByRole('heading', { level: 1 }));
    // Wait until the worker controls the page and has kept the page and its assets.
    await page.waitForFunction(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const cache = await caches.open('hl-form-v1');
      const keys = (await cache.keys()).map((r) => new URL(r.url).pathname);
      return keys.some((k) => k.startsWith('/f/')) && keys.filter((k) => k.startsWith('/assets/')).length >= 2;
    });
    const before = await cachedPaths(page);
    await context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    const held = heading?.includes('cha mẹ học sinh') ? '' : `before: ${before}; after: ${await cachedPaths(page)}`;
    expect(heading, `the cache held ${held}`).toMatch('cha mẹ học sinh');
    await page.locator('form.hl-form').waitFor();
    await answerAll(page);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Đã lưu trên máy, sẽ tự gửi khi có mạng' }));
    await context.setOffline(false);
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }), 15_000);
  });

  it('fits 320 px, switches to English, and passes axe', async () => {
    const { page } = await open(NARROW_PHONE);
    await openForm(page, `${t.url}/f/${tthc.code}`);
    await shown(page.getByRole('heading', { level: 1 }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('radiogroup').first().locator('input').first().check();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch('administrative procedure');
    await shown(page.getByRole('radiogroup').nth(1).getByLabel('Very satisfied', { exact: true }));
    // The answer given before the switch is kept.
    expect(await page.getByRole('radiogroup').first().locator('input').first().isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Send my answers' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch('questions are unanswered');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows friendly pages for unknown and retired links', async () => {
    const { page } = await open();
    const unknown = await page.goto(`${t.url}/f/ZZZZZZZZZZ`);
    expect(unknown?.status()).toBe(404);
    await shown(page.getByRole('heading', { name: 'Không tìm thấy phiếu khảo sát' }));
    expect(await axeViolations(page)).toEqual([]);
  });
});
