import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser } from './helpers/browser.js';
import { signedInPage } from './helpers/browser-admin.js';
import { createUser, startTestApp, type TestApp } from './helpers/app.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';

/** The CCHC page at 390 px (#15.2): it was 21,000 px tall with percentages wrapping onto two lines. */
describe('CCHC page on a phone', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ config: { MIN_N: '5' } });
    const ctx = await setupSurveysAndUnits(t.db);
    await insertResponses(t.db, ctx, [...TTHC_Q1, ...TTHC_OTHER, ...EDU_Q1]);
    // Forty primary schools expected to survey that nobody answered for.
    await t.db
      .insertInto('units')
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          code: `TH-X${i}`,
          name: `Trường Tiểu học Nguyễn Bỉnh Khiêm số ${i + 1}`,
          kind: 'school' as const,
          level: 'tieu_hoc' as const,
          parent_id: ctx.units.get('SO')!,
        })),
      )
      .execute();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('is short, one screen wide, and folds the units without a survey', async () => {
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    const { context, page } = await signedInPage(browser, t.url, admin, { path: '/admin/cchc?year=2026' });
    page.setDefaultTimeout(30_000);
    await page.getByRole('heading', { level: 1, name: 'Điểm CCHC' }).waitFor();
    const card = page.locator('.cchc-card', { hasText: 'Bộ phận Một cửa' });
    await card.waitFor();
    expect(await page.locator('.cchc-period').textContent()).toContain('không khảo sát');
    // The 40 schools: one closed group, not 40 rows.
    const none = page.locator('details.cchc-none', { hasText: '40 đơn vị không khảo sát' });
    expect(await none.getAttribute('open')).toBeNull();
    const size = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      height: document.documentElement.scrollHeight,
    }));
    // The feedback component (#13.6): no unit has feedback here, so all are folded with full points.
    expect(await page.locator('details.cchc-fb-quiet summary').textContent()).toMatch(
      /^\d+ đơn vị không có phản ánh đến hạn: đủ điểm$/,
    );
    expect(size.overflow).toBeLessThanOrEqual(0);
    expect(size.height).toBeLessThan(3000);
    // Every percentage and points figure on one line.
    const wrapped = await page.evaluate(
      () => [...document.querySelectorAll('.cchc .nowrap')].filter((e) => e.getClientRects().length > 1).length,
    );
    expect(wrapped).toBe(0);
    expect(await axeViolations(page, { include: 'main' })).toEqual([]);
    // Search without accents finds the schools inside the folded group and opens it.
    await page.getByLabel('Tìm đơn vị').fill('nguyen binh khiem so 12');
    await page.locator('details.cchc-none[open]').getByText('Trường Tiểu học Nguyễn Bỉnh Khiêm số 12').waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('nguyen binh khiem so 12');
    // An administrator saves the small-sample rule as the default: TH-A (3 of 5 respondents) drops to 0.
    await page.getByLabel('Tìm đơn vị').fill('');
    await page.locator('details.cchc-scale summary').click();
    await page.getByLabel('Đơn vị dưới 5 người trả lời').selectOption('zero');
    await page.getByRole('button', { name: 'Lưu làm mặc định' }).click();
    await page.getByText('Đã lưu thang điểm mặc định.').waitFor();
    await page.locator('.cchc-card', { hasText: 'Ánh Dương' }).getByText('0,00/1').waitFor();
    const saved = await t.db
      .selectFrom('analytics_settings')
      .select('value')
      .where('name', '=', 'cchc')
      .executeTakeFirst();
    expect(saved?.value).toMatchObject({ smallSample: { kind: 'zero' }, periodBasis: 'calendar' });
    await context.close();
  }, 120_000);
});
