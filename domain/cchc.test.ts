import { describe, expect, it } from 'vitest';
import {
  cchcAssessment,
  cchcFeedbackPoints,
  DEFAULT_FEEDBACK_RULE,
  DEFAULT_SMALL_SAMPLE,
  DEFAULT_STATUS_RULE,
  type CchcRules,
} from './cchc.js';

const rules: CchcRules = {
  maxPoints: 2,
  scale: { kind: 'proportional' },
  statusRule: DEFAULT_STATUS_RULE,
  smallSample: DEFAULT_SMALL_SAMPLE,
};
const unit = { target: 0.95, minRespondents: 30, respondents: 40 };

describe('cchcAssessment', () => {
  it('no answers: no survey, 0 points', () => {
    expect(
      cchcAssessment({ ...unit, rate: null, interval: { low: 0, high: 1 }, status: 'no_data', respondents: 0 }, rules),
    ).toEqual({ points: 0, state: 'no_survey' });
  });

  it('full points only when met; uncertain reads its lower bound; below its rate', () => {
    expect(cchcAssessment({ ...unit, rate: 0.99, interval: { low: 0.96, high: 1 }, status: 'met' }, rules)).toEqual({
      points: 2,
      state: 'scored',
    });
    // The 40-parent case: 97 % with a respondent-level interval of 87–99.6 % is not full points.
    const u = cchcAssessment({ ...unit, rate: 0.97, interval: { low: 0.87, high: 0.996 }, status: 'uncertain' }, rules);
    expect(u.points).toBeCloseTo((0.87 / 0.95) * 2, 10);
    const b = cchcAssessment({ ...unit, rate: 0.8, interval: { low: 0.7, high: 0.9 }, status: 'below' }, rules);
    expect(b.points).toBeCloseTo((0.8 / 0.95) * 2, 10);
  });

  it('small samples: marked and reduced by the rule', () => {
    const small = { ...unit, respondents: 3, rate: 1, interval: { low: 0.44, high: 1 }, status: 'uncertain' as const };
    const a = cchcAssessment(small, rules);
    expect(a.state).toBe('small_sample');
    expect(a.points).toBeCloseTo((0.44 / 0.95) * 2 * (3 / 30), 10);
    expect(cchcAssessment(small, { ...rules, smallSample: { kind: 'zero' } }).points).toBe(0);
    const met = { ...small, interval: { low: 0.96, high: 1 }, status: 'met' as const };
    expect(cchcAssessment(met, { ...rules, smallSample: { kind: 'share', share: 0.5 } }).points).toBe(1);
    expect(cchcAssessment(met, rules).points).toBeLessThan(2);
  });
});

describe('cchcFeedbackPoints', () => {
  const rule = { ...DEFAULT_FEEDBACK_RULE, maxPoints: 2, onTimeThreshold: 0.8 };
  it('gives full points at or above the threshold and when nothing was due', () => {
    expect(cchcFeedbackPoints(0.8, rule)).toBe(2);
    expect(cchcFeedbackPoints(1, rule)).toBe(2);
    expect(cchcFeedbackPoints(null, rule)).toBe(2);
  });
  it('is proportional below the threshold, 0 when nothing was on time', () => {
    expect(cchcFeedbackPoints(0.4, rule)).toBeCloseTo(1, 10);
    expect(cchcFeedbackPoints(0, rule)).toBe(0);
    expect(() => cchcFeedbackPoints(1.5, { ...rule, onTimeThreshold: 2 })).toThrow(RangeError);
  });
});
