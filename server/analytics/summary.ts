import { sql } from 'kysely';
import { CHANNELS } from '../../domain/channels.js';
import { bucketLabel, bucketStarts, type BucketUnit } from '../../domain/periods.js';
import { addLikertCounts, emptyLikertCounts, scoreSurvey, yesShare, type LikertCounts } from '../../domain/scoring.js';
import { DEFAULT_SCORING_METHOD, type ScoringMethod } from '../../domain/methods.js';
import type { CriterionSums } from '../../domain/official-index.js';
import { emptyClusterSums } from '../../domain/statistics.js';
import type { TSeriesPoint, TSummary } from '../../domain/contract/analytics.js';
import type { Database } from '../db/schema.js';
import { channelGroupSql } from './conditions.js';
import { mergedDefinition, type MergedDefinition } from './definitions.js';
import { allFigures, figureFor, fromRate, methodInfo } from './figures.js';
import type { ResolvedFilters } from './filters.js';
import {
  channelsPresent,
  choicesByKey,
  clustersByBucket,
  emptyRespondents,
  groupClusters,
  likertByKeyAndBucket,
  respondentsByBucket,
  type ClusterRow,
  type GroupClusters,
  type RespondentCounts,
} from './rollups.js';

/** The survey whose wording a family view uses: the one of the level being viewed, if any. */
export function preferredSurvey(f: ResolvedFilters): number | undefined {
  const level = f.level ?? f.unit?.level ?? null;
  return level ? f.surveys.find((s) => s.level === level)?.id : undefined;
}

/** The criteria sums of a group in the order of `keys` (criteria with no answers are left out). */
export function criterionSums(g: GroupClusters | undefined, keys: ReadonlyArray<string>): CriterionSums[] {
  if (!g) return [];
  const known = keys.filter((k) => g.criteria.has(k));
  const rest = [...g.criteria.keys()].filter((k) => !keys.includes(k));
  return [...known, ...rest].map((key) => ({ key, clusters: g.criteria.get(key)! }));
}

export function buildSeries(
  f: ResolvedFilters,
  unit: BucketUnit,
  likert: Array<{ bucket: string; counts: LikertCounts }>,
  respondents: Array<{ bucket: string; status: string } & RespondentCounts>,
  clusters: ReadonlyArray<ClusterRow>,
  minN: number,
  method: ScoringMethod,
): TSeriesPoint[] {
  const byBucket = groupClusters(clusters);
  const counts = new Map<string, LikertCounts>();
  for (const r of likert) counts.set(r.bucket, addLikertCounts(counts.get(r.bucket) ?? emptyLikertCounts(), r.counts));
  const resp = new Map<string, RespondentCounts>();
  for (const r of respondents) {
    if (r.status !== 'accepted') continue;
    const e = resp.get(r.bucket) ?? emptyRespondents();
    e.responses += r.responses;
    e.respondents += r.respondents;
    e.satisfiedOnAll += r.satisfiedOnAll;
    resp.set(r.bucket, e);
  }
  return bucketStarts(f.period.fromDay, f.period.toDay, unit).map((start) => {
    const rc = resp.get(start) ?? emptyRespondents();
    const g = byBucket.get(start);
    return {
      start,
      label: bucketLabel(start, unit),
      responses: rc.responses,
      figure: figureFor(method, {
        counts: counts.get(start) ?? emptyLikertCounts(),
        comprehensive: { respondents: rc.respondents, satisfiedOnAll: rc.satisfiedOnAll },
        clusters: g?.overall ?? emptyClusterSums(),
        criteria: criterionSums(g, []),
        target: f.target,
        minN,
      }),
    };
  });
}

/**
 * The summary of a filtered set of responses: the headline figure, every criterion and question,
 * yes/no shares, single-choice distributions and a time series. Three rollup reads, run in parallel.
 */
