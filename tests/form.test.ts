import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { axeViolations, launchBrowser, NARROW_PHONE, PHONE, phonePage } from './helpers/browser.js';

/** Answer every choice question: "Hài lòng" (4) on Likert scales, the first option elsewhere. */
async function answerAll(page: Page, except: number[] = []) {
  const groups = page.locator('fieldset[role="radiogroup"]');
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    if (except.includes(i)) continue;
    const radios = groups.nth(i).locator('input[type="radio"]');
    await radios.nth((await radios.count()) >= 5 ? 3 : 0).check();
  }
}

/** Playwright's own matchers come with @playwright/test; with vitest, wait for the state instead. */
const shown = (locator: Locator, timeout = 10_000) => locator.waitFor({ state: 'visible', timeout });
const gone = (locator: Locator) => locator.waitFor({ state: 'detached' });
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** The page shows its static top at once; the form is there when the app has drawn it. */
const openForm = async (page: Page, url: string) => {
  await page.goto(url);
  await page.locator('form.hl-form').waitFor();
};

/** The ids waiting in the page's outbox (IndexedDB, or localStorage where IndexedDB is missing). */
const outboxIds = (page: Page) =>
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

/** An error body as the server writes it (server/plugins/errors.ts): top level, mirrored under `error`. */
const errorJson = (code: string, message: string) => JSON.stringify({ code, message, error: { code, message } });

const REFUSED = 'Máy chủ không nhận phiếu trả lời này';

/** Marks the page for good if a refusal is ever shown, however briefly. */
const watchForRefusal = (page: Page) =>
  page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector('.hl-refused, .hl-banner-alert')) document.documentElement.dataset.refused = 'yes';
    }).observe(document, { childList: true, subtree: true });
  });
const everRefused = (page: Page) => page.evaluate(() => document.documentElement.dataset.refused === 'yes');

