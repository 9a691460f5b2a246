import { sql } from 'kysely';
import type { ComprehensiveCounts, LikertCounts } from '../../domain/scoring.js';
import { clusterSumsOf, type ClusterSums } from '../../domain/statistics.js';
import type { Database, ReviewStatus } from '../db/schema.js';
import { responsesWhere } from './conditions.js';
import type { ResolvedFilters } from './filters.js';
import { toCounts } from './rollups.js';

/**
 * The same counts as the rollups, computed the naive way: a GROUP BY over every raw response and
 * every answer in it. Never used to serve a request; it is the oracle the tests compare the
 * rollups with, and the baseline the analytics bench measures them against.
 */
export interface RawCounts {
  byKey: Record<string, LikertCounts>;
  /** Per-respondent sums over every Likert answer (the overall grain of cluster_rollups). */
  clusters: ClusterSums;
  comprehensive: ComprehensiveCounts;
  responses: Record<ReviewStatus, number>;
}

export async function rawCounts(db: Database, f: ResolvedFilters): Promise<RawCounts> {
  const where = responsesWhere(db, f, 'r');
  const [likert, resp, pairs] = await Promise.all([
    sql<{ k: string; n1: number; n2: number; n3: number; n4: number; n5: number; nna: number }>`
      select a.key as k,
        count(*) filter (where a.value = '1') as n1, count(*) filter (where a.value = '2') as n2,
        count(*) filter (where a.value = '3') as n3, count(*) filter (where a.value = '4') as n4,
        count(*) filter (where a.value = '5') as n5, count(*) filter (where a.value = '"na"') as nna
      from responses r
      cross join lateral jsonb_each(r.answers) a
      join version_questions q on q.version_id = r.version_id and q.question_key = a.key and q.type = 'likert5'
      where r.review_status = 'accepted' and ${where}
      group by a.key`.execute(db),
    sql<{ s: ReviewStatus; responses: number; respondents: number; sat: number }>`
      select x.review_status as s, count(*) as responses,
        count(*) filter (where x.answered > 0) as respondents,
        count(*) filter (where x.answered > 0 and x.unsatisfied = 0) as sat
      from (
        select r.review_status,
          count(*) filter (where a.value in ('1', '2', '3', '4', '5')) as answered,
          count(*) filter (where a.value in ('1', '2', '3')) as unsatisfied
        from responses r
        left join lateral (
          select e.value from jsonb_each(r.answers) e
          join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type = 'likert5'
        ) a on true
        where ${where}
        group by r.id, r.review_status
      ) x
      group by 1`.execute(db),
    sql<{ s: number; c: number }>`
      select count(*) filter (where a.value in ('4', '5')) as s,
        count(*) filter (where a.value in ('1', '2', '3', '4', '5')) as c
      from responses r
      cross join lateral jsonb_each(r.answers) a
      join version_questions q on q.version_id = r.version_id and q.question_key = a.key and q.type = 'likert5'
      where r.review_status = 'accepted' and ${where}
      group by r.id`.execute(db),
  ]);
  const byKey: Record<string, LikertCounts> = {};
  for (const r of likert.rows) byKey[r.k] = toCounts(r);
  const responses: Record<ReviewStatus, number> = { accepted: 0, pending: 0, rejected: 0 };
  const comprehensive = { respondents: 0, satisfiedOnAll: 0 };
  for (const r of resp.rows) {
    responses[r.s] = Number(r.responses);
    if (r.s === 'accepted') {
      comprehensive.respondents = Number(r.respondents);
      comprehensive.satisfiedOnAll = Number(r.sat);
    }
  }
  const clusters = clusterSumsOf(pairs.rows.map((p) => ({ s: Number(p.s), c: Number(p.c) })));
  return { byKey, clusters, comprehensive, responses };
}
