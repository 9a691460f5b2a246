import { describe, it, expect } from 'vitest';
import { ZSurveyDefinition } from './definition.js';
import { DEFAULT_SCORING_METHOD, SCORING_METHODS, ZScoringMethod } from './methods.js';
import {
  DEFAULT_MIN_N,
  addLikertCounts,
  comprehensiveFromResponses,
  comprehensiveRate,
  countedAnswers,
  emptyLikertCounts,
  index100,
  likertCountsFromResponses,
  meanScore,
  rateFromCounts,
  scoreSurvey,
  yesShare,
  type LikertCounts,
} from './scoring.js';
import { wilsonInterval } from './statistics.js';

/*
 * Oracle: every expected number below was computed independently of this code (30-digit mpmath for
 * the Wilson bounds from the textbook formula, scipy.stats.t.ppf and numpy for the t-intervals) and
 * written out by hand. Assertions are to 4 decimals (toBeCloseTo(x, 4): |error| < 5e-5) unless exact.
 */

const likert = (c: Partial<LikertCounts>): LikertCounts => ({ ...emptyLikertCounts(), ...c });

describe('SCORING_METHODS', () => {
  it('lists the five methods with labels, sources and one default (the official index)', () => {
    expect(SCORING_METHODS.map((m) => m.key)).toEqual([
      'criteria_mean',
      'top2_pooled',
      'mean_score',
      'index_100',
      'comprehensive',
    ]);
    expect(SCORING_METHODS.filter((m) => m.isDefault).map((m) => m.key)).toEqual(['criteria_mean']);
    expect(DEFAULT_SCORING_METHOD).toBe('criteria_mean');
    expect(SCORING_METHODS[1].label.vi).toBe('Tỷ lệ hài lòng (gộp câu trả lời 4–5)');
    expect(SCORING_METHODS[0].source.vi).toContain('1001/QĐ-BNV');
    expect(SCORING_METHODS[0].source.vi).toContain('2329/QĐ-BGDĐT');
    for (const m of SCORING_METHODS) {
      expect(m.source.vi.length).toBeGreaterThan(0);
      expect(m.label.vi.length).toBeGreaterThan(0);
      expect(m.label.en.length).toBeGreaterThan(0);
      expect(m.description.vi.length).toBeGreaterThan(0);
      expect(m.description.en.length).toBeGreaterThan(0);
    }
    expect(ZScoringMethod.safeParse('comprehensive').success).toBe(true);
    expect(ZScoringMethod.safeParse('average').success).toBe(false);
  });
});