export async function computeSummary(
  db: Database,
  f: ResolvedFilters,
  options: { minN: number; bucket?: BucketUnit; definition?: MergedDefinition },
): Promise<TSummary> {
  const { minN } = options;
  const bucket = options.bucket ?? 'month';
  const [definition, likert, respondents, choices, clusters, channels] = await Promise.all([
    options.definition ??
      mergedDefinition(
        db,
        f.surveys.map((s) => s.id),
        preferredSurvey(f),
      ),
    likertByKeyAndBucket(db, f, bucket),
    respondentsByBucket(db, f, bucket),
    choicesByKey(db, f),
    clustersByBucket(db, f, bucket),
    channelsPresent(db, f),
  ]);
  // The whole period: every bucket's sums added up (the group key is dropped).
  const total = groupClusters(clusters.map((c) => ({ ...c, group: null }))).get(null) ?? {
    overall: emptyClusterSums(),
    criteria: new Map(),
  };

  const byKey: Record<string, LikertCounts> = {};
  for (const r of likert) byKey[r.key] = addLikertCounts(byKey[r.key] ?? emptyLikertCounts(), r.counts);
  const totals = { accepted: 0, pending: 0, rejected: 0, respondents: 0, withComment: 0 };
  const comprehensive = { respondents: 0, satisfiedOnAll: 0 };
  for (const r of respondents) {
    totals[r.status] += r.responses;
    if (r.status === 'accepted') {
      totals.respondents += r.respondents;
      totals.withComment += r.withComment;
      comprehensive.respondents += r.respondents;
      comprehensive.satisfiedOnAll += r.satisfiedOnAll;
    }
  }

  const score = scoreSurvey({
    criteria: definition.criteria,
    questions: definition.questions,
    counts: byKey,
    comprehensive,
    target: f.target,
    minN,
  });
  const pooled = addLikertCounts(...score.questions.map((q) => q.counts));
  const criteriaKeys = score.criteria.map((c) => c.key);
  const methods = allFigures({
    counts: pooled,
    comprehensive,
    clusters: total.overall,
    criteria: criterionSums(total, criteriaKeys),
    target: f.target,
    minN,
  });
  const overall = methods[f.method];
  const questionFigure = (counts: LikertCounts) => figureFor(f.method, { counts, target: f.target, minN });
  const criterionFigure = (key: string, counts: LikertCounts) => {
    const clusters = total.criteria.get(key) ?? emptyClusterSums();
    // A criterion's index is its pooled share; the comprehensive rate has no criterion form.
    const method = f.method === 'comprehensive' ? 'top2_pooled' : f.method;
    return figureFor(method, { counts, clusters, target: f.target, minN });
  };
  const titleOf = (key: string) => definition.criteria.find((c) => c.key === key)?.title ?? { vi: key, en: key };
  const textOf = (key: string) => definition.questions.find((q) => q.key === key)?.text ?? { vi: key, en: key };

  const choiceCounts = new Map<string, Map<string, number>>();
  for (const c of choices) {
    const m = choiceCounts.get(c.key) ?? new Map<string, number>();
    m.set(c.value, (m.get(c.value) ?? 0) + c.n);
    choiceCounts.set(c.key, m);
  }

  return {
    survey: {
      selector: f.selector.code,
      kind: f.selector.kind,
      title: f.selector.title,
      slugs: f.surveys.map((s) => s.slug),
      target: f.target,
    },
    period: { code: f.period.code, label: f.period.label, from: f.period.fromDay, to: f.period.lastDay },
    filters: {
      unit: f.unit ? { code: f.unit.code, name: f.unit.name } : null,
      level: f.level,
      ward: f.ward,
      channel: f.channel,
      version: f.version,
    },
    method: methodInfo(f.method),
    channels,
    minN,
    target: f.target,
    rate: overall.value,
    n: overall.n,
    interval: overall.interval,
    status: overall.status,
    smallSample: overall.smallSample,
    overall,
    headline: { method: methodInfo(DEFAULT_SCORING_METHOD), figure: methods[DEFAULT_SCORING_METHOD] },
    methods,
    responses: totals,
    criteria: score.criteria.map((c) => ({
      key: c.key,
      title: titleOf(c.key),
      questions: c.questions,
      figure: criterionFigure(
        c.key,
        addLikertCounts(...score.questions.filter((q) => q.criterion === c.key).map((q) => q.counts)),
      ),
    })),
    questions: score.questions.map((q) => ({
      key: q.key,
      criterion: q.criterion,
      text: textOf(q.key),
      counts: q.counts,
      figure: f.method === 'comprehensive' ? fromRate(q.rate, 'top2_pooled') : questionFigure(q.counts),
    })),
    yesNo: definition.questions
      .filter((q) => q.type === 'yes_no')
      .map((q) => {
        const m = choiceCounts.get(q.key);
        const s = yesShare(m?.get('true') ?? 0, m?.get('false') ?? 0);
        return { key: q.key, criterion: q.criterion, text: q.text, ...s };
      }),
    choices: definition.questions
      .filter((q) => q.type === 'single_choice')
      .map((q) => ({
        key: q.key,
        text: q.text,
        options: (q.options ?? []).map((o) => ({ ...o, n: choiceCounts.get(q.key)?.get(o.value) ?? 0 })),
      })),
    series: {
      unit: bucket,
      points: buildSeries(f, bucket, likert, respondents, clusters, minN, f.method),
    },
  };
}

/** The collection channels of the accepted answers of these surveys from a local day on (the public page's note). */
export async function channelsSince(db: Database, surveyIds: number[], fromDay: string): Promise<string[]> {
  if (surveyIds.length === 0) return [];
  const { rows } = await sql<{ c: string }>`
    select distinct ${channelGroupSql(sql`r.channel`)} as c
    from respondent_rollups_live r
    where r.grain = 'month' and r.bucket >= date_trunc('month', ${fromDay}::date)::date and r.unit_id < 0
      and r.survey_id in (${sql.join(surveyIds)}) and r.review_status = 'accepted' and r.responses > 0`.execute(db);
  const present = new Set(rows.map((r) => r.c));
  return CHANNELS.filter((c) => present.has(c));
}
