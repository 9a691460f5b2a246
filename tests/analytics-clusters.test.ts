import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterShare, clusterSumsOf, wilsonInterval } from '../domain/statistics.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { insertResponses, setupSurveysAndUnits, type Row } from './analytics-fixtures.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

/** The 13 Likert questions of tthc-services; the last is the general question. */
const KEYS = [
  'access_information',
  'access_facilities',
  'access_online',
  'procedure_documents',
  'procedure_time_limit',
  'staff_attitude',
  'staff_guidance',
  'staff_competence',
  'staff_integrity',
  'result_accuracy',
  'feedback_channels',
  'feedback_handling',
  'overall_satisfaction',
];

const answer = (value: (key: string) => number) => Object.fromEntries(KEYS.map((k) => [k, value(k)]));

/**
 * The 40-parent example through the real stack (rollups, API): 36 satisfied on everything, 3 not on
 * one question, one dissatisfied on all: 504 of 520 answers satisfied (96.9 %).
 */
const FORTY: Row[] = Array.from({ length: 40 }, (_, i) => ({
  survey: 'tthc-services',
  unit: 'VANPHONG',
  at: `2026-08-${String(1 + (i % 28)).padStart(2, '0')}T03:00:00Z`,
  answers: answer((k) => (i === 39 ? 2 : i >= 36 && k === 'access_online' ? 3 : 5)),
}));

/** Three respondents at another unit: 39 answers, but 3 people. */
const THREE: Row[] = Array.from({ length: 3 }, (_, i) => ({
  survey: 'tthc-services',
  unit: 'MOTCUA',
  at: `2026-08-0${1 + i}T03:00:00Z`,
  answers: answer(() => 5),
}));

describe('respondent-level figures through the rollups and the API', () => {
  let t: TestApp;
  let analyst: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    const ctx = await setupSurveysAndUnits(t.db);
    await insertResponses(t.db, ctx, [...FORTY, ...THREE]);
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
  });
  afterAll(() => t.close());

  const summary = async (query: string) =>
    (await analyst.get(`/api/v1/analytics/summary?survey=tthc-services&period=Q3-2026${query}`)).body;

  it('the 40-parent example is not "met" at 95 %, by the pooled rate or the official index', async () => {
    const pooled = (await summary('&unit=VANPHONG&method=top2_pooled')).overall;
    expect([pooled.satisfied, pooled.n, pooled.respondents]).toEqual([504, 520, 40]);
    // Taken as 520 independent answers, Wilson's interval would start at 95.06 %: "met".
    expect(wilsonInterval(504, 520).low).toBeGreaterThanOrEqual(0.95);
    expect(pooled.designEffect).toBeGreaterThan(5);
    expect(pooled.status).toBe('uncertain');
    expect(pooled.interval.low).toBeLessThan(0.9);
    // The same as the formula on the 40 respondents' own sums.
    const pairs = FORTY.map((r) => {
      const values = Object.values(r.answers) as number[];
      return { s: values.filter((v) => v >= 4).length, c: values.length };
    });
    const expected = clusterShare(clusterSumsOf(pairs));
    expect(pooled.interval.low).toBeCloseTo(expected.interval.low, 10);
    expect(pooled.interval.high).toBeCloseTo(expected.interval.high, 10);

    const s = await summary('&unit=VANPHONG');
    expect(s.headline.method.key).toBe('criteria_mean');
    expect(s.headline.figure.respondents).toBe(40);
    expect(s.headline.figure.status).toBe('uncertain');
    expect(s.status).toBe('uncertain');
    // Every figure says n, respondents and the design effect; a single question keeps deff 1.
    for (const c of s.criteria) expect(c.figure.respondents).toBe(40);
    const q = s.questions.find((x: { key: string }) => x.key === 'access_online');
    expect(q.figure).toMatchObject({ n: 40, respondents: 40, designEffect: 1, satisfied: 36 });
  });

  it('the minimum n counts respondents: 39 answers from 3 people are a small sample', async () => {
    const s = await summary('&unit=MOTCUA&method=top2_pooled');
    expect([s.overall.n, s.overall.respondents]).toEqual([39, 3]);
    expect(s.overall.smallSample).toBe(true);
    // All satisfied: the correlation cannot be estimated, so the 3 respondents are the sample.
    expect(s.overall.designEffect).toBe(13);
    const ranking = (
      await analyst.get('/api/v1/analytics/breakdown?survey=tthc-services&period=Q3-2026&by=unit&method=top2_pooled')
    ).body.rows;
    const motcua = ranking.find((r: { key: string }) => r.key === 'MOTCUA');
    expect(motcua.figure).toMatchObject({ respondents: 3, smallSample: true });
    const vanphong = ranking.find((r: { key: string }) => r.key === 'VANPHONG');
    expect(vanphong.figure).toMatchObject({ respondents: 40, smallSample: false, status: 'uncertain' });
  });
});
