import type { TQuestionType } from './definition.js';
import type { RateMethod } from './methods.js';
import {
  assertCount,
  clusterShare,
  DEFAULT_MIN_N,
  isSmallSample,
  singleAnswerSums,
  wilsonInterval,
  Z_95,
  type ClusterSums,
  type Interval,
} from './statistics.js';

/**
 * Satisfaction scoring: pure functions shared by the server (which feeds them counts from SQL
 * rollups) and the web app. No I/O. The statistics are in statistics.ts, the methods' names in
 * methods.ts. Sources (see the SIPAS design note):
 *
 * - Rate of a question = answers 4 or 5 / counted answers (the "top-two share" provinces publish
 *   for SIPAS and the education index). N/A is never in the denominator.
 * - Every rate carries n and a 95 % Wilson score interval (Wilson 1927), because the QR surveys are
 *   self-selected and often small; the plain ±1.96·√(p(1−p)/n) interval collapses to zero width at
 *   0 % and 100 %, which are common for a single desk, while Wilson's stays honest.
 * - "Met" is claimed only when the whole interval is at or above the target.
 */

export { DEFAULT_MIN_N, isSmallSample } from './statistics.js';

/** Counts of the answers to one Likert-5 question. `na` ("không áp dụng") is never counted in n. */
export interface LikertCounts {
  1: number;
  2: number;
  3: number;
  4: number;
  5: number;
  na: number;
}

/** The numerator and denominator of a share, when the caller already has them. */
export interface SatisfiedCounts {
  satisfied: number;
  n: number;
}

/**
 * Respondent-level counts for the comprehensive rate (3869/QĐ-BYT): `respondents` answered at least
 * one counted Likert question; `satisfiedOnAll` of them answered 4 or 5 on every one they answered.
 */
export interface ComprehensiveCounts {
  respondents: number;
  satisfiedOnAll: number;
}

// ---------------------------------------------------------------------------------------------
// Likert counts
// ---------------------------------------------------------------------------------------------
export const emptyLikertCounts = (): LikertCounts => ({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, na: 0 });

/** Element-wise sum, e.g. to pool a question over units or periods. */
export function addLikertCounts(...all: ReadonlyArray<LikertCounts>): LikertCounts {
  const sum = emptyLikertCounts();
  for (const c of all) {
    sum[1] += c[1];
    sum[2] += c[2];
    sum[3] += c[3];
    sum[4] += c[4];
    sum[5] += c[5];
    sum.na += c.na;
  }
  return sum;
}

/** Answers 1–5 (N/A excluded): the denominator of every rate. */
export const countedAnswers = (c: LikertCounts): number => c[1] + c[2] + c[3] + c[4] + c[5];
/** Answers 4 or 5: the numerator of the top-two share. */
export const satisfiedAnswers = (c: LikertCounts): number => c[4] + c[5];

/** A counted Likert answer is the number 1, 2, 3, 4 or 5; anything else (N/A, missing) is not. */
function likertValue(v: unknown): 1 | 2 | 3 | 4 | 5 | null {
  return v === 1 || v === 2 || v === 3 || v === 4 || v === 5 ? v : null;
}

/**
 * Counts one question's answers from in-memory responses (answers by question key). The value "na"
 * counts as N/A; a missing or other value is not counted at all. The server does this in SQL;
 * this version serves tests, the oracle and small in-browser previews.
 */
export function likertCountsFromResponses(
  responses: ReadonlyArray<Readonly<Record<string, unknown>>>,
  key: string,
): LikertCounts {
  const counts = emptyLikertCounts();
  for (const r of responses) {
    const raw = r[key];
    const v = likertValue(raw);
    if (v !== null) counts[v] += 1;
    else if (raw === 'na') counts.na += 1;
  }
  return counts;
}

/**
 * Respondent-level counts for the comprehensive rate from in-memory responses (the server computes
 * the same in SQL). A respondent who answered no counted Likert question (all N/A or skipped) is not
 * a respondent for this rate, just as N/A is not an answer for the others.
 */
