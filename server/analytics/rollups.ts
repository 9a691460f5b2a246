import { sql, type RawBuilder } from 'kysely';
import { CHANNELS } from '../../domain/channels.js';
import type { BucketUnit } from '../../domain/periods.js';
import { emptyLikertCounts, type LikertCounts } from '../../domain/scoring.js';
import { addClusterSums, emptyClusterSums, type ClusterSums } from '../../domain/statistics.js';
import type { Database, ReviewStatus } from '../db/schema.js';
import { channelGroupSql, rollupWhere, type UnitRows } from './conditions.js';
import type { ResolvedFilters } from './filters.js';

/**
 * Reads of the rollup tables (migrations/0020). Every function here sums rollup rows; none reads
 * the responses table. Buckets come back as local dates 'YYYY-MM-DD'.
 */

export type Dimension = 'unit' | 'level' | 'ward' | 'channel' | 'survey' | 'version';

interface LikertRow {
  b: string | null;
  k: string | null;
  n1: number;
  n2: number;
  n3: number;
  n4: number;
  n5: number;
  nna: number;
}

export const toCounts = (r: {
  n1: number;
  n2: number;
  n3: number;
  n4: number;
  n5: number;
  nna: number;
}): LikertCounts => ({
  1: Number(r.n1),
  2: Number(r.n2),
  3: Number(r.n3),
  4: Number(r.n4),
  5: Number(r.n5),
  na: Number(r.nna),
});

const likertSums = sql`sum(r.n1)::int8 as n1, sum(r.n2)::int8 as n2, sum(r.n3)::int8 as n3,
  sum(r.n4)::int8 as n4, sum(r.n5)::int8 as n5, sum(r.nna)::int8 as nna`;

const bucketExpr = (unit: BucketUnit) => sql`to_char(date_trunc(${unit}, r.bucket::timestamp), 'YYYY-MM-DD')`;

/** Likert counts per question key and time bucket. */
export async function likertByKeyAndBucket(
  db: Database,
  f: ResolvedFilters,
  unit: BucketUnit,
): Promise<Array<{ bucket: string; key: string; counts: LikertCounts }>> {
  const { rows } = await sql<LikertRow>`
    select ${bucketExpr(unit)} as b, r.question_key as k, ${likertSums}
    from likert_rollups_live r
    where ${rollupWhere(db, f, 'r', { daysOnly: unit === 'week' })}
    group by 1, 2`.execute(db);
  return rows.map((r) => ({ bucket: r.b!, key: r.k!, counts: toCounts(r) }));
}

export interface RespondentCounts {
  responses: number;
  respondents: number;
  satisfiedOnAll: number;
  withComment: number;
}

export const emptyRespondents = (): RespondentCounts => ({
  responses: 0,
  respondents: 0,
  satisfiedOnAll: 0,
  withComment: 0,
});

/** Responses per review status and time bucket, with the comprehensive-rate counts. */
export async function respondentsByBucket(
  db: Database,
  f: ResolvedFilters,
  unit: BucketUnit,
): Promise<Array<{ bucket: string; status: ReviewStatus } & RespondentCounts>> {
  const { rows } = await sql<{
    b: string;
    s: ReviewStatus;
    responses: number;
    respondents: number;
    sat: number;
    wc: number;
  }>`
    select ${bucketExpr(unit)} as b, r.review_status as s, sum(r.responses)::int8 as responses,
      sum(r.respondents)::int8 as respondents, sum(r.satisfied_on_all)::int8 as sat, sum(r.with_comment)::int8 as wc
    from respondent_rollups_live r
    where ${rollupWhere(db, f, 'r', { daysOnly: unit === 'week' })}
    group by 1, 2`.execute(db);
  return rows.map((r) => ({
    bucket: r.b,
    status: r.s,
    responses: Number(r.responses),
    respondents: Number(r.respondents),
    satisfiedOnAll: Number(r.sat),
    withComment: Number(r.wc),
  }));
}

/** Yes/no and single-choice answers per question key and value. */
export async function choicesByKey(
  db: Database,
  f: ResolvedFilters,
): Promise<Array<{ key: string; value: string; n: number }>> {
  const { rows } = await sql<{ k: string; v: string; n: number }>`
    select r.question_key as k, r.value as v, sum(r.n)::int8 as n
    from choice_rollups_live r
    where ${rollupWhere(db, f, 'r')}
    group by 1, 2`.execute(db);
  return rows.map((r) => ({ key: r.k, value: r.v, n: Number(r.n) }));
}

const dimensionExpr: Record<Dimension, ReturnType<typeof sql>> = {
  unit: sql`r.unit_id::text`,
  level: sql`(select u.level from units u where u.id = r.unit_id)`,
  ward: sql`(select u.ward from units u where u.id = r.unit_id)`,
  channel: channelGroupSql(sql`r.channel`),
  survey: sql`r.survey_id::text`,
  version: sql`r.version_id::text`,
};

export interface DimensionGroup {
  counts: LikertCounts;
  respondents: RespondentCounts;
  pending: number;
  clusters: GroupClusters;
}

