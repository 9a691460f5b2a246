import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCchcRow, TCchcTable } from '../domain/contract/cchc.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1, type Row } from './analytics-fixtures.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

/**
 * CCHC points that hold up (#11.3): every unit expected to survey has a row, small samples are
 * marked and never at full points, consultations stay out, and the year can follow the cut-off of
 * Nghị định 09/2019 (15/12 of the year before to 14/12).
 */
describe('CCHC points', () => {
  let t: TestApp;
  let admin: Agent;
  let analyst: Agent;
  let ctx: Awaited<ReturnType<typeof setupSurveysAndUnits>>;
  const MIN = 5;

  beforeAll(async () => {
    t = await startTestApp({ config: { MIN_N: String(MIN) } });
    ctx = await setupSurveysAndUnits(t.db);
    const so = ctx.units.get('SO')!;
    for (const u of [
      { code: 'THCS-C', name: 'Trường THCS Chu Văn An', kind: 'school' as const, level: 'thcs' as const },
      { code: 'PHONGKT', name: 'Phòng Kế hoạch - Tài chính', kind: 'office' as const, level: null },
    ]) {
      const row = await t.db
        .insertInto('units')
        .values({ ...u, parent_id: so })
        .returning('id')
        .executeTakeFirstOrThrow();
      ctx.units.set(u.code, row.id);
    }
    // VANPHONG holds a TTHC link but nobody answered: expected to survey, so it gets a row.
    await t.db
      .insertInto('links')
      .values({
        code: 'vp-link-0001',
        survey_id: ctx.surveys.get('tthc-services')!,
        unit_id: ctx.units.get('VANPHONG')!,
      })
      .execute();
    const many: Row[] = Array.from({ length: 80 }, (_, i) => ({
      survey: 'tthc-services',
      unit: 'PHONGKT',
      at: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T03:00:00Z`,
      answers: { overall_satisfaction: 5 },
    }));
    const consultation: Row[] = Array.from({ length: 6 }, (_, i) => ({
      survey: 'policy-consultation-draft',
      unit: 'MOTCUA',
      at: `2026-04-1${i}T03:00:00Z`,
      answers: { draft_clarity: 1, draft_feasibility: 1 },
    }));
    const edges: Row[] = ['2025-12-16T03:00:00Z', '2025-12-20T03:00:00Z', '2026-12-20T03:00:00Z'].map((at) => ({
      survey: 'tthc-services',
      unit: 'MOTCUA',
      at,
      answers: { overall_satisfaction: 5 },
    }));
    await insertResponses(t.db, ctx, [...TTHC_Q1, ...TTHC_OTHER, ...EDU_Q1, ...many, ...consultation, ...edges]);
    ({ agent: admin } = await signedInAgent(t, [{ role: 'admin' }]));
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
  });
  afterAll(() => t.close());

  const get = async (query: string): Promise<TCchcTable> => {
    const res = await analyst.get(`/api/v1/analytics/cchc?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as TCchcTable;
  };
  const row = (table: TCchcTable, code: string): TCchcRow => {
    const found = table.rows.filter((r) => r.unit.code === code);
    expect(found, code).toHaveLength(1);
    return found[0]!;
  };

  it('every unit expected to survey has a row; no answers reads "không khảo sát" and 0 points', async () => {
    const table = await get('year=2026');
    expect(table.basis).toBe('calendar');
    expect(table.period).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(table.minRespondents).toBe(MIN);
    for (const code of ['VANPHONG', 'THCS-C']) {
      expect(row(table, code)).toMatchObject({ state: 'no_survey', points: 0, respondents: 0, noData: true });
      expect(row(table, code).figure.status).toBe('no_data');
    }
    // The answered ones are there too, each once.
    expect(row(table, 'MOTCUA').state).toBe('scored');
    expect(row(table, 'MOTCUA').respondents).toBe(12);
  });

  it('points follow the status: full only when met; below at its rate; uncertain at its lower bound', async () => {
    const table = await get('year=2026');
    const met = row(table, 'PHONGKT');
    expect([met.figure.status, met.state, met.points]).toEqual(['met', 'scored', 1]);
    const below = row(table, 'MOTCUA');
    expect(below.figure.status).toBe('below');
    expect(below.points).toBeCloseTo(below.figure.value! / 0.95, 3);
    expect(below.points).toBeLessThan(1);
  });

  it('below the minimum of respondents a unit is marked and scored by the configured rule, never at full points', async () => {
    const table = await get('year=2026&survey=public-education-parents');
    const small = row(table, 'TH-A');
    expect([small.state, small.respondents]).toEqual(['small_sample', 3]);
    // Default rule: the points the status gives (here uncertain: its lower bound) × 3 respondents / 5.
    expect(small.figure.status).toBe('uncertain');
    expect(small.points).toBeCloseTo(((small.figure.interval.low / 0.9) * 3) / MIN, 3);
    const mn = row(table, 'MN-B');
    expect(mn.state).toBe('small_sample');
    expect(mn.points).toBeLessThan(1);

    const put = await admin.put('/api/v1/analytics/settings/cchc').send({
      maxPoints: 2,
      scale: { kind: 'proportional' },
      smallSample: { kind: 'zero' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.statusRule).toEqual({ met: 'full', uncertain: 'lower_bound', below: 'rate' });
    const zero = await get('year=2026');
    expect(row(zero, 'TH-A').points).toBe(0);
    expect(row(zero, 'PHONGKT').points).toBe(2);
    // A share of 1 would be full points again: refused with a field error.
    const bad = await admin
      .put('/api/v1/analytics/settings/cchc')
      .send({ maxPoints: 1, scale: { kind: 'proportional' }, smallSample: { kind: 'share', share: 1 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.fields)).toContain('smallSample');
    // Uncertain scored at the rate instead: a configurable scale.
    await admin.put('/api/v1/analytics/settings/cchc').send({
      maxPoints: 1,
      scale: { kind: 'proportional' },
      statusRule: { met: 'full', uncertain: 'rate', below: 'zero' },
      smallSample: { kind: 'share', share: 0.5 },
    });
    const byRate = await get('year=2026');
    expect(row(byRate, 'TH-A').points).toBeCloseTo(Math.min(1, row(byRate, 'TH-A').figure.value! / 0.9) * 0.5, 3);
    expect(row(byRate, 'MOTCUA').points).toBe(0);
    await admin
      .put('/api/v1/analytics/settings/cchc')
      .send({ maxPoints: 1, scale: { kind: 'proportional' } })
      .expect(200);
  });

  it('consultation surveys never enter the points', async () => {
    const table = await get('year=2026');
    expect(table.rows.some((r) => r.survey === 'policy-consultation-draft')).toBe(false);
    // MOTCUA's TTHC figure has none of the consultation's 1s.
    expect(row(table, 'MOTCUA').respondents).toBe(12);
    const res = await analyst.get('/api/v1/analytics/cchc?year=2026&survey=policy-consultation-draft');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('querystring.survey');
  });

  it('the year and its quarters can follow the cut-off of Nghị định 09/2019, chosen in settings', async () => {
    const calendar = await get('year=2026&survey=tthc-services');
    const cutoff = await get('year=2026&survey=tthc-services&basis=cutoff_09_2019');
    expect(cutoff.period).toMatchObject({ from: '2025-12-15', to: '2026-12-14' });
    expect(cutoff.period.label.vi).toBe('Năm 2026 (15/12/2025 – 14/12/2026)');
    // Calendar 2026: 11 fixture answers + 20/12/2026. Cut-off 2026: 11 + 16/12 and 20/12/2025.
    expect(row(calendar, 'MOTCUA').respondents).toBe(12);
    expect(row(cutoff, 'MOTCUA').respondents).toBe(13);
    // Q1 by cut-off: 15/12/2025–14/03/2026 holds 7 fixture answers (not 15/03, 18/03, 31/03) and the 2 of December.
    const q1 = await get('year=2026&quarter=1&survey=tthc-services&basis=cutoff_09_2019');
    expect(q1.period).toMatchObject({ from: '2025-12-15', to: '2026-03-14' });
    expect(row(q1, 'MOTCUA').respondents).toBe(9);
    expect(row(await get('year=2026&quarter=1&survey=tthc-services'), 'MOTCUA').respondents).toBe(10);
    // As the setting: the default basis changes for every request without `basis`.
    const put = await admin
      .put('/api/v1/analytics/settings/cchc')
      .send({ maxPoints: 1, scale: { kind: 'proportional' }, periodBasis: 'cutoff_09_2019' });
    expect(put.status).toBe(200);
    expect((await get('year=2026')).basis).toBe('cutoff_09_2019');
    expect(row(await get('year=2026&survey=tthc-services'), 'MOTCUA').respondents).toBe(13);
    expect((await analyst.get('/api/v1/analytics/cchc?basis=lunar')).status).toBe(400);
    expect((await analyst.get('/api/v1/analytics/cchc?quarter=5')).status).toBe(400);
    await admin.put('/api/v1/analytics/settings/cchc').send({ maxPoints: 1, scale: { kind: 'proportional' } });
  });

  it('a unit manager sees the rows of their own units only', async () => {
    const { agent } = await signedInAgent(t, [{ role: 'unit_manager', unitId: ctx.units.get('TH-A')! }]);
    const own = (await agent.get('/api/v1/analytics/cchc?year=2026')).body as TCchcTable;
    expect(own.rows.map((r) => r.unit.code)).toEqual(['TH-A']);
  });
});
