import { sql } from 'kysely';
import type { TDistributions } from '../../domain/contract/analytics-distributions.js';
import { isSmallSample, wilsonInterval } from '../../domain/statistics.js';
import type { Database } from '../db/schema.js';
import { responsesWhere } from './conditions.js';
import { mergedDefinition } from './definitions.js';
import type { ResolvedFilters } from './filters.js';
import { preferredSurvey } from './summary.js';

/**
 * Multiple-choice shares and number quartiles, read from the raw answers (migrations/0110 keeps
 * these types out of the rollups). Exact, and fast enough: only surveys that ask such a question
 * are read at all, through responses_survey_time_idx for the period, and the demo's largest such
 * survey has 120 answers a year; a survey with hundreds of thousands would want a rollup instead.
 */
export async function computeDistributions(
  db: Database,
  f: ResolvedFilters,
  minN: number,
): Promise<Pick<TDistributions, 'multipleChoice' | 'numbers'>> {
  const definition = await mergedDefinition(
    db,
    f.surveys.map((s) => s.id),
    preferredSurvey(f),
  );
  const multi = definition.questions.filter((q) => q.type === 'multiple_choice');
  const numbers = definition.questions.filter((q) => q.type === 'number');
  const where = sql`r.review_status = 'accepted' and ${responsesWhere(db, f, 'r')}`;

  const [ticks, stats] = await Promise.all([
    multi.length === 0
      ? Promise.resolve({ rows: [] })
      : // One row per key with v null (respondents who ticked anything), and one per key and option.
        sql<{ k: string; v: string | null; n: number }>`
          select a.k, o.v, count(distinct a.id)::int8 as n
          from (
            select r.id, k.k, r.answers -> k.k as a
            from responses r
            cross join unnest(${multi.map((q) => q.key)}::text[]) k(k)
            where ${where} and jsonb_typeof(r.answers -> k.k) = 'array' and jsonb_array_length(r.answers -> k.k) > 0
          ) a
          left join lateral jsonb_array_elements_text(a.a) o(v) on true
          group by grouping sets ((a.k), (a.k, o.v))`.execute(db),
    numbers.length === 0
      ? Promise.resolve({ rows: [] })
      : sql<{ k: string; n: number; lo: number; q: number[]; hi: number }>`
          select k.k, count(*)::int8 as n, min(x.v) as lo, max(x.v) as hi,
            percentile_cont(array[0.25, 0.5, 0.75]) within group (order by x.v) as q
          from responses r
          cross join unnest(${numbers.map((q) => q.key)}::text[]) k(k)
          cross join lateral (select (r.answers ->> k.k)::float8 as v) x
          where ${where} and jsonb_typeof(r.answers -> k.k) = 'number'
          group by k.k`.execute(db),
  ]);

  const answered = new Map<string, number>();
  const ticked = new Map<string, Map<string, number>>();
  for (const r of ticks.rows) {
    if (r.v === null) answered.set(r.k, Number(r.n));
    else ticked.set(r.k, (ticked.get(r.k) ?? new Map<string, number>()).set(r.v, Number(r.n)));
  }
  const byKey = new Map(stats.rows.map((r) => [r.k, r]));

  return {
    multipleChoice: multi.map((q) => {
      const n = answered.get(q.key) ?? 0;
      const counts = ticked.get(q.key) ?? new Map<string, number>();
      const known = q.options ?? [];
      // Options an older version offered and the newest dropped still show, under their code.
      const others = [...counts.keys()]
        .filter((v) => !known.some((o) => o.value === v))
        .map((v) => ({ value: v, label: { vi: v, en: v } }));
      return {
        key: q.key,
        text: q.text,
        n,
        smallSample: isSmallSample(n, minN),
        options: [...known, ...others].map((o) => {
          const k = counts.get(o.value) ?? 0;
          return {
            value: o.value,
            label: o.label,
            n: k,
            share: n === 0 ? null : k / n,
            interval: wilsonInterval(k, n),
          };
        }),
      };
    }),
    numbers: numbers.map((q) => {
      const s = byKey.get(q.key);
      const n = s ? Number(s.n) : 0;
      return {
        key: q.key,
        text: q.text,
        unit: q.unit ?? null,
        n,
        smallSample: isSmallSample(n, minN),
        min: s ? Number(s.lo) : null,
        q1: s ? Number(s.q[0]) : null,
        median: s ? Number(s.q[1]) : null,
        q3: s ? Number(s.q[2]) : null,
        max: s ? Number(s.hi) : null,
      };
    }),
  };
}