const draftOf = (page: Page, code: string) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `hl_draft_${code}`) as Promise<{
    id: string;
    values: { a: Record<string, string> };
  } | null>;

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
    tthc = await linkFor('tthc-services', 'MOTCUA');
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

  it('keeps an answer through 503 and 429 answers, never gives it up, and delivers it once', async () => {
    const { context, page } = await open({ ...PHONE, serviceWorkers: 'block' } as typeof PHONE);
    await watchForRefusal(page);
    await openForm(page, `${t.url}/f/${school.code}`);
    await answerAll(page);
    const { id } = (await draftOf(page, school.code))!;
    // The database is away, then the server sheds load, then all is well again. Retry-After is
    // kept short so the test waits seconds, not the real server's 5 s.
    const script = [
      { status: 503, body: errorJson('database_unavailable', 'Hệ thống đang tạm gián đoạn kết nối cơ sở dữ liệu.') },
      { status: 429, body: errorJson('rate_limited', 'Có quá nhiều phiếu gửi từ mạng này') },
    ];
    const statuses: number[] = [];
    await context.route('**/api/v1/public/responses', async (route) => {
      const next = script.shift();
      if (!next) {
        const response = await route.fetch();
        statuses.push(response.status());
        return route.fulfill({ response });
      }
      statuses.push(next.status);
      return route.fulfill({ ...next, contentType: 'application/json', headers: { 'retry-after': '1' } });
    });
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Đã lưu trên máy, sẽ tự gửi lại sau ít phút' }));
    await shown(page.getByText('Hệ thống đang bận hoặc tạm gián đoạn.', { exact: false }));
    expect(await outboxIds(page)).toEqual([id]);
    expect(await rowsWithId(id)).toBe(0);

    // No event tells the page the server is back: the outbox tries again by itself, with backoff.
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }), 15_000);
    await shown(page.getByText('Phiếu đã lưu trên máy vừa được gửi thành công.'));
    expect(statuses).toEqual([503, 429, 201]);
    expect(await rowsWithId(id)).toBe(1);
    expect(await outboxIds(page)).toEqual([]);
    expect(await everRefused(page)).toBe(false);
  });

  it('says why when the server refuses an answer for good (400, 413, 415, 422), and drops it from the outbox', async () => {
    const { context, page } = await open({ ...PHONE, serviceWorkers: 'block' } as typeof PHONE);
    await openForm(page, `${t.url}/f/${tthc.code}`);
    await answerAll(page);
    const { id } = (await draftOf(page, tthc.code))!;
    // Real refusals from the real server, provoked by spoiling the request; 422 (which this server
    // never sends) stands for any 4xx the form does not know.
    let spoil: 'version' | 'size' | 'type' | 'unknown' = 'version';
    let posts = 0;
    await context.route('**/api/v1/public/responses', async (route) => {
      posts++;
      const request = route.request();
      const body = request.postDataJSON() as Record<string, unknown>;
      if (spoil === 'version') return route.continue({ postData: JSON.stringify({ ...body, versionId: 'một' }) });
      if (spoil === 'size')
        return route.continue({ postData: JSON.stringify({ ...body, comment: 'x'.repeat(70_000) }) });
      if (spoil === 'type')
        return route.continue({ headers: { ...request.headers(), 'content-type': 'application/xml' } });
      return route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: errorJson('unprocessable', 'Phiếu này không xử lý được'),
      });
    });
    const cases = [
      { spoil: 'version', status: 400, reason: 'Lý do: Dữ liệu gửi lên không hợp lệ', detail: 'cần mã phiên bản (số)' },
      { spoil: 'size', status: 413, reason: 'Lý do: Nội dung gửi lên quá lớn' },
      { spoil: 'type', status: 415, reason: 'Lý do: Kiểu nội dung không được hỗ trợ' },
      { spoil: 'unknown', status: 422, reason: 'Lý do: Phiếu này không xử lý được' },
    ] as const;
    for (const c of cases) {
      spoil = c.spoil;
      const answered = page.waitForResponse('**/api/v1/public/responses');
      await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      expect((await answered).status()).toBe(c.status);
      const notice = page.getByRole('alert').filter({ hasText: REFUSED });
      await shown(notice.getByText(c.reason, { exact: false }));
      if ('detail' in c) await shown(notice.getByText(c.detail));
      // Nothing to mark at a question, so the notice takes the focus.
      await page.waitForFunction((title) => document.activeElement?.textContent === title, REFUSED);
      expect(await outboxIds(page)).toEqual([]);
      expect(await rowsWithId(id)).toBe(0);
    }
    expect(await axeViolations(page)).toEqual([]);
    // Given up means given up: no attempt follows, even after the first backoff would have passed.
    await page.waitForTimeout(1_500);
    expect(posts).toBe(cases.length);

    // The answers stayed on the page: once the server takes them, they are stored once.
    await context.unroute('**/api/v1/public/responses');
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    expect(await rowsWithId(id)).toBe(1);
  });

  it('tells the person when an answer saved on the phone is refused later, and lets them answer again', async () => {
    const { context, page } = await open({ ...PHONE, serviceWorkers: 'block' } as typeof PHONE);
    const before = (await rowsFor(tthc.linkId)).length;
    await openForm(page, `${t.url}/f/${tthc.code}`);
    await answerAll(page);
    let attempt = 0;
    let first: { answers: Record<string, unknown> } | undefined;
    // The first send finds no network; the outbox's next try is refused (403) for good.
    await context.route('**/api/v1/public/responses', async (route) => {
      if (++attempt > 1) {
        const body = errorJson('forbidden', 'Không được phép gửi');
        return route.fulfill({ status: 403, contentType: 'application/json', body });
      }
      first = route.request().postDataJSON();
      return route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Đã lưu trên máy, sẽ tự gửi khi có mạng' }));
    await shown(page.getByRole('heading', { name: REFUSED, level: 1 }));
    await shown(page.getByText('Lý do: Không được phép gửi'));
    expect(await outboxIds(page)).toEqual([]);

    await context.unroute('**/api/v1/public/responses');
    await page.getByRole('button', { name: 'Trả lời lại' }).click();
    await page.locator('form.hl-form').waitFor();
    // Every answer given before is back in place.
    const groups = page.getByRole('radiogroup');
    expect(await groups.locator('input:checked').count()).toBe(await groups.count());
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    const rows = await rowsFor(tthc.linkId);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.answers).toEqual(first!.answers);
  });

  it('opens a link again offline from the service worker cache', async () => {
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
    await context.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch('cha mẹ học sinh');
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