describe('rateFromCounts', () => {
  // 45 of 50 counted answers are 4 or 5; the 7 N/A are not in n.
  const counts = likert({ 1: 2, 2: 1, 3: 2, 4: 20, 5: 25, na: 7 });

  it('top-two share with N/A left out of n', () => {
    const r = rateFromCounts(counts, { target: 0.9 });
    expect(r.method).toBe('top2_pooled');
    expect(r.satisfied).toBe(45);
    expect(r.n).toBe(50);
    expect(r.rate).toBe(0.9);
    expect(r.interval.low).toBeCloseTo(0.7864, 4);
    expect(r.interval.high).toBeCloseTo(0.9565, 4);
    expect(r.target).toBe(0.9);
    expect(r.status).toBe('uncertain');
    expect(r.smallSample).toBe(false);
  });

  it('status met / below / uncertain', () => {
    expect(rateFromCounts(counts, { target: 0.78 }).status).toBe('met');
    expect(rateFromCounts(counts, { target: 0.95 }).status).toBe('uncertain');
    expect(rateFromCounts(counts, { target: 0.96 }).status).toBe('below');
  });

  it('status at the exact interval bounds', () => {
    const { low, high } = wilsonInterval(45, 50);
    // met when the lower bound equals the target …
    expect(rateFromCounts(counts, { target: low }).status).toBe('met');
    expect(rateFromCounts(counts, { target: low + 1e-12 }).status).toBe('uncertain');
    // … below only when the upper bound is strictly under it.
    expect(rateFromCounts(counts, { target: high }).status).toBe('uncertain');
    expect(rateFromCounts(counts, { target: high + 1e-12 }).status).toBe('below');
  });

  it('n = 0 and all N/A → no_data, rate null', () => {
    for (const c of [emptyLikertCounts(), likert({ na: 12 })]) {
      const r = rateFromCounts(c, { target: 0.95 });
      expect(r.n).toBe(0);
      expect(r.rate).toBeNull();
      expect(r.interval).toEqual({ low: 0, high: 1 });
      expect(r.status).toBe('no_data');
      expect(r.smallSample).toBe(true);
    }
  });

  it('100 %: 40 of 40 is not enough to claim 95 %, 100 of 100 is', () => {
    const r40 = rateFromCounts(likert({ 5: 30, 4: 10 }), { target: 0.95 });
    expect(r40.rate).toBe(1);
    expect(r40.interval.high).toBe(1);
    expect(r40.interval.low).toBeCloseTo(0.9123783988, 4);
    expect(r40.status).toBe('uncertain');
    const r100 = rateFromCounts(likert({ 5: 100 }), { target: 0.95 });
    expect(r100.interval.low).toBeCloseTo(0.9630065018, 4);
    expect(r100.status).toBe('met');
  });

  it('0 % → below', () => {
    const r = rateFromCounts(likert({ 1: 20, 2: 10, 3: 20 }), { target: 0.9 });
    expect(r.rate).toBe(0);
    expect(r.interval.low).toBe(0);
    expect(r.interval.high).toBeCloseTo(0.0713475991334, 4);
    expect(r.status).toBe('below');
  });

  it('a single answer: rate 1, wide interval, small sample', () => {
    const r = rateFromCounts(likert({ 5: 1 }), { target: 0.95 });
    expect(r.rate).toBe(1);
    expect(r.n).toBe(1);
    expect(r.interval.low).toBeCloseTo(0.2065, 4);
    expect(r.status).toBe('uncertain');
    expect(r.smallSample).toBe(true);
  });

  it('smallSample at minN − 1 and minN', () => {
    expect(DEFAULT_MIN_N).toBe(30);
    expect(rateFromCounts(likert({ 5: 29 }), { target: 0.9 }).smallSample).toBe(true);
    expect(rateFromCounts(likert({ 5: 30 }), { target: 0.9 }).smallSample).toBe(false);
    expect(rateFromCounts(likert({ 5: 9, na: 5 }), { target: 0.9, minN: 10 }).smallSample).toBe(true);
    expect(rateFromCounts(likert({ 5: 10 }), { target: 0.9, minN: 10 }).smallSample).toBe(false);
  });

  it('accepts an explicit numerator and denominator', () => {
    const r = rateFromCounts({ satisfied: 18, n: 20 }, { target: 0.9, method: 'comprehensive' });
    expect(r.method).toBe('comprehensive');
    expect(r.rate).toBe(0.9);
    expect(r.interval.low).toBeCloseTo(0.6989663548, 4);
    expect(r.interval.high).toBeCloseTo(0.9721335188, 4);
  });

  it('rejects a target outside (0, 1]', () => {
    expect(() => rateFromCounts(counts, { target: 0 })).toThrow(RangeError);
    expect(() => rateFromCounts(counts, { target: 95 })).toThrow(RangeError);
  });
});

describe('pooling', () => {
  it('a pooled criterion rate differs from the mean of its question rates', () => {
    const q1 = likert({ 4: 50, 5: 40, 3: 10 }); // 90 / 100 = 0.9
    const q2 = likert({ 5: 1, 2: 9, na: 90 }); // 1 / 10 = 0.1 (most marked N/A)
    const pooled = rateFromCounts(addLikertCounts(q1, q2), { target: 0.9 });
    expect(pooled.satisfied).toBe(91);
    expect(pooled.n).toBe(110);
    expect(pooled.rate).toBeCloseTo(0.827272727, 6); // 91 / 110
    expect(pooled.interval.low).toBeCloseTo(0.7459176967, 4);
    expect(pooled.interval.high).toBeCloseTo(0.8865408184, 4);
    // The mean of the two question rates would be (0.9 + 0.1) / 2 = 0.5.
    expect(pooled.rate).not.toBeCloseTo(0.5, 2);
  });

  it('addLikertCounts sums every cell', () => {
    expect(addLikertCounts(likert({ 1: 1, na: 2 }), likert({ 1: 3, 5: 4 }))).toEqual(likert({ 1: 4, 5: 4, na: 2 }));
    expect(addLikertCounts()).toEqual(emptyLikertCounts());
  });
});

