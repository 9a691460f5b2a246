import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCoverage } from '../domain/contract/coverage.js';
import { percent } from '../domain/format.js';
import { axeViolations, launchBrowser, PHONE } from './helpers/browser.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { insertResponses, setupSurveysAndUnits, type Row } from './analytics-fixtures.js';

/** Wilson half-width written out here, independent of domain/coverage.ts. */
function nForFivePoints(p: number): number {
  const z = 1.959963984540054;
  for (let n = 1; ; n++) {
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    if (half <= 0.05) return n;
  }
}
const fpc = (n: number, N: number) => Math.ceil(n / (1 + (n - 1) / N));

/** Schools' coverage (#11.6): answers ÷ enrolment, the respondents ±5 points needs, the weighted city rate. */
describe("schools' coverage", () => {
  let t: TestApp;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await startTestApp();
    const ctx = await setupSurveysAndUnits(t.db);
    await t.db.updateTable('units').set({ enrolment: 60 }).where('code', '=', 'TH-A').execute();
    for (const u of [
      { code: 'TH-B', name: 'Trường Tiểu học Bạch Đằng', level: 'tieu_hoc' as const, enrolment: 600 },
      { code: 'TH-C', name: 'Trường Tiểu học Cát Bi', level: 'tieu_hoc' as const, enrolment: 50 },
      { code: 'THCS-C', name: 'Trường THCS Chu Văn An', level: 'thcs' as const, enrolment: 300 },
    ]) {
      const row = await t.db
        .insertInto('units')
        .values({ ...u, kind: 'school', parent_id: ctx.units.get('SO')! })
        .returning('id')
        .executeTakeFirstOrThrow();
      ctx.units.set(u.code, row.id);
    }
    const answers = (unit: string, values: number[]): Row[] =>
      values.map((v, i) => ({
        survey: 'education-parents-tieu-hoc',
        unit,
        at: `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T02:00:00Z`,
        answers: { teachers_care: v },
      }));
    await insertResponses(t.db, ctx, [
      ...answers('TH-A', [5, 5, 5, 5]),
      ...answers('TH-B', [5, 5, 5, 5, 5, 5, 2, 2, 2, 2]),
      ...answers('TH-C', Array<number>(40).fill(5)),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('response rates, the respondents a ±5-point interval needs, and the city rate pooled or weighted', async () => {
    const { agent } = await signedInAgent(t, [{ role: 'analyst' }]);
    const res = await agent.get('/api/v1/analytics/coverage?period=Q1-2026');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as TCoverage;
    const school = (code: string) => body.schools.find((s) => s.unit.code === code)!;
    expect(body.survey.selector).toBe('family:public-education-parents');
    expect(body.schools.map((s) => s.unit.code).sort()).toEqual(['MN-B', 'TH-A', 'TH-B', 'TH-C', 'THCS-C']);
    // TH-A: 4 of 60 answered, all satisfied; at 100 % ±5 points needs 35, of 60 parents 35/(1 + 34/60) → 23.
    expect(school('TH-A')).toMatchObject({ responses: 4, respondents: 4, enrolment: 60, underSampled: true });
    expect(school('TH-A').responseRate).toBeCloseTo(4 / 60, 12);
    expect(nForFivePoints(1)).toBe(35);
    expect(school('TH-A')).toMatchObject({ needed: fpc(35, 60), more: fpc(35, 60) - 4 });
    // TH-B: 6 of 10 satisfied, one question (design effect 1), 600 pupils.
    expect(school('TH-B').figure.value).toBeCloseTo(0.6, 12);
    expect(school('TH-B')).toMatchObject({ needed: fpc(nForFivePoints(0.6), 600), underSampled: true });
    // TH-C: 40 of 50, all satisfied: enough (35/(1 + 34/50) → 21).
    expect(school('TH-C')).toMatchObject({ respondents: 40, needed: fpc(35, 50), more: 0, underSampled: false });
    expect(school('TH-C').responseRate).toBeCloseTo(0.8, 12);
    // Nobody answered at THCS-C: 50 % assumed, 381 of 300 parents → 381/(1 + 380/300) → 169.
    expect(nForFivePoints(0.5)).toBe(381);
    expect(school('THCS-C')).toMatchObject({ responses: 0, responseRate: 0, needed: fpc(381, 300), more: 169 });
    // No enrolment stored: no response rate.
    expect(school('MN-B')).toMatchObject({ enrolment: null, responseRate: null, needed: 381 });
    // Under-sampled first.
    expect(body.schools.at(-1)!.unit.code).toBe('TH-C');
    expect(body.totals).toMatchObject({
      schools: 5,
      withEnrolment: 4,
      enrolment: 1010,
      responses: 54,
      underSampled: 4,
    });
    // City: pooled over answers 50/54; weighted by enrolment (60·1 + 600·0.6 + 50·1)/710.
    expect(body.city.pooled.value).toBeCloseTo(50 / 54, 12);
    expect(body.city.weighted).toMatchObject({ schools: 3, enrolment: 710 });
    expect(body.city.weighted.value).toBeCloseTo(470 / 710, 12);
    expect(body.city.chosen.value).toBeCloseTo(50 / 54, 12);
    const weighted = (await agent.get('/api/v1/analytics/coverage?period=Q1-2026&weighting=enrolment')).body;
    expect(weighted.city.chosen.value).toBeCloseTo(470 / 710, 12);
    expect((await agent.get('/api/v1/analytics/coverage?weighting=students')).status).toBe(400);
    expect((await agent.get('/api/v1/analytics/coverage?survey=no-such')).status).toBe(400);
    // A unit manager sees their own school only.
    const manager = (await signedInAgent(t, [{ role: 'unit_manager', unitId: (await unitId('TH-B'))! }])).agent;
    const own = (await manager.get('/api/v1/analytics/coverage?period=Q1-2026')).body as TCoverage;
    expect(own.schools.map((s) => s.unit.code)).toEqual(['TH-B']);
  });

  it('the screen at 390 px: weighted city rate, under-sampled schools, no horizontal scroll', async () => {
    browser = await launchBrowser();
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    const context = await browser.newContext({ ...PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${t.url}/admin/`);
    await page.fill('#email', admin.email);
    await page.fill('#password', admin.password);
    await page.click('button[type=submit]');
    await page.locator('#password').waitFor({ state: 'detached' });
    await page.goto(`${t.url}/admin/coverage?period=Q1-2026`);
    await page.getByRole('heading', { level: 1, name: 'Độ phủ khảo sát của trường' }).waitFor();
    await page.getByText('Trường Tiểu học Bạch Đằng').waitFor();
    expect(await page.getByTestId('coverage-city').textContent()).toContain(percent(50 / 54));
    await page.getByLabel('Tỷ lệ toàn ngành').selectOption('enrolment');
    await page
      .getByTestId('coverage-city')
      .getByText(percent(470 / 710))
      .waitFor();
    expect(new URL(page.url()).searchParams.get('weighting')).toBe('enrolment');
    expect(await page.locator('.coverage-card', { hasText: 'Trường THCS Chu Văn An' }).textContent()).toContain(
      'Cần thêm 169 người trả lời',
    );
    await page.getByLabel('Chỉ trường chưa đủ mẫu').check();
    await page.locator('.coverage-card', { hasText: 'Cát Bi' }).waitFor({ state: 'detached' });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page, { include: 'main' })).toEqual([]);
    await context.close();
  }, 120_000);

  async function unitId(code: string) {
    return (await t.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst())?.id;
  }
});