/** Pooled Likert counts (all questions), respondent counts and cluster sums per value of a dimension. */
export async function byDimension(
  db: Database,
  f: ResolvedFilters,
  dim: Dimension,
): Promise<Map<string | null, DimensionGroup>> {
  const key = dimensionExpr[dim];
  const rows = dim === 'unit' || dim === 'level' || dim === 'ward' ? 'real-units' : 'all-units';
  const [likert, resp, clusters] = await Promise.all([
    sql<LikertRow>`
      select ${key} as k, ${likertSums}
      from likert_rollups_live r where ${rollupWhere(db, f, 'r', { rows })} group by 1`.execute(db),
    sql<{ k: string | null; s: ReviewStatus; responses: number; respondents: number; sat: number; wc: number }>`
      select ${key} as k, r.review_status as s, sum(r.responses)::int8 as responses,
        sum(r.respondents)::int8 as respondents, sum(r.satisfied_on_all)::int8 as sat, sum(r.with_comment)::int8 as wc
      from respondent_rollups_live r where ${rollupWhere(db, f, 'r', { rows })} group by 1, 2`.execute(db),
    clustersBy(db, f, key, { rows }),
  ]);
  const out = new Map<string | null, DimensionGroup>();
  const byGroup = groupClusters(clusters);
  const entry = (k: string | null) => {
    let e = out.get(k);
    if (!e) {
      const c = byGroup.get(k) ?? { overall: emptyClusterSums(), criteria: new Map<string, ClusterSums>() };
      out.set(k, (e = { counts: emptyLikertCounts(), respondents: emptyRespondents(), pending: 0, clusters: c }));
    }
    return e;
  };
  for (const r of likert.rows) entry(r.k).counts = toCounts(r);
  for (const r of resp.rows) {
    const e = entry(r.k);
    if (r.s === 'accepted') {
      e.respondents = {
        responses: Number(r.responses),
        respondents: Number(r.respondents),
        satisfiedOnAll: Number(r.sat),
        withComment: Number(r.wc),
      };
    } else if (r.s === 'pending') e.pending += Number(r.responses);
  }
  return out;
}

/**
 * Per-respondent sums (migrations/0040 cluster_rollups) per group and criterion; criterion '' is the
 * overall grain (every Likert question of a response).
 */
export interface ClusterRow {
  group: string | null;
  criterion: string;
  sums: ClusterSums;
}

export async function clustersBy(
  db: Database,
  f: ResolvedFilters,
  group: RawBuilder<unknown> | null,
  options: { daysOnly?: boolean; rows?: UnitRows } = {},
): Promise<ClusterRow[]> {
  const { rows } = await sql<{
    g: string | null;
    k: string;
    m: number;
    s: number;
    c: number;
    ss: number;
    cc: number;
    sc: number;
  }>`
    select ${group ?? sql`null::text`} as g, r.criterion as k, sum(r.respondents)::int8 as m, sum(r.s)::int8 as s,
      sum(r.c)::int8 as c, sum(r.ss)::int8 as ss, sum(r.cc)::int8 as cc, sum(r.sc)::int8 as sc
    from cluster_rollups_live r
    where ${rollupWhere(db, f, 'r', options)}
    group by 1, 2`.execute(db);
  return rows.map((r) => ({
    group: r.g,
    criterion: r.k,
    sums: {
      respondents: Number(r.m),
      s: Number(r.s),
      c: Number(r.c),
      ss: Number(r.ss),
      cc: Number(r.cc),
      sc: Number(r.sc),
    },
  }));
}

/** Cluster sums by time bucket. */
export const clustersByBucket = (db: Database, f: ResolvedFilters, unit: BucketUnit) =>
  clustersBy(db, f, bucketExpr(unit), { daysOnly: unit === 'week' });

/** Per group: the overall sums and each criterion's. */
export interface GroupClusters {
  overall: ClusterSums;
  criteria: Map<string, ClusterSums>;
}

export function groupClusters(rows: ReadonlyArray<ClusterRow>): Map<string | null, GroupClusters> {
  const out = new Map<string | null, GroupClusters>();
  for (const r of rows) {
    let e = out.get(r.group);
    if (!e) out.set(r.group, (e = { overall: emptyClusterSums(), criteria: new Map() }));
    if (r.criterion === '') e.overall = addClusterSums(e.overall, r.sums);
    else e.criteria.set(r.criterion, addClusterSums(e.criteria.get(r.criterion) ?? emptyClusterSums(), r.sums));
  }
  return out;
}

/** The collection channels of the answers a filter covers (for the method note), in CHANNELS order. */
export async function channelsPresent(db: Database, f: ResolvedFilters): Promise<string[]> {
  const { rows } = await sql<{ c: string }>`
    select distinct ${channelGroupSql(sql`r.channel`)} as c
    from respondent_rollups_live r
    where ${rollupWhere(db, f, 'r')} and r.responses > 0`.execute(db);
  const present = new Set(rows.map((r) => r.c));
  return CHANNELS.filter((c) => present.has(c));
}