export function comprehensiveFromResponses(
  responses: ReadonlyArray<Readonly<Record<string, unknown>>>,
  likertKeys: ReadonlyArray<string>,
): ComprehensiveCounts {
  let respondents = 0;
  let satisfiedOnAll = 0;
  for (const r of responses) {
    let answered = 0;
    let allSatisfied = true;
    for (const key of likertKeys) {
      const v = likertValue(r[key]);
      if (v === null) continue;
      answered += 1;
      if (v < 4) allSatisfied = false;
    }
    if (answered === 0) continue;
    respondents += 1;
    if (allSatisfied) satisfiedOnAll += 1;
  }
  return { respondents, satisfiedOnAll };
}

// ---------------------------------------------------------------------------------------------
// Rates (shares judged against a target)
// ---------------------------------------------------------------------------------------------
export type RateStatus = 'met' | 'below' | 'uncertain' | 'no_data';

export interface RateResult {
  method: RateMethod;
  /** Numerator: answers 4–5 (top2_pooled) or respondents satisfied on all (comprehensive). */
  satisfied: number;
  /** Denominator: counted answers (top2_pooled) or respondents (comprehensive). */
  n: number;
  /** satisfied / n, or null when n = 0. */
  rate: number | null;
  /** Respondents behind the rate (for a single question, = n). */
  respondents: number;
  /** Variance ratio against answers treated as independent; 1 for a single question. */
  designEffect: number;
  /** 95 % Wilson interval at the effective sample size n / designEffect (or at the z given). */
  interval: Interval;
  target: number;
  /** met: interval.low >= target; below: interval.high < target; otherwise uncertain. */
  status: RateStatus;
  /** respondents < minN: shown with a warning, never hidden (public pages may suppress unit detail). */
  smallSample: boolean;
}

export interface RateOptions {
  /** Target share in (0, 1], e.g. 0.95 for administrative services, 0.90 for education. */
  target: number;
  /** Default 30. */
  minN?: number;
  /** Default 'top2_pooled'. */
  method?: RateMethod;
  /** Normal quantile of the interval; default 95 %. */
  z?: number;
  /**
   * Per-respondent sums of the pooled answers; without them each answer is taken as its own
   * respondent (right for a single question, and for counts that already count people).
   */
  clusters?: ClusterSums | undefined;
}

export function assertTarget(target: number): void {
  if (!(Number.isFinite(target) && target > 0 && target <= 1)) {
    throw new RangeError(`target must be in (0, 1], got ${target}`);
  }
}

/**
 * The status only claims "met" or "below" when the interval allows it: a rate of 96 % from 40
 * answers (interval ≈ 83–99 %) does not show a 95 % target was met.
 */
export function rateStatus(n: number, interval: Interval, target: number): RateStatus {
  if (n === 0) return 'no_data';
  if (interval.low >= target) return 'met';
  if (interval.high < target) return 'below';
  return 'uncertain';
}

/** A rate from Likert counts (top-two share) or from an explicit numerator and denominator. */
export function rateFromCounts(counts: LikertCounts | SatisfiedCounts, options: RateOptions): RateResult {
  const { target, minN = DEFAULT_MIN_N, method = 'top2_pooled', z = Z_95 } = options;
  assertTarget(target);
  const { satisfied, n } =
    'satisfied' in counts ? counts : { satisfied: satisfiedAnswers(counts), n: countedAnswers(counts) };
  const share = clusterShare(options.clusters ?? singleAnswerSums(satisfied, n), z);
  const interval = options.clusters ? share.interval : wilsonInterval(satisfied, n, z);
  return {
    method,
    satisfied,
    n,
    rate: n === 0 ? null : satisfied / n,
    respondents: share.respondents,
    designEffect: share.designEffect,
    interval,
    target,
    status: rateStatus(n, interval, target),
    smallSample: isSmallSample(share.respondents, minN),
  };
}

/** The comprehensive rate (3869/QĐ-BYT) from respondent-level counts. */
export function comprehensiveRate(counts: ComprehensiveCounts, options: Omit<RateOptions, 'method'>): RateResult {
  return rateFromCounts(
    { satisfied: counts.satisfiedOnAll, n: counts.respondents },
    { ...options, method: 'comprehensive' },
  );
}

export { index100, meanScore, type ScoreResult } from './means.js';
import { index100, meanScore, type ScoreResult } from './means.js';

// ---------------------------------------------------------------------------------------------
// Yes/no questions
// ---------------------------------------------------------------------------------------------
export interface YesShareResult {
  yes: number;
  no: number;
  n: number;
  /** yes / (yes + no), null when nobody answered. */
  share: number | null;
  interval: Interval;
}

