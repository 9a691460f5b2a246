import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../web/admin/routes.js';
import { searchKey } from '../domain/search-text.js';
import { ZOverview } from '../domain/contract/overview.js';
import { figureValue } from '../domain/format.js';
import { launchBrowser, PHONE } from './helpers/browser.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { openInApp, settled, signedInPage, watchSettling } from './helpers/browser-admin.js';

/**
 * The admin app on a 390 px phone, signed in as an administrator: every route of
 * web/admin/routes.tsx (new routes are covered without editing this file) fits the screen, and
 * no internal code or English string shows in the Vietnamese interface.
 */

/** Extra states of some screens that draw more (forms opened by a URL parameter). */
const EXTRA_URLS = ['/links?create=1', '/units?import=1', '/review?status=accepted'];

/** Codes and English that must never reach a Vietnamese screen (the list and their kin). */
const FORBIDDEN: RegExp[] = [
  /wrong_password/,
  /unknown_or_disabled_account/,
  /\bpending\b/,
  /\baccepted\b/,
  /\brejected\b/,
  /\bqr\b/,
  // Level codes on their own (a survey's file name such as education-parents-thcs is the admin's own word).
  /(?<![\w-])(tieu_hoc|mam_non|thcs|thpt|gdtx)(?![\w-])/,
  /\btoo_fast\b|\bduplicate_device\b|\bhoneypot\b/,
  /\buser \d/,
  /\bby (self|admin)\b/,
  /\bfrom \w+ to \w+/,
  /Unexpected token|is not valid JSON|SyntaxError|\bundefined\b|\bNaN\b|\[object Object\]/,
  /\b(reason|details|decision|sessions|failures|contentHash)\b/,
];

interface Overflow {
  scrollWidth: number;
  wide: string[];
}

