import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefinitions, DEFINITIONS_DIR } from '../server/definitions/publish.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { clusterShare, clusterSumsOf } from '../domain/statistics.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

describe('analytics API on a hand-counted data set', () => {
  let t: TestApp;
  let analyst: Agent;
  let manager: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    const ctx = await setupSurveysAndUnits(t.db);
    // A second version of the TTHC survey with one more question: its answers to shared keys pool with v1's.
    const v1 = JSON.parse(await readFile(path.join(DEFINITIONS_DIR, 'tthc-services.json'), 'utf8'));
    v1.questions.push({
      key: 'staff_punctual',
      criterion: 'staff',
      type: 'likert5',
      text: { vi: 'Công chức làm việc đúng giờ' },
    });
    await publishDefinitions(t.db, [{ file: 'tthc-services.json', text: JSON.stringify(v1) }]);
    ctx.versions.set(
      'tthc-services@2',
      (await t.db.selectFrom('survey_versions').select('id').where('number', '=', 2).executeTakeFirstOrThrow()).id,
    );
    await insertResponses(t.db, ctx, [...TTHC_Q1, ...TTHC_OTHER, ...EDU_Q1]);
    // v2, in the second quarter: staff_attitude 4 pools with v1's answers; staff_punctual is v2-only.
    await insertResponses(t.db, ctx, [
      {
        survey: 'tthc-services',
        unit: 'MOTCUA',
        version: 2,
        at: '2026-04-20T03:00:00Z',
        answers: { staff_attitude: 4, staff_punctual: 2, overall_satisfaction: 5 },
      },
    ]);
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
    ({ agent: manager } = await signedInAgent(t, [{ role: 'unit_manager', unitId: ctx.units.get('TH-A')! }]));
  });
  afterAll(() => t.close());

  it('needs a session', async () => {
    expect((await t.request().get('/api/v1/analytics/summary?survey=tthc-services&method=top2_pooled')).status).toBe(
      401,
    );
  });

  it('summarises a quarter with exact rates, Wilson intervals and status', async () => {
    const res = await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&method=top2_pooled');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.period).toMatchObject({ code: 'Q1-2026', from: '2026-01-01', to: '2026-03-31' });
    expect(s.target).toBe(0.95);
    // Pooled: staff 7 of 9 (N/A left out) + overall 8 of 10 = 15 of 19.
    expect(s.n).toBe(19);
    expect(s.rate).toBe(15 / 19);
    // Respondent-level: 10 respondents (staff, overall satisfied / counted): 7 × (2, 2), (1, 2), (0, 2),
    // (0, 1). Wider than Wilson's 15 of 19 answers (0.5667–0.9149), which takes them as independent.
    const pairs = [
      ...Array.from({ length: 7 }, () => ({ s: 2, c: 2 })),
      { s: 1, c: 2 },
      { s: 0, c: 2 },
      { s: 0, c: 1 },
    ];
    const expected = clusterShare(clusterSumsOf(pairs));
    expect(s.overall.respondents).toBe(10);
    expect(s.overall.designEffect).toBeCloseTo(expected.designEffect, 10);
    expect(s.overall.designEffect).toBeGreaterThan(1);
    expect(s.interval.low).toBeCloseTo(expected.interval.low, 10);
    expect(s.interval.high).toBeCloseTo(expected.interval.high, 10);
    expect(s.interval.low).toBeLessThan(0.566657);
    expect(s.status).toBe('below');
    expect(s.smallSample).toBe(true);
    expect(s.overall.method).toBe('top2_pooled');
    // The pending and the rejected response are counted as such, and nowhere else.
    expect(s.responses).toEqual({ accepted: 10, pending: 1, rejected: 1, respondents: 10, withComment: 3 });
    expect(s.methods.comprehensive).toMatchObject({ value: 0.7, n: 10, satisfied: 7 });
    expect(s.methods.comprehensive.interval.low).toBeCloseTo(0.396778, 5);

    const staff = s.criteria.find((c: { key: string }) => c.key === 'staff');
    expect(staff.figure).toMatchObject({ n: 9, satisfied: 7 });
    expect(staff.figure.interval.low).toBeCloseTo(0.452589, 5);
    expect(staff.figure.interval.high).toBeCloseTo(0.936775, 5);
    const overallQ = s.questions.find((q: { key: string }) => q.key === 'overall_satisfaction');
    expect(overallQ.counts).toEqual({ 1: 1, 2: 0, 3: 1, 4: 6, 5: 2, na: 0 });
    expect(overallQ.figure.value).toBe(0.8);
    expect(overallQ.figure.interval.low).toBeCloseTo(0.490162, 5);
    const staffQ = s.questions.find((q: { key: string }) => q.key === 'staff_attitude');
    expect(staffQ.counts).toEqual({ 1: 0, 2: 1, 3: 1, 4: 4, 5: 3, na: 1 });
    // The v2-only question is listed (newest wording) with no answers in Q1.
    expect(s.questions.find((q: { key: string }) => q.key === 'staff_punctual').figure.n).toBe(0);

    const fee = s.yesNo.find((q: { key: string }) => q.key === 'procedure_fee_as_posted');
    expect(fee).toMatchObject({ yes: 9, no: 1, n: 10, share: 0.9 });
    const channel = s.choices.find((q: { key: string }) => q.key === 'service_channel');
    expect(channel.options.find((o: { value: string }) => o.value === 'truc_tiep').n).toBe(6);

    // Monthly series: January 6 of 6, February 5 of 6, March 4 of 7 (the 23:30 local answer is in March).
    expect(s.series.unit).toBe('month');
    expect(s.series.points.map((p: { start: string }) => p.start)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(
      s.series.points.map((p: { figure: { satisfied: number; n: number } }) => [p.figure.satisfied, p.figure.n]),
    ).toEqual([
      [6, 6],
      [5, 6],
      [4, 7],
    ]);
  });

  it('headlines the official index (mean of the criteria), naming its method and source', async () => {
    const s = (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026')).body;
    expect(s.method.key).toBe('criteria_mean');
    expect(s.method.source.vi).toContain('1001/QĐ-BNV');
    expect(s.headline.method.key).toBe('criteria_mean');
    expect(s.headline.figure).toEqual(s.overall);
    // Only the staff criterion has content answers (7 of 9); the general question is reported apart.
    expect(s.rate).toBe(7 / 9);
    expect(s.n).toBe(9);
    expect(s.overall.respondents).toBe(10);
    expect(s.overall.designEffect).toBe(1);
    expect(s.interval.low).toBeCloseTo(0.452589, 5);
    expect(s.status).toBe('below');
    expect(s.methods.top2_pooled.value).toBe(15 / 19);
    // Asking for another method keeps the official headline beside it.
    const pooled = (
      await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&method=top2_pooled')
    ).body;
    expect(pooled.headline).toEqual(s.headline);
    // Single questions are unchanged: Wilson at n, design effect 1.
    const q = s.questions.find((x: { key: string }) => x.key === 'overall_satisfaction');
    expect(q.figure).toMatchObject({ n: 10, respondents: 10, designEffect: 1, value: 0.8 });
    expect(q.figure.interval.low).toBeCloseTo(0.490162, 5);
  });

  it("titles a family's criteria in the family's shared wording, or in the level's own when drilling in (#11.8)", async () => {
    const title = async (query: string) => {
      const s = (await analyst.get(`/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026${query}`))
        .body;
      return s.criteria.find((c: { key: string }) => c.key === 'activities')?.title.vi;
    };
    // The preschool wording is not the family's: most levels say "Hoạt động giáo dục".
    expect(await title('')).toBe('Hoạt động giáo dục');
    expect(await title('&level=mam_non')).toBe('Hoạt động nuôi dưỡng, chăm sóc và giáo dục trẻ');
    expect(await title('&unit=MN-B')).toBe('Hoạt động nuôi dưỡng, chăm sóc và giáo dục trẻ');
    expect(await title('&unit=TH-A')).toBe('Hoạt động giáo dục');
  });

  it('offers the other methods, labelled', async () => {
    const mean = (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&method=mean_score'))
      .body;
    expect(mean.method.key).toBe('mean_score');
    // (3·5 + 4·4 + 3 + 2 + 2·5 + 6·4 + 3 + 1) / 19 = 74 / 19
    expect(mean.overall.value).toBeCloseTo(74 / 19, 10);
    expect(mean.overall.target).toBeNull();
    expect(mean.status).toBe('no_target');
    const index = (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&method=index_100'))
      .body;
    expect(index.overall.value).toBeCloseTo(((74 / 19 - 1) / 4) * 100, 8);
    const comp = (
      await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&method=comprehensive')
    ).body;
    expect(comp.rate).toBe(0.7);
    expect(comp.n).toBe(10);
  });

  it('pools versions by question key, and filters by version', async () => {
    const q2 = (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q2-2026&method=top2_pooled'))
      .body;
    // Q2: the 01:00 local answer of 1 April (v1: 5, 5) and the v2 answer (4, 2, 5).
    expect(q2.questions.find((q: { key: string }) => q.key === 'staff_attitude').counts).toMatchObject({ 4: 1, 5: 1 });
    expect(q2.n).toBe(5);
    expect(q2.rate).toBe(4 / 5);
    const v2 = (
      await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q2-2026&version=2&method=top2_pooled')
    ).body;
    expect(v2.n).toBe(3);
    const v1 = (
      await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q2-2026&version=1&method=top2_pooled')
    ).body;
    expect(v1.n).toBe(2);
  });

  it('pools a survey family and filters by level, ward, channel, unit and custom dates', async () => {
    const fam = (
      await analyst.get('/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026&method=top2_pooled')
    ).body;
    expect(fam.survey.kind).toBe('family');
    expect(fam.target).toBe(0.9);
    expect([fam.rate, fam.n]).toEqual([7 / 8, 8]);
    expect(fam.interval.low).toBeCloseTo(0.529112, 5);
    // survey= also accepts a family name.
    expect(
      (await analyst.get('/api/v1/analytics/summary?survey=public-education-parents&period=Q1-2026&method=top2_pooled'))
        .body.n,
    ).toBe(8);
    const level = (
      await analyst.get(
        '/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026&level=tieu_hoc&method=top2_pooled',
      )
    ).body;
    expect([level.rate, level.n]).toEqual([5 / 6, 6]);
    const ward = (
      await analyst.get(
        `/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026&ward=${encodeURIComponent('Phường Hai')}&method=top2_pooled`,
      )
    ).body;
    expect([ward.rate, ward.n, ward.interval.high]).toEqual([1, 2, 1]);
    const web = (
      await analyst.get(
        '/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026&channel=web&method=top2_pooled',
      )
    ).body;
    expect(web.n).toBe(2);
    const unit = (
      await analyst.get(
        '/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026&unit=TH-A&method=top2_pooled',
      )
    ).body;
    expect(unit.n).toBe(6);
    // The Sở includes its sub-units.
    expect(
      (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&unit=SO&method=top2_pooled'))
        .body.n,
    ).toBe(19);
    const custom = (
      await analyst.get(
        '/api/v1/analytics/summary?survey=tthc-services&from=2026-02-01&to=2026-02-28&method=top2_pooled',
      )
    ).body;
    expect(custom.period).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect([custom.n, custom.rate]).toEqual([6, 5 / 6]);
    // A range with partial months on both edges reads day rollups there.
    const edges = (
      await analyst.get(
        '/api/v1/analytics/summary?survey=tthc-services&from=2026-01-13&to=2026-03-15&method=top2_pooled',
      )
    ).body;
    // Jan 13, 16; Feb 11, 14, 17; Mar 12, 15 → staff 6 of 7 and overall 7 of 7
    expect([edges.n, edges.rate]).toEqual([14, 13 / 14]);
  });

  it('ranks units with the ones below target first', async () => {
    const res = await analyst.get(
      '/api/v1/analytics/breakdown?family=public-education-parents&period=Q1-2026&by=unit&method=top2_pooled',
    );
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(['TH-A', 'MN-B']);
    expect(res.body.rows[0].figure).toMatchObject({ n: 6, satisfied: 5, status: 'uncertain' });
    expect(res.body.rows[0].unit).toMatchObject({ code: 'TH-A', level: 'tieu_hoc', ward: 'Phường Một' });
    const byLevel = await analyst.get(
      '/api/v1/analytics/breakdown?family=public-education-parents&period=Q1-2026&by=level&method=top2_pooled',
    );
    expect(
      Object.fromEntries(byLevel.body.rows.map((r: { key: string; figure: { n: number } }) => [r.key, r.figure.n])),
    ).toEqual({
      tieu_hoc: 6,
      mam_non: 2,
    });
    const byCriterion = await analyst.get(
      '/api/v1/analytics/breakdown?survey=tthc-services&period=Q1-2026&by=criterion&method=top2_pooled',
    );
    expect(byCriterion.body.rows.find((r: { key: string }) => r.key === 'overall').figure.satisfied).toBe(8);
  });

  it('gives a weekly, monthly and quarterly series', async () => {
    const q = (
      await analyst.get(
        '/api/v1/analytics/series?survey=tthc-services&period=H1-2026&bucket=quarter&method=top2_pooled',
      )
    ).body;
    expect(
      q.series.points.map((p: { label: { vi: string }; figure: { n: number } }) => [p.label.vi, p.figure.n]),
    ).toEqual([
      ['Quý I/2026', 19],
      ['Quý II/2026', 5],
    ]);
    const w = (
      await analyst.get(
        '/api/v1/analytics/series?survey=tthc-services&from=2026-01-05&to=2026-01-18&bucket=week&method=top2_pooled',
      )
    ).body;
    // Weeks start on Monday 5 and 12 January: the 10th (5, 5) and the 13th and 16th (4, 4 each).
    expect(w.series.points.map((p: { start: string; figure: { n: number } }) => [p.start, p.figure.n])).toEqual([
      ['2026-01-05', 2],
      ['2026-01-12', 4],
    ]);
  });

  it('lists comments, newest first, searchable, with flagged ones hidden by default', async () => {
    const all = (await analyst.get('/api/v1/analytics/comments?survey=tthc-services&period=Q1-2026')).body;
    expect(all.total).toBe(3);
    expect(all.items[0].comment).toBe('Chờ quá lâu');
    expect(all.items[0].unit.code).toBe('MOTCUA');
    const flagged = (
      await analyst.get('/api/v1/analytics/comments?survey=tthc-services&period=Q1-2026&includeFlagged=true')
    ).body;
    expect(flagged.total).toBe(4);
    expect(flagged.items.find((i: { reviewStatus: string }) => i.reviewStatus === 'pending').comment).toBe(
      'Bình luận đang chờ duyệt',
    );
    const search = (
      await analyst.get(
        `/api/v1/analytics/comments?survey=tthc-services&period=Q1-2026&q=${encodeURIComponent('TẬN TÌNH')}`,
      )
    ).body;
    expect(search.items.map((i: { comment: string }) => i.comment)).toEqual(['Cán bộ hướng dẫn rất tận tình']);
    const paged = (
      await analyst.get('/api/v1/analytics/comments?survey=tthc-services&period=Q1-2026&pageSize=2&page=2')
    ).body;
    expect([paged.total, paged.items.length]).toEqual([3, 1]);
    const injection = await analyst.get(
      `/api/v1/analytics/comments?survey=tthc-services&q=${encodeURIComponent("%' or 1=1 --")}`,
    );
    expect(injection.status).toBe(200);
    expect(injection.body.total).toBe(0);
  });

  it('shows a unit manager only their units', async () => {
    const own = (
      await manager.get('/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026&method=top2_pooled')
    ).body;
    expect([own.n, own.rate]).toEqual([6, 5 / 6]);
    expect(
      (await manager.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&method=top2_pooled')).body.n,
    ).toBe(0);
    const other = await manager.get(
      '/api/v1/analytics/summary?family=public-education-parents&period=Q1-2026&unit=MN-B&method=top2_pooled',
    );
    expect(other.status).toBe(404);
    const ranking = (
      await manager.get('/api/v1/analytics/breakdown?family=public-education-parents&period=Q1-2026&method=top2_pooled')
    ).body;
    expect(ranking.rows.map((r: { key: string }) => r.key)).toEqual(['TH-A']);
    const comments = (await manager.get('/api/v1/analytics/comments?survey=tthc-services&period=Q1-2026')).body;
    expect(comments.total).toBe(0);
    const options = (await manager.get('/api/v1/analytics/options')).body;
    expect(options.units.map((u: { code: string }) => u.code)).toEqual(['TH-A']);
  });

  it('refuses bad filters with 400 and field errors, and never answers 500 to injection', async () => {
    const bad = await analyst.get(
      '/api/v1/analytics/summary?survey=tthc-services&period=Q5-2026&level=dai_hoc&method=magic',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'querystring.level',
      'querystring.method',
      'querystring.period',
    ]);
    const missing = await analyst.get('/api/v1/analytics/summary');
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].path).toBe('querystring.survey');
    const both = await analyst.get(
      '/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&from=2026-01-01&to=2026-01-02&method=top2_pooled',
    );
    expect(both.status).toBe(400);
    const half = await analyst.get('/api/v1/analytics/summary?survey=tthc-services&from=2026-01-01&method=top2_pooled');
    expect(half.body.error.fields).toEqual([{ path: 'querystring.to', message: 'cần cả from và to' }]);
    const reversed = await analyst.get(
      '/api/v1/analytics/summary?survey=tthc-services&from=2026-02-01&to=2026-01-01&method=top2_pooled',
    );
    expect(reversed.status).toBe(400);
    const badDate = await analyst.get(
      '/api/v1/analytics/summary?survey=tthc-services&from=2026-02-30&to=2026-03-01&method=top2_pooled',
    );
    expect(badDate.body.error.fields[0].path).toBe('querystring.from');
    expect((await analyst.get('/api/v1/analytics/summary?survey=no-such-survey&method=top2_pooled')).status).toBe(400);
    expect(
      (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&version=9&method=top2_pooled')).status,
    ).toBe(400);

    const injection = "x' or 1=1 --";
    for (const param of ['survey', 'family', 'period', 'from', 'level', 'channel', 'version', 'method', 'bucket']) {
      const res = await analyst.get(
        `/api/v1/analytics/summary?survey=tthc-services&${param}=${encodeURIComponent(injection)}&method=top2_pooled`,
      );
      expect(res.status, param).toBeGreaterThanOrEqual(400);
      expect(res.status, param).toBeLessThan(500);
    }
    const unit = await analyst.get(
      `/api/v1/analytics/summary?survey=tthc-services&unit=${encodeURIComponent(injection)}&method=top2_pooled`,
    );
    expect(unit.status).toBe(404);
    const ward = await analyst.get(
      `/api/v1/analytics/summary?survey=tthc-services&ward=${encodeURIComponent(injection)}&method=top2_pooled`,
    );
    expect([ward.status, ward.body.n]).toEqual([200, 0]);
    const by = await analyst.get(
      `/api/v1/analytics/breakdown?survey=tthc-services&by=${encodeURIComponent(injection)}&method=top2_pooled`,
    );
    expect(by.status).toBe(400);
  });
});
