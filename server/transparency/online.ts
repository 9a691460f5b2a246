import { sql } from 'kysely';
import type { TFigure } from '../../domain/contract/analytics.js';
import { emptyLikertCounts, type LikertCounts } from '../../domain/scoring.js';
import { emptyClusterSums, type ClusterSums } from '../../domain/statistics.js';
import { figureFor } from '../analytics/figures.js';
import type { ResolvedFilters } from '../analytics/filters.js';
import type { Database } from '../db/schema.js';

/**
 * Satisfaction of the people who used the online public service, read from the answers' own
 * service-channel question (tthc-services: "Ông/Bà đã nộp hồ sơ và nhận kết quả bằng hình thức
 * nào?" → truc_tuyen), not from the link's channel: a QR poster at the one-stop desk is scanned by
 * people who came in person and by people who applied online alike.
 *
 * The rollups do not keep answers by another answer's value, so this reads the raw responses of
 * the period (the public page caches its answer for 5 minutes).
 */
export const SERVICE_CHANNEL_KEY = 'service_channel';
export const ONLINE_VALUE = 'truc_tuyen';

export interface OnlineCounts {
  counts: LikertCounts;
  /** Per-respondent sums over the counted answers: s = satisfied, c = counted. */
  clusters: ClusterSums;
  responses: number;
}

/** True when one of the surveys' versions asks the service-channel question. */
export async function asksServiceChannel(db: Database, surveyIds: number[]): Promise<boolean> {
  if (surveyIds.length === 0) return false;
  const row = await db
    .selectFrom('version_questions as q')
    .innerJoin('survey_versions as v', 'v.id', 'q.version_id')
    .select('q.version_id')
    .where('v.survey_id', 'in', surveyIds)
    .where('q.question_key', '=', SERVICE_CHANNEL_KEY)
    .executeTakeFirst();
  return row !== undefined;
}

export async function onlineCounts(db: Database, f: ResolvedFilters): Promise<OnlineCounts> {
  const { rows } = await sql<{
    n1: string;
    n2: string;
    n3: string;
    n4: string;
    n5: string;
    nna: string;
    responses: string;
    respondents: string;
    s: string;
    c: string;
    s2: string;
    c2: string;
    sc: string;
  }>`
    with per as (
      select r.id,
        count(*) filter (where a.value = '1') as n1, count(*) filter (where a.value = '2') as n2,
        count(*) filter (where a.value = '3') as n3, count(*) filter (where a.value = '4') as n4,
        count(*) filter (where a.value = '5') as n5, count(*) filter (where a.value = '"na"') as nna
      from responses r
      left join lateral (
        select e.value from jsonb_each(r.answers) e
        join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type = 'likert5'
      ) a on true
      where r.review_status = 'accepted'
        and r.survey_id in (${sql.join(f.surveys.map((s) => s.id))})
        and r.submitted_at >= ${f.period.from} and r.submitted_at < ${f.period.to}
        and r.answers ->> ${SERVICE_CHANNEL_KEY} = ${ONLINE_VALUE}
        ${f.scope ? sql`and r.unit_id in (${f.scope})` : sql``}
      group by r.id
    ), sums as (
      select *, n4 + n5 as s, n1 + n2 + n3 + n4 + n5 as c from per
    )
    select coalesce(sum(n1), 0) as n1, coalesce(sum(n2), 0) as n2, coalesce(sum(n3), 0) as n3,
      coalesce(sum(n4), 0) as n4, coalesce(sum(n5), 0) as n5, coalesce(sum(nna), 0) as nna,
      count(*) as responses, count(*) filter (where c > 0) as respondents,
      coalesce(sum(s), 0) as s, coalesce(sum(c), 0) as c, coalesce(sum(s * s), 0) as s2,
      coalesce(sum(c * c), 0) as c2, coalesce(sum(s * c), 0) as sc
    from sums`.execute(db);
  const r = rows[0];
  if (!r) return { counts: emptyLikertCounts(), clusters: emptyClusterSums(), responses: 0 };
  return {
    counts: { 1: +r.n1, 2: +r.n2, 3: +r.n3, 4: +r.n4, 5: +r.n5, na: +r.nna },
    clusters: { respondents: +r.respondents, s: +r.s, c: +r.c, ss: +r.s2, cc: +r.c2, sc: +r.sc },
    responses: +r.responses,
  };
}

/** Pooled over the online users' answers, with each respondent a cluster (the same interval as elsewhere). */
export function onlineFigure(o: OnlineCounts, target: number, minN: number): TFigure {
  return figureFor('top2_pooled', { counts: o.counts, clusters: o.clusters, target, minN });
}