/**
 * Share of "yes" on a yes/no question ("was the fee as posted?"), with a Wilson interval. Reported
 * beside the rates; it is not part of the satisfaction rate, whose sources count only the 5-point scale.
 */
export function yesShare(yes: number, no: number, z: number = Z_95): YesShareResult {
  assertCount('yes', yes);
  assertCount('no', no);
  const n = yes + no;
  return { yes, no, n, share: n === 0 ? null : yes / n, interval: wilsonInterval(yes, n, z) };
}

// ---------------------------------------------------------------------------------------------
// A whole survey
// ---------------------------------------------------------------------------------------------
export interface ScoreSurveyInput {
  /** The definition's criteria, in display order (a TSurveyDefinition fits). */
  criteria: ReadonlyArray<{ key: string }>;
  /** The definition's questions; only the 1–5 scales (likert5, agreement5) are scored. */
  questions: ReadonlyArray<{ key: string; criterion: string; type: TQuestionType | (string & {}) }>;
  /** Counts by question key; a missing key means no answers. */
  counts: Readonly<Record<string, LikertCounts | undefined>>;
  /** Respondent-level counts, when the caller has them; gives `comprehensive`. */
  comprehensive?: ComprehensiveCounts;
  target: number;
  minN?: number;
}

export interface QuestionScore {
  key: string;
  criterion: string;
  counts: LikertCounts;
  rate: RateResult;
  mean: ScoreResult;
  index100: ScoreResult;
}

export interface CriterionScore {
  key: string;
  /** Keys of the Likert questions pooled into this criterion's rate. */
  questions: string[];
  rate: RateResult;
}

export interface SurveyScore {
  /** All Likert answers of the survey pooled (top2_pooled). */
  overall: RateResult;
  criteria: CriterionScore[];
  questions: QuestionScore[];
  comprehensive?: RateResult;
}

/**
 * Scores a survey by the default method (top2_pooled), with the mean and index beside each question.
 *
 * - Criterion and overall rates pool answers: Σ answers 4–5 / Σ counted answers over their Likert
 *   questions. A question therefore weighs as much as the number of people who answered it (a question
 *   most mark N/A weighs little), and the pooled rate generally differs from the mean of the
 *   question rates.
 * - n counts answers, not people. One person's answers to several questions are correlated, so the
 *   Wilson interval of a pooled rate is somewhat narrower than the truth; the comprehensive rate,
 *   which counts people, is the respondent-level check.
 * - Questions of a criterion called "overall" (the general satisfaction question) are pooled into the
 *   overall rate like any other question; they also form their own criterion row.
 * - Only criteria with at least one Likert question appear (a criterion of yes/no questions has no
 *   satisfaction rate). Order follows the definition; a criterion key not in the list comes last.
 */
export function scoreSurvey(input: ScoreSurveyInput): SurveyScore {
  const { target, minN } = input;
  const rateOptions: RateOptions = { target, minN, method: 'top2_pooled' };
  // The agreement scale (consultations) counts like Likert: the share of 4–5 is the share who agree.
  const likert = input.questions.filter((q) => q.type === 'likert5' || q.type === 'agreement5');

  const questions: QuestionScore[] = likert.map((q) => {
    const counts = input.counts[q.key] ?? emptyLikertCounts();
    return {
      key: q.key,
      criterion: q.criterion,
      counts,
      rate: rateFromCounts(counts, rateOptions),
      mean: meanScore(counts, { minN }),
      index100: index100(counts, { minN }),
    };
  });

  const order = [...input.criteria.map((c) => c.key), ...likert.map((q) => q.criterion)];
  const criterionKeys = [...new Set(order)].filter((key) => likert.some((q) => q.criterion === key));
  const criteria: CriterionScore[] = criterionKeys.map((key) => {
    const members = questions.filter((q) => q.criterion === key);
    return {
      key,
      questions: members.map((q) => q.key),
      rate: rateFromCounts(addLikertCounts(...members.map((q) => q.counts)), rateOptions),
    };
  });

  const result: SurveyScore = {
    overall: rateFromCounts(addLikertCounts(...questions.map((q) => q.counts)), rateOptions),
    criteria,
    questions,
  };
  if (input.comprehensive) result.comprehensive = comprehensiveRate(input.comprehensive, { target, minN });
  return result;
}
