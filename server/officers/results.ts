import { sql } from 'kysely';
import type { TOfficerResult, TOfficerResults } from '../../domain/contract/officers.js';
import { periodRange } from '../../domain/periods.js';
import { rateFromCounts } from '../../domain/scoring.js';
import { clusterSumsOf, isSmallSample, type ClusterSums } from '../../domain/statistics.js';
import { fromRate } from '../analytics/figures.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';
import { managedUnitIds } from './queries.js';

/** The service-attitude criterion ("tinh thần, thái độ phục vụ của cán bộ, công chức") in the definitions. */
export const ATTITUDE_CRITERION = 'staff';

export interface ResultsFilter {
  survey?: string | undefined;
  period?: string | undefined;
  /** A unit code: that unit's officers only. */
  unit?: string | undefined;
  officerId?: number | undefined;
}

interface Pair {
  officer_id: number;
  survey_id: number;
  s_all: number;
  c_all: number;
  s_att: number;
  c_att: number;
}

/**
 * Officers whose results the user may read: their own (an officer linked to their account), the
 * officers of the units they manage, and every officer for an admin. Analysts, who read every
 * unit's figures, are not given people's: these are about one person's work.
 */
export async function visibleOfficerIds(db: Database, user: SessionUser, filter: ResultsFilter): Promise<number[]> {
  const scope = await managedUnitIds(db, user);
  const { rows } = await sql<{ id: number }>`
    select o.id from officers o join units u on u.id = o.unit_id
     where (${scope === null} or o.unit_id = any(${scope ?? []}::bigint[]) or o.user_id = ${user.id})
       and (${filter.unit ?? null}::text is null or u.code = ${filter.unit ?? null})
       and (${filter.officerId ?? null}::bigint is null or o.id = ${filter.officerId ?? null})`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * Per-officer results, counted from the raw answers: officers' answers are few, so a pass over them
 * is exact and fast, and the rollups (kept per unit, not per person) need no new dimension. Each
 * respondent is a cluster (domain/statistics.ts clusterShare), so the intervals are at the
 * respondent level like every other figure. Below the minimum number of respondents no figure is
 * given at all, only the counts.
 */
export async function officerResults(
  db: Database,
  user: SessionUser,
  filter: ResultsFilter,
  minN: number,
): Promise<TOfficerResults> {
  const period = filter.period ? periodRange(filter.period) : undefined;
  const ids = await visibleOfficerIds(db, user, filter);
  const result: TOfficerResults = {
    period: period ? { code: period.code, label: period.label } : null,
    minRespondents: minN,
    rows: [],
  };
  if (ids.length === 0) return result;
  const { rows: pairs } = await sql<Pair>`
    select r.officer_id, r.survey_id, a.s_all, a.c_all, a.s_att, a.c_att
      from responses r
      join surveys s on s.id = r.survey_id
      cross join lateral (
        select count(*) filter (where e.value in ('4', '5')) as s_all,
               count(*) filter (where e.value in ('1', '2', '3', '4', '5')) as c_all,
               count(*) filter (where q.criterion = ${ATTITUDE_CRITERION} and e.value in ('4', '5')) as s_att,
               count(*) filter (where q.criterion = ${ATTITUDE_CRITERION} and e.value in ('1', '2', '3', '4', '5')) as c_att
          from jsonb_each(r.answers) e
          join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type in ('likert5', 'agreement5')
      ) a
     where r.officer_id = any(${ids}::bigint[]) and r.review_status = 'accepted'
       and (${filter.survey ?? null}::text is null or s.slug = ${filter.survey ?? null})
       and (${period?.from ?? null}::timestamptz is null or r.submitted_at >= ${period?.from ?? null})
       and (${period?.to ?? null}::timestamptz is null or r.submitted_at < ${period?.to ?? null})`.execute(db);
  const groups = new Map<string, Pair[]>();
  for (const p of pairs) {
    const key = `${p.officer_id}:${p.survey_id}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  if (groups.size === 0) return result;
  const [officers, surveys] = await Promise.all([
    db
      .selectFrom('officers as o')
      .innerJoin('units as u', 'u.id', 'o.unit_id')
      .select(['o.id', 'o.display_name', 'o.position', 'o.active', 'o.unit_id', 'u.name as unit_name'])
      .where('o.id', 'in', ids)
      .execute(),
    db.selectFrom('surveys').select(['id', 'slug', 'title_vi', 'title_en', 'target']).execute(),
  ]);
  for (const [key, list] of groups) {
    const [officerId, surveyId] = key.split(':').map(Number);
    const o = officers.find((x) => Number(x.id) === officerId);
    const s = surveys.find((x) => Number(x.id) === surveyId);
    if (!o || !s) continue;
    const overall = clusterSumsOf(list.map((p) => ({ s: Number(p.s_all), c: Number(p.c_all) })));
    const attitude = clusterSumsOf(list.map((p) => ({ s: Number(p.s_att), c: Number(p.c_att) })));
    const shown = !isSmallSample(overall.respondents, minN);
    const figure = (sums: ClusterSums) =>
      shown && !isSmallSample(sums.respondents, minN)
        ? fromRate(rateFromCounts({ satisfied: sums.s, n: sums.c }, { target: s.target, minN, clusters: sums }))
        : null;
    const row: TOfficerResult = {
      officer: {
        id: Number(o.id),
        displayName: o.display_name,
        position: o.position,
        active: o.active,
        unitId: Number(o.unit_id),
        unitName: o.unit_name,
      },
      survey: { slug: s.slug, title: { vi: s.title_vi, en: s.title_en ?? s.title_vi } },
      responses: list.length,
      respondents: overall.respondents,
      shown,
      attitude: figure(attitude),
      overall: figure(overall),
    };
    result.rows.push(row);
  }
  result.rows.sort(
    (a, b) =>
      a.officer.unitName.localeCompare(b.officer.unitName, 'vi') ||
      a.officer.displayName.localeCompare(b.officer.displayName, 'vi') ||
      a.survey.slug.localeCompare(b.survey.slug),
  );
  return result;
}
