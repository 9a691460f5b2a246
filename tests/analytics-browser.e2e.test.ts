import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser } from './helpers/browser.js';
import { openInApp, settled, signedInPage, watchSettling } from './helpers/browser-admin.js';
import { createUser, startTestApp, type TestApp } from './helpers/app.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';

describe('analytics dashboard and review queue in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startTestApp();
    const ctx = await setupSurveysAndUnits(t.db);
    await insertResponses(t.db, ctx, [...TTHC_Q1, ...TTHC_OTHER, ...EDU_Q1]);
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    browser = await launchBrowser();
    // A tablet-sized window.
    ({ page } = await signedInPage(browser, t.url, admin, {
      device: { viewport: { width: 1024, height: 900 } },
      watch: watchSettling,
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const overall = () => page.getByTestId('overall-rate').textContent();
  /** The next screen by the app's own navigation (no reload of the app), once it has drawn its data. */
  const open = async (path: string) => {
    await openInApp(page, path);
    await settled(page);
  };

  it('shows the official index, its interval, n, respondents and design effect against the target', async () => {
    await open('/admin/analytics?survey=tthc-services&period=Q1-2026');
    await page.getByTestId('overall-rate').waitFor();
    // The headline is the mean of the criterion indices: only "staff" has content answers, 7 of 9.
    expect(await overall()).toContain('77,8 %');
    expect(await overall()).toContain('Chưa đạt chỉ tiêu');
    expect(await page.locator('.headline h2').textContent()).toBe('Chỉ số hài lòng (trung bình các tiêu chí)');
    expect(await page.getByTestId('overall-interval').textContent()).toContain('45,3 % – 93,7 %');
    expect(await page.getByTestId('overall-n').textContent()).toContain('n = 9 câu trả lời từ 10 người trả lời');
    expect(await page.getByTestId('overall-deff').textContent()).toContain('Hệ số thiết kế 1,00');
    expect(await page.getByTestId('method-source').textContent()).toContain('1001/QĐ-BNV');
    expect(await page.locator('.headline').textContent()).toContain('Chỉ tiêu 95 %');
    expect(await page.locator('.headline').textContent()).toContain('1 phiếu bị gắn cờ đang chờ duyệt');
    // Charts are drawn (canvas with an accessible name), and the criteria are in a table too.
    expect(await page.getByRole('img', { name: /theo tiêu chí/ }).count()).toBe(1);
    expect(await page.locator('.ranking').textContent()).toContain('Bộ phận Một cửa');
    const violations = await axeViolations(page, { include: 'main' });
    expect(violations).toEqual([]);
  });

  it('changing a filter changes the URL and the numbers; a unit opens its own view', async () => {
    await open('/admin/analytics?survey=public-education-parents&period=Q1-2026&method=top2_pooled');
    await page.getByTestId('overall-rate').waitFor();
    expect(await overall()).toContain('87,5 %');
    await page.selectOption('select[name=level]', 'tieu_hoc');
    await page.waitForURL(/level=tieu_hoc/);
    await page.getByTestId('overall-rate').filter({ hasText: '83,3 %' }).waitFor();
    expect(await page.getByTestId('overall-n').textContent()).toContain('n = 6');
    await page.selectOption('select[name=level]', '');
    await page.getByTestId('overall-rate').filter({ hasText: '87,5 %' }).waitFor();
    await page.locator('.ranking').getByRole('link', { name: 'Trường Mầm non Bình Minh' }).click();
    await page.waitForURL(/unit=MN-B/);
    await page.getByTestId('overall-rate').filter({ hasText: '100,0 %' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Trường Mầm non Bình Minh');
    // Back in history restores the previous view.
    await page.goBack();
    await page.getByTestId('overall-rate').filter({ hasText: '87,5 %' }).waitFor();
    // The report links carry the same filters.
    const pdf = await page.getByRole('link', { name: 'Tải PDF' }).getAttribute('href');
    expect(pdf).toBe('/api/v1/reports/Q1-2026.pdf?survey=public-education-parents');
  });

  it('a mean score is not called a rate and has no target (#15.5)', async () => {
    await open('/admin/analytics?survey=tthc-services&period=Q1-2026&method=mean_score');
    await page.getByTestId('overall-rate').waitFor();
    const headline = (await page.locator('.headline').textContent()) ?? '';
    expect(headline).toContain('Điểm trung bình (thang 1–5)');
    expect(headline).not.toContain('Tỷ lệ hài lòng chung');
    expect(headline).not.toMatch(/Chỉ tiêu \d/);
    expect(await page.locator('.ranking thead').textContent()).toContain('Điểm');
    expect(await page.locator('.ranking thead').textContent()).not.toContain('Tỷ lệ');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      await page.evaluate(() => window.innerWidth),
    );
  });

  it('shows an empty state when nothing matches', async () => {
    await open('/admin/analytics?survey=tthc-services&period=Q1-2025');
    await page.getByText('Chưa có câu trả lời nào khớp với bộ lọc này').waitFor();
  });

  it('the review queue accepts a flagged response', async () => {
    await open('/admin/review');
    await page.getByRole('tab', { name: 'Chờ duyệt (1)' }).waitFor();
    expect(await page.locator('.review-list').textContent()).toContain('Trả lời quá nhanh');
    await page.getByRole('button', { name: 'Chấp nhận', exact: true }).click();
    await page.getByRole('tab', { name: 'Chờ duyệt (0)' }).waitFor();
    await page.getByText('Đã cập nhật 1 phiếu.').waitFor();
    const row = await t.db
      .selectFrom('responses')
      .select('review_status')
      .where('review_status', '=', 'pending')
      .execute();
    expect(row).toHaveLength(0);
  });
});
