import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, NARROW_PHONE, phonePage } from './helpers/browser.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';

interface PublicUnit {
  code: string;
  suppressed: boolean;
  figure: {
    rate: number;
    n: number;
    responses: number;
    interval: { low: number; high: number };
    status: string;
  } | null;
}

describe('public transparency', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  const url = '/api/v1/public/transparency?until=Q2-2026&quarters=2';
  beforeAll(async () => {
    // A minimum of 3 responses, so the small fixture has units on both sides of it.
    t = await startTestApp({ config: { MIN_N: '3' } });
    const ctx = await setupSurveysAndUnits(t.db);
    await insertResponses(t.db, ctx, [...TTHC_Q1, ...TTHC_OTHER, ...EDU_Q1]);
    // A single answer at VANPHONG: too few to publish.
    await insertResponses(t.db, ctx, [
      {
        survey: 'tthc-services',
        unit: 'VANPHONG',
        at: '2026-02-02T03:00:00Z',
        answers: { overall_satisfaction: 1 },
        comment: 'Bí mật: số điện thoại 0912345678',
      },
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('publishes quarterly rates per survey and unit without sign-in, with method, n and interval', async () => {
    const res = await t.request().get(url);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const body = res.body;
    expect(body.quarters.map((q: { code: string }) => q.code)).toEqual(['Q2-2026', 'Q1-2026']);
    expect(body.method.key).toBe('top2_pooled');
    expect(body.note.vi).toContain('mẫu tự chọn');
    const tthc = body.surveys.find((s: { selector: string }) => s.selector === 'tthc-services');
    const q1 = tthc.quarters.find((q: { code: string }) => q.code === 'Q1-2026');
    // MOTCUA 15 of 19 plus VANPHONG's single 1 → 15 of 20 overall.
    expect(q1.overall).toMatchObject({ rate: 0.75, n: 20, responses: 11, target: 0.95, status: 'below' });
    const units = q1.units as PublicUnit[];
    const motcua = units.find((u) => u.code === 'MOTCUA')!;
    expect(motcua.suppressed).toBe(false);
    expect(motcua.figure).toMatchObject({ rate: 15 / 19, n: 19, responses: 10 });
    expect(motcua.figure!.interval.low).toBeCloseTo(0.566657, 5);
    // Under the minimum: no rate, no n, nothing but the label.
    expect(units.find((u) => u.code === 'VANPHONG')).toEqual({
      code: 'VANPHONG',
      name: 'Văn phòng Sở',
      level: null,
      suppressed: true,
      figure: null,
    });
    const edu = body.surveys.find((s: { selector: string }) => s.selector === 'family:public-education-parents');
    const eduUnits = edu.quarters.find((q: { code: string }) => q.code === 'Q1-2026').units as PublicUnit[];
    expect(eduUnits.find((u) => u.code === 'TH-A')!.figure!.rate).toBe(5 / 6);
    expect(eduUnits.find((u) => u.code === 'MN-B')!.suppressed).toBe(true);
    // No comments, no free text, no ids of responses.
    const text = JSON.stringify(body);
    for (const secret of ['0912345678', 'Chờ quá lâu', 'HYPERLINK', 'comment', 'device', 'flags'])
      expect(text).not.toContain(secret);
    expect(body.suppressedLabel.vi).toBe('chưa đủ số phiếu');
  });

  it('is cached: a new answer shows only after the cache expires', async () => {
    const first = (await t.request().get(url)).body;
    await insertResponses(t.db, await setupIds(t), [
      { survey: 'tthc-services', unit: 'MOTCUA', at: '2026-02-05T03:00:00Z', answers: { overall_satisfaction: 5 } },
    ]);
    const second = (await t.request().get(url)).body;
    expect(second.generatedAt).toBe(first.generatedAt);
  });

  it('refuses bad parameters with 400', async () => {
    expect((await t.request().get('/api/v1/public/transparency?survey=no-such')).status).toBe(400);
    expect((await t.request().get('/api/v1/public/transparency?until=Q9-2026')).status).toBe(400);
    expect((await t.request().get(`/api/v1/public/transparency?survey=${encodeURIComponent("' or 1=1")}`)).status).toBe(
      400,
    );
    expect((await t.request().get('/api/v1/public/transparency?quarters=99')).status).toBe(400);
  });

  it('the page works at 320 px: Vietnamese, the rates, "chưa đủ số phiếu", an English switch', async () => {
    browser = await launchBrowser();
    const { context, page } = await phonePage(browser, NARROW_PHONE);
    await page.goto(`${t.url}/cong-khai?until=Q2-2026&quarters=2`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Công khai');
    await page.getByRole('tab', { name: 'Quý I/2026' }).click();
    const card = page.getByRole('region', { name: /thủ tục hành chính/ });
    await card.getByText('75,0 %', { exact: false }).first().waitFor();
    expect(await card.textContent()).toContain('Bộ phận Một cửa');
    expect(await card.textContent()).toContain('chưa đủ số phiếu');
    // Nothing wider than the screen.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /Published satisfaction/ }).waitFor();
    expect(await page.locator('body').textContent()).toContain('not enough answers');
    await context.close();
  });
});

async function setupIds(t: TestApp) {
  const surveys = new Map(
    (await t.db.selectFrom('surveys').select(['id', 'slug']).execute()).map((s) => [s.slug, s.id] as const),
  );
  const units = new Map(
    (await t.db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id] as const),
  );
  const versions = new Map(
    (
      await t.db
        .selectFrom('survey_versions as v')
        .innerJoin('surveys as s', 's.id', 'v.survey_id')
        .select(['v.id', 's.slug', 'v.number'])
        .execute()
    ).map((v) => [`${v.slug}@${v.number}`, v.id] as const),
  );
  return { surveys, units, versions };
}