describe('responses in memory', () => {
  const responses: Array<Record<string, unknown>> = [
    { a: 5, b: 4, c: 'na' }, // satisfied on all answered
    { a: 5, b: 3 }, // not: a 3
    { a: 'na', b: 'na' }, // answered no counted question: not a respondent
    {}, // nothing: not a respondent
    { a: 4 }, // satisfied on the one answered
    { a: 2, b: 'na', other: 5 }, // not; `other` is not a Likert key here
    { a: 5, other: 1 }, // satisfied; `other` ignored
    { a: '5', b: null }, // strings and null are not counted answers
  ];

  it('comprehensiveFromResponses', () => {
    expect(comprehensiveFromResponses(responses, ['a', 'b', 'c'])).toEqual({ respondents: 5, satisfiedOnAll: 3 });
    expect(comprehensiveFromResponses([], ['a'])).toEqual({ respondents: 0, satisfiedOnAll: 0 });
    expect(comprehensiveFromResponses(responses, [])).toEqual({ respondents: 0, satisfiedOnAll: 0 });
  });

  it('comprehensiveRate: 3 of 5 respondents', () => {
    const r = comprehensiveRate({ respondents: 5, satisfiedOnAll: 3 }, { target: 0.9 });
    expect(r.method).toBe('comprehensive');
    expect(r.rate).toBe(0.6);
    expect(r.interval.low).toBeCloseTo(0.2307242813, 4);
    expect(r.interval.high).toBeCloseTo(0.8823792258, 4);
    expect(r.status).toBe('below');
    expect(r.smallSample).toBe(true);
  });

  it('likertCountsFromResponses', () => {
    expect(likertCountsFromResponses(responses, 'a')).toEqual(likert({ 5: 3, 4: 1, 2: 1, na: 1 }));
    expect(likertCountsFromResponses(responses, 'b')).toEqual(likert({ 4: 1, 3: 1, na: 2 }));
    expect(countedAnswers(likertCountsFromResponses(responses, 'c'))).toBe(0);
  });
});

describe('meanScore and index100', () => {
  it('mean with a t-interval (n = 20)', () => {
    const c = likert({ 1: 1, 2: 2, 3: 3, 4: 4, 5: 10, na: 6 });
    const m = meanScore(c);
    expect(m.method).toBe('mean_score');
    expect(m.n).toBe(20);
    expect(m.value).toBe(4);
    expect(m.sd).toBeCloseTo(1.2565617248750864, 4);
    expect(m.interval.low).toBeCloseTo(3.411911010202596, 4);
    expect(m.interval.high).toBeCloseTo(4.588088989797404, 4);
    expect(m.status).toBe('no_target');
    expect(m.smallSample).toBe(true);
    const i = index100(c);
    expect(i.method).toBe('index_100');
    expect(i.value).toBe(75);
    expect(i.interval.low).toBeCloseTo(60.2977752550649, 4);
    expect(i.interval.high).toBeCloseTo(89.7022247449351, 4);
    expect(i.scale).toEqual({ min: 0, max: 100 });
  });

  it('large n uses the same t-interval (n = 500)', () => {
    const c = likert({ 1: 50, 2: 50, 3: 100, 4: 200, 5: 100 });
    const m = meanScore(c);
    expect(m.value).toBe(3.5);
    expect(m.interval.low).toBeCloseTo(3.394090121394537, 4);
    expect(m.interval.high).toBeCloseTo(3.605909878605463, 4);
    expect(m.smallSample).toBe(false);
    expect(index100(c).value).toBe(62.5);
  });

  it('GOV.UK mapping 5→100 … 1→0', () => {
    for (const v of [1, 2, 3, 4, 5] as const) expect(index100(likert({ [v]: 3 })).value).toBe(25 * (v - 1));
    expect(index100(likert({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 })).value).toBe(50);
  });

  it('clamps the interval to the scale', () => {
    const c = likert({ 4: 1, 5: 3 }); // mean 4.75, raw t-interval [3.9544, 5.5456]
    const m = meanScore(c);
    expect(m.value).toBe(4.75);
    expect(m.interval.low).toBeCloseTo(3.954388423679073, 4);
    expect(m.interval.high).toBe(5);
    expect(index100(c).interval.low).toBeCloseTo(73.85971059197682, 4);
    expect(index100(c).interval.high).toBe(100);
    const wide = meanScore(likert({ 1: 1, 5: 1 })); // raw [−22.4, 28.4]
    expect(wide.interval).toEqual({ low: 1, high: 5 });
  });

  it('n = 0, n = 1 and identical answers', () => {
    const none = meanScore(likert({ na: 4 }));
    expect(none.value).toBeNull();
    expect(none.status).toBe('no_data');
    expect(none.interval).toEqual({ low: 1, high: 5 });
    expect(index100(likert({})).value).toBeNull();
    expect(index100(likert({})).interval).toEqual({ low: 0, high: 100 });
    const one = meanScore(likert({ 3: 1 }));
    expect(one.value).toBe(3);
    expect(one.sd).toBeNull();
    expect(one.interval).toEqual({ low: 1, high: 5 });
    const same = meanScore(likert({ 5: 2 }));
    expect(same.sd).toBe(0);
    expect(same.interval).toEqual({ low: 5, high: 5 });
  });
});

