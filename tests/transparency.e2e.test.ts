import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, PHONE, phonePage } from './helpers/browser.js';
import { percent } from '../domain/format.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';

interface PublicUnit {
  code: string;
  suppressed: boolean;
  figure: {
    rate: number;
    n: number;
    respondents: number;
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
    // Published by the official index (the mean of the criterion indices, domain/methods.ts).
    expect(body.method.key).toBe('criteria_mean');
    expect(body.note.vi).toContain('mẫu tự chọn');
    const tthc = body.surveys.find((s: { selector: string }) => s.selector === 'tthc-services');
    const q1 = tthc.quarters.find((q: { code: string }) => q.code === 'Q1-2026');
    // Only the staff criterion has content answers: 7 of 9 at MOTCUA, none at VANPHONG.
    expect(q1.overall).toMatchObject({ n: 9, respondents: 11, responses: 11, target: 0.95, status: 'below' });
    expect(q1.overall.rate).toBeCloseTo(7 / 9, 10);
    const units = q1.units as PublicUnit[];
    const motcua = units.find((u) => u.code === 'MOTCUA')!;
    expect(motcua.suppressed).toBe(false);
    expect(motcua.figure).toMatchObject({ n: 9, respondents: 10, responses: 10 });
    expect(motcua.figure!.rate).toBeCloseTo(7 / 9, 10);
    expect(motcua.figure!.interval.low).toBeLessThan(7 / 9);
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
    // TH-A's teachers criterion: 3 of 3 (its overall question is not a criterion of the index).
    expect(eduUnits.find((u) => u.code === 'TH-A')!.figure!.rate).toBe(1);
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
    expect((await t.request().get('/api/v1/public/transparency?view=decade')).status).toBe(400);
    expect((await t.request().get('/api/v1/public/transparency?until=M9-2026')).status).toBe(400);
  });

  it("shows online-service users apart, from the answers' own service-channel question", async () => {
    const body = (await t.request().get(url)).body;
    const tthc = body.surveys.find((s: { selector: string }) => s.selector === 'tthc-services');
    const q1 = tthc.quarters.find((q: { code: string }) => q.code === 'Q1-2026');
    // Three answered "truc_tuyen": staff/overall 4/4, 3/4, 2/3 → 3 satisfied of 6 answers.
    expect(q1.online.label.vi).toBe('Người sử dụng dịch vụ công trực tuyến');
    expect(q1.online.figure).toMatchObject({ rate: 0.5, n: 6, respondents: 3 });
    // The education surveys do not ask it.
    const edu = body.surveys.find((s: { selector: string }) => s.selector === 'family:public-education-parents');
    expect(edu.quarters[0].online).toBeNull();
  });

  it('half-year and year views', async () => {
    const half = (await t.request().get('/api/v1/public/transparency?view=half&until=H1-2026&quarters=1')).body;
    expect(half.view).toBe('half');
    expect(half.quarters.map((q: { code: string }) => q.code)).toEqual(['H1-2026']);
    const tthc = half.surveys.find((s: { selector: string }) => s.selector === 'tthc-services');
    // MOTCUA over the half: its 10 answers of Q1, 1 of Q2 and the one the cache test added.
    expect(tthc.quarters[0].units.find((u: PublicUnit) => u.code === 'MOTCUA').figure.respondents).toBe(12);
    const years = (await t.request().get('/api/v1/public/transparency?view=year&until=Y-2026')).body;
    expect(years.quarters.map((q: { code: string }) => q.code)).toEqual(['Y-2026', 'Y-2025']);
  });

  it('publishes what the Sở certified by default; the running quarter is provisional', async () => {
    const { agent: admin } = await signedInAgent(t, [{ role: 'admin' }]);
    const frozen = await admin.post('/api/v1/reports/Q1-2026/freeze').send({ survey: 'tthc-services' });
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(201);
    // A late answer for Q1 after the freeze: the certified figure does not move.
    await insertResponses(t.db, await setupIds(t), [
      {
        survey: 'tthc-services',
        unit: 'MOTCUA',
        at: '2026-03-20T03:00:00Z',
        answers: { staff_attitude: 5, overall_satisfaction: 5 },
      },
    ]);
    const body = (await t.request().get('/api/v1/public/transparency?until=Q2-2026&quarters=3')).body;
    expect(body.periods.map((p: { code: string; state: string }) => [p.code, p.state])).toEqual([
      ['Q2-2026', 'uncertified'],
      ['Q1-2026', 'certified'],
      ['Q4-2025', 'uncertified'],
    ]);
    expect(body.defaultPeriod).toBe('Q1-2026');
    const tthc = body.surveys.find((s: { selector: string }) => s.selector === 'tthc-services');
    const q1 = tthc.quarters.find((q: { code: string }) => q.code === 'Q1-2026');
    expect(q1.state).toBe('certified');
    expect(q1.frozenAt).toBeTruthy();
    // As frozen: the staff criterion's 7 of 9 (live it would be 8 of 10 with the late answer).
    const frozenFigure = q1.units.find((u: PublicUnit) => u.code === 'MOTCUA').figure;
    expect(frozenFigure).toMatchObject({ n: 9, respondents: 11 });
    expect(frozenFigure.rate).toBeCloseTo(7 / 9, 10);
    // The education family was not frozen: its Q1 is live and says so.
    const edu = body.surveys.find((s: { selector: string }) => s.selector === 'family:public-education-parents');
    expect(edu.quarters.find((q: { code: string }) => q.code === 'Q1-2026').state).toBe('uncertified');
    // Today's quarter is still running: provisional ("tạm tính").
    const now = (await t.request().get('/api/v1/public/transparency?quarters=1')).body;
    expect(now.periods[0].state).toBe('provisional');
    expect(now.defaultPeriod).toBe(now.periods[0].code);
  });

  it('the page at 390 px: certified period first, small units collapsed, search without accents, period in the URL', async () => {
    browser = await launchBrowser();
    const { context, page } = await phonePage(browser, PHONE);
    page.setDefaultTimeout(30_000);
    await page.goto(`${t.url}/cong-khai?until=Q2-2026&quarters=3`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Công khai');
    // Opens on the certified quarter, and says it is certified.
    await page.getByRole('tab', { name: 'Quý I/2026', selected: true }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('đã được Sở chốt');
    expect(new URL(page.url()).searchParams.get('period')).toBe('Q1-2026');
    const card = page.getByRole('region', { name: /thủ tục hành chính/ });
    const api = (await t.request().get('/api/v1/public/transparency?until=Q2-2026&quarters=3')).body;
    const certified = api.surveys
      .find((s: { selector: string }) => s.selector === 'tthc-services')
      .quarters.find((q: { code: string }) => q.code === 'Q1-2026');
    await card.getByText(percent(certified.overall.rate), { exact: false }).first().waitFor();
    expect(await card.textContent()).toContain('Bộ phận Một cửa');
    expect(await card.textContent()).toContain('Người sử dụng dịch vụ công trực tuyến');
    // VANPHONG's single answer: inside a closed group, not a row of its own.
    const small = card.locator('details.small-units');
    expect(await small.locator('summary').textContent()).toBe('1 đơn vị chưa đủ số phiếu');
    expect(await small.getAttribute('open')).toBeNull();
    expect(await card.getByText('Văn phòng Sở').isVisible()).toBe(false);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    // Search ignores accents and case; a match among the small units opens their group.
    await page.getByLabel('Tìm đơn vị').fill('van phong');
    await card.getByText('Văn phòng Sở').waitFor();
    expect(await card.textContent()).not.toContain('Bộ phận Một cửa');
    expect(new URL(page.url()).searchParams.get('q')).toBe('van phong');
    await page.getByLabel('Tìm đơn vị').fill('');
    // Another period: labelled, and kept in the URL across a reload.
    await page.getByRole('tab', { name: /Quý II\/2026/ }).click();
    expect(await page.getByRole('status').textContent()).toContain('chưa được Sở chốt');
    expect(new URL(page.url()).searchParams.get('period')).toBe('Q2-2026');
    await page.getByRole('button', { name: '6 tháng' }).click();
    await page.getByRole('tab', { selected: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('half');
    await page.reload();
    await page.getByRole('button', { name: '6 tháng', pressed: true }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /Published satisfaction/ }).waitFor();
    await context.close();
  }, 120_000);
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
