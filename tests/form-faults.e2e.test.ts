import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { axeViolations, launchBrowser, PHONE, phonePage } from './helpers/browser.js';
import { answerAll, draftOf, fastForwardUntil, openForm, outboxIds, shown } from './helpers/form-page.js';

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

/**
 * The outbox's policy (web/form/policy.ts) in a real browser: what it keeps and tries again, what
 * it gives up and says so. The service worker is blocked so the page's own requests can be routed.
 */
describe('the phone form when the server answers with an error', () => {
  let t: TestApp;
  let browser: Browser;
  let school: { code: string; linkId: number };
  let tthc: { code: string; linkId: number };
  const contexts: BrowserContext[] = [];

  const open = async () => {
    const { context, page } = await phonePage(browser, { ...PHONE, serviceWorkers: 'block' } as typeof PHONE);
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

  it('keeps an answer through 503 and 429 answers, never gives it up, and delivers it once', async () => {
    const { context, page } = await open();
    await watchForRefusal(page);
    // The outbox's backoff runs on the page's clock, moved on below rather than waited out.
    await page.clock.install();
    await openForm(page, `${t.url}/f/${school.code}`);
    await answerAll(page);
    const { id } = (await draftOf(page, school.code))!;
    // The database is away, then the server sheds load, then all is well again, each with a Retry-After.
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
    await fastForwardUntil(page, page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    await shown(page.getByText('Phiếu đã lưu trên máy vừa được gửi thành công.'));
    expect(statuses).toEqual([503, 429, 201]);
    expect(await rowsWithId(id)).toBe(1);
    expect(await outboxIds(page)).toEqual([]);
    expect(await everRefused(page)).toBe(false);
  });

  it('says why when the server refuses an answer for good (400, 413, 415, 422), and drops it from the outbox', async () => {
    const { context, page } = await open();
    await page.clock.install();
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
    // Given up means given up: no attempt follows, even once the longest backoff (5 min) has passed on
    // the page's clock; a moment of real time for an attempt that timers would have started.
    await page.clock.fastForward('05:01');
    await page.waitForTimeout(300);
    expect(posts).toBe(cases.length);

    // The answers stayed on the page: once the server takes them, they are stored once.
    await context.unroute('**/api/v1/public/responses');
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    expect(await rowsWithId(id)).toBe(1);
  });

  it('tells the person when an answer saved on the phone is refused later, and lets them answer again', async () => {
    const { context, page } = await open();
    const before = (await rowsFor(tthc.linkId)).length;
    await page.clock.install();
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
    // The outbox's next try comes after its backoff, on the page's clock.
    await fastForwardUntil(page, page.getByRole('heading', { name: REFUSED, level: 1 }));
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
});