describe('yesShare', () => {
  it('18 yes, 2 no', () => {
    const y = yesShare(18, 2);
    expect(y).toMatchObject({ yes: 18, no: 2, n: 20, share: 0.9 });
    expect(y.interval.low).toBeCloseTo(0.6989663548, 4);
    expect(y.interval.high).toBeCloseTo(0.9721335188, 4);
  });

  it('nobody answered', () => {
    expect(yesShare(0, 0)).toEqual({ yes: 0, no: 0, n: 0, share: null, interval: { low: 0, high: 1 } });
  });
});

describe('scoreSurvey', () => {
  const definition = ZSurveyDefinition.parse({
    slug: 'tthc-services',
    kind: 'administrative',
    title: { vi: 'Khảo sát' },
    audience: { vi: 'Người dân' },
    target: 0.95,
    criteria: [
      { key: 'access', title: { vi: 'Tiếp cận dịch vụ' } },
      { key: 'fees', title: { vi: 'Phí, lệ phí' } },
      { key: 'staff', title: { vi: 'Công chức' } },
      { key: 'overall', title: { vi: 'Đánh giá chung' } },
    ],
    questions: [
      { key: 'access_info', criterion: 'access', type: 'likert5', text: { vi: 'a' } },
      { key: 'access_wait', criterion: 'access', type: 'likert5', allowNotApplicable: true, text: { vi: 'b' } },
      { key: 'fee_posted', criterion: 'fees', type: 'yes_no', text: { vi: 'c' } },
      { key: 'staff_courtesy', criterion: 'staff', type: 'likert5', text: { vi: 'd' } },
      { key: 'overall_sat', criterion: 'overall', type: 'likert5', text: { vi: 'e' } },
      { key: 'note', criterion: 'overall', type: 'text', text: { vi: 'f' } },
    ],
  });
  const counts: Record<string, LikertCounts> = {
    access_info: likert({ 2: 1, 3: 1, 4: 8, 5: 10, na: 5 }), // 18 / 20 = 0.9
    access_wait: likert({ 1: 1, 2: 1, 3: 3, 4: 2, 5: 3 }), // 5 / 10 = 0.5
    staff_courtesy: likert({ 1: 2, 2: 3, 3: 5, 4: 30, 5: 60 }), // 90 / 100
    overall_sat: likert({ 4: 3, 5: 7 }), // 10 / 10
  };

  it('pools criteria and overall, scores only Likert questions', () => {
    const s = scoreSurvey({ ...definition, counts, minN: 30 });
    expect(s.questions.map((q) => q.key)).toEqual(['access_info', 'access_wait', 'staff_courtesy', 'overall_sat']);
    // `fees` has only a yes/no question, so no satisfaction rate.
    expect(s.criteria.map((c) => c.key)).toEqual(['access', 'staff', 'overall']);

    const access = s.criteria[0]!;
    expect(access.questions).toEqual(['access_info', 'access_wait']);
    expect(access.rate.satisfied).toBe(23);
    expect(access.rate.n).toBe(30);
    expect(access.rate.rate).toBeCloseTo(0.766667, 5); // pooled 23/30, not (0.9 + 0.5) / 2 = 0.7
    expect(access.rate.interval.low).toBeCloseTo(0.5907167384, 4);
    expect(access.rate.interval.high).toBeCloseTo(0.8820761186, 4);
    expect(access.rate.status).toBe('below');
    expect(access.rate.smallSample).toBe(false);

    const staff = s.criteria[1]!;
    expect(staff.rate.rate).toBe(0.9);
    expect(staff.rate.interval.high).toBeCloseTo(0.9447708629, 4);
    expect(staff.rate.status).toBe('below');

    // Overall pools every Likert answer, including the "overall" question: (18 + 5 + 90 + 10) / 140.
    expect(s.overall.satisfied).toBe(123);
    expect(s.overall.n).toBe(140);
    expect(s.overall.rate).toBeCloseTo(0.878571, 5);
    expect(s.overall.interval.low).toBeCloseTo(0.8141350629, 4);
    expect(s.overall.interval.high).toBeCloseTo(0.9227873854, 4);
    expect(s.overall.target).toBe(0.95);
    expect(s.overall.status).toBe('below');
    expect(s.comprehensive).toBeUndefined();

    const wait = s.questions[1]!;
    expect(wait.criterion).toBe('access');
    expect(wait.rate.rate).toBe(0.5);
    expect(wait.rate.interval.low).toBeCloseTo(0.2365930905, 4);
    expect(wait.rate.smallSample).toBe(true);
    expect(wait.mean.value).toBe(3.5); // (1 + 2 + 9 + 8 + 15) / 10
    expect(wait.index100.value).toBe(62.5);

    const overallRow = s.criteria[2]!;
    expect(overallRow.rate.rate).toBe(1);
    expect(overallRow.rate.status).toBe('uncertain');
  });

  it('a Likert question without counts has no data and does not move the pool', () => {
    const { overall_sat: _dropped, ...rest } = counts;
    const s = scoreSurvey({ ...definition, counts: rest });
    const overallRow = s.criteria.find((c) => c.key === 'overall')!;
    expect(overallRow.rate.status).toBe('no_data');
    expect(s.questions[3]!.counts).toEqual(emptyLikertCounts());
    expect(s.questions[3]!.mean.status).toBe('no_data');
    // (18 + 5 + 90) / (20 + 10 + 100)
    expect(s.overall.satisfied).toBe(113);
    expect(s.overall.n).toBe(130);
    expect(s.overall.rate).toBeCloseTo(0.869231, 5);
    expect(s.overall.interval.low).toBeCloseTo(0.8005404612, 4);
    expect(s.overall.interval.high).toBeCloseTo(0.9167260782, 4);
  });

  it('adds the comprehensive rate when respondent counts are given', () => {
    const s = scoreSurvey({ ...definition, counts, comprehensive: { respondents: 40, satisfiedOnAll: 30 } });
    expect(s.comprehensive?.method).toBe('comprehensive');
    expect(s.comprehensive?.rate).toBe(0.75);
    expect(s.comprehensive?.interval.low).toBeCloseTo(0.5980603858, 4);
    expect(s.comprehensive?.interval.high).toBeCloseTo(0.8581288136, 4);
    expect(s.comprehensive?.target).toBe(0.95);
  });

  it('an empty survey → no_data everywhere', () => {
    const s = scoreSurvey({ ...definition, counts: {}, target: 0.9 });
    expect(s.overall.status).toBe('no_data');
    expect(s.overall.rate).toBeNull();
    expect(s.criteria.every((c) => c.rate.status === 'no_data')).toBe(true);
  });
});