/** The page's width and the visible elements that reach past the right edge of the screen. */
async function overflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const wide: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 || r.left < -1 || r.width > width + 1) {
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : '';
        wide.push(`${el.tagName.toLowerCase()}${cls} ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, wide: wide.slice(0, 8) };
  });
}

/** Waits until the screen has drawn its data: a heading or an alert, no request in flight, nothing busy. */
async function drawn(page: Page) {
  await page.locator('main.content h1, main.content [role="alert"], main.content h2').first().waitFor();
  await settled(page);
}

function forbiddenIn(text: string): string[] {
  return FORBIDDEN.flatMap((re) => {
    const m = re.exec(text);
    return m ? [`${re.source} → “${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}”`] : [];
  });
}

describe('admin app at 390 px, every route, signed in as an administrator', { timeout: 180_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    // Audit entries of every kind the issue names: a failed sign-in, a review decision, a password changed by its owner.
    const other = await createUser(t.db, [{ role: 'analyst' }]);
    await t.request().post('/api/v1/auth/login').send({ email: other.email, password: 'wrong password here' });
    const { agent, user } = await signedInAgent(t, [{ role: 'admin' }]);
    const pending = await agent.get('/api/v1/review/responses');
    const id = (pending.body.items as Array<{ id: string }>)[0]?.id;
    if (id) await agent.post(`/api/v1/review/responses/${id}`).send({ decision: 'accept' });
    await agent
      .post('/api/v1/auth/password')
      .send({ currentPassword: user.password, newPassword: 'một mật khẩu mới dài đủ' });

    const admin = await createUser(t.db, [{ role: 'admin' }]);
    browser = await launchBrowser();
    ({ page } = await signedInPage(browser, t.url, admin, { watch: watchPage }));
    await page.getByRole('button', { name: 'Danh mục' }).waitFor();
  });
  /** Script errors logged, and what `settled` needs to see watched. */
  const watchPage = (p: Page) => {
    p.on('pageerror', (err) => errors.push(err.message));
    return watchSettling(p);
  };

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the menu folds into one button and opens as a drawer that fits', async () => {
    const bar = await page.locator('header.topbar').boundingBox();
    // One slim bar, not 40 % of the first screen.
    expect(bar!.height).toBeLessThan(70);
    await page.getByRole('button', { name: 'Danh mục' }).click();
    const nav = page.getByRole('navigation', { name: 'Danh mục' });
    await nav.waitFor();
    // The start page comes first.
    await expect(nav.getByRole('link').first().textContent()).resolves.toBe('Tổng quan');
    expect((await overflow(page)).wide).toEqual([]);
    await nav.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await nav.isVisible()).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/admin/units');
  });

  it('the start page shows this quarter’s figures as the analytics summary has them, each card a link', async () => {
    await openInApp(page, '/admin/');
    await drawn(page);
    await page.getByRole('heading', { name: 'Tỷ lệ hài lòng so với chỉ tiêu' }).waitFor();
    const overview = ZOverview.parse(await (await page.request.get(`${t.url}/api/v1/overview`)).json());
    const first = overview.surveys.find((s) => s.responses > 0)!;
    const summary = await (
      await page.request.get(
        `${t.url}/api/v1/analytics/summary?survey=${first.selector}&period=${overview.period.code}`,
      )
    ).json();
    const card = page.locator('.overview-rates a.card-link', { hasText: first.title.vi });
    await expect(card.textContent()).resolves.toContain(figureValue(summary.headline.figure, 'vi'));
    await page.locator('.overview-more a.card-link', { hasText: 'Phiếu gắn cờ chờ duyệt' }).waitFor();
    await card.click();
    await page.waitForURL((url) => url.pathname === '/admin/analytics');
    expect(new URL(page.url()).searchParams.get('survey')).toBe(first.selector);
  });

  it('every route fits 390 px and shows no code or English', async () => {
    const urls = [...routes.map((r) => r.path), ...EXTRA_URLS];
    expect(urls).toContain('/links');
    const problems: string[] = [];
    const check = async (tab: Page, path: string) => {
      await openInApp(tab, `/admin${path}`);
      await drawn(tab);
      const o = await overflow(tab);
      if (o.scrollWidth > PHONE.viewport.width || o.wide.length > 0)
        problems.push(`${path}: scrollWidth ${o.scrollWidth}; ${o.wide.join(', ')}`);
      if (process.env.HL_SCREENSHOTS)
        await tab.screenshot({
          path: `${process.env.HL_SCREENSHOTS}/phone${path.replace(/[/?=&]+/g, '-')}.png`,
          fullPage: true,
          timeout: 60_000,
        });
      const text = await tab.locator('body').innerText();
      for (const p of forbiddenIn(text)) problems.push(`${path}: ${p}`);
    };
    // One tab opens the routes as the app's own menu does: loading the app again for each route (and a
    // tab more, a renderer process more) was most of the chromium time of this file.
    for (const path of urls) await check(page, path);
    expect(problems).toEqual([]);
  });

  it('review cards show answers as labels in the questionnaire’s order, and why a card is flagged', async () => {
    await openInApp(page, '/admin/review');
    await drawn(page);
    const card = page.locator('.review-list > li').first();
    const answers = await card.locator('ol.answers .answer').allInnerTexts();
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a).not.toMatch(/^\s*\d+\s*$/);
    const api = await (await page.request.get(`${t.url}/api/v1/review/responses`)).json();
    const first = api.items[0] as { flags: string[]; answers: Array<{ questionText: { vi: string } }> };
    const questions = await card.locator('ol.answers .question').allInnerTexts();
    expect(questions).toEqual(first.answers.map((a) => a.questionText.vi));
    if (first.flags.includes('too_fast')) await card.locator('.flag-why', { hasText: 'mức tối thiểu' }).waitFor();
  });

  it('a bad JSON draft is explained in Vietnamese', async () => {
    await openInApp(page, '/admin/definitions');
    await drawn(page);
    const draft = page.getByRole('region', { name: 'Kiểm tra và công bố bản nháp' });
    await draft.getByLabel('Tên tệp').fill('tthc-services.json');
    await draft.getByLabel('hoặc dán nội dung JSON').fill('{ "slug": "tthc-services", ');
    await draft.getByRole('button', { name: 'Kiểm tra bản nháp' }).click();
    await draft.getByText(/JSON/).first().waitFor();
    const text = await draft.innerText();
    expect(forbiddenIn(text)).toEqual([]);
    expect(text).toMatch(/không phải JSON hợp lệ|JSON không hợp lệ/);
  });

  it('the unit picker finds a school by its name typed without marks', async () => {
    const schools = await t.db
      .selectFrom('units')
      .select(['code', 'name'])
      .where('kind', '=', 'school')
      .orderBy('id')
      .execute();
    // "Trường Tiểu học Nguyễn Bỉnh Khiêm" → typed as "nguyen binh khiem": its last three words, no marks.
    const lastWords = (name: string) => name.split(' ').slice(-3).join(' ');
    const school = schools.find((s) => searchKey(lastWords(s.name)) !== lastWords(s.name).toLowerCase())!;
    const typed = searchKey(lastWords(school.name));
    await openInApp(page, '/admin/links');
    await drawn(page);
    const picker = page.getByRole('combobox', { name: 'Đơn vị' });
    await picker.fill(typed);
    const option = page.getByRole('option', { name: new RegExp(school.name) });
    await option.waitFor();
    expect((await overflow(page)).wide).toEqual([]);
    await option.click();
    await page.waitForURL((url) => url.searchParams.get('unit') === school.code);
    await expect(picker.inputValue()).resolves.toBe(school.name);
    await drawn(page);
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(school.name);
  });

  it('logged no script errors', () => {
    expect(errors).toEqual([]);
  });
});
