import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { scoreSurvey } from '../domain/scoring.js';
import { clusterShare } from '../domain/statistics.js';
import { resolveFilterOutcome } from '../server/analytics/filters.js';
import { rawCounts } from '../server/analytics/raw.js';
import { computeSummary } from '../server/analytics/summary.js';
import type { SessionUser } from '../server/auth/queries.js';
import type { Database } from '../server/db/schema.js';
import { generateResponses, seededRandom } from '../server/demo/responses.js';
import { bodyHash } from '../server/responses/submit.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { setupSurveysAndUnits } from './analytics-fixtures.js';

/** Every rollup row, recomputed from the raw responses (rows whose counts are all zero are left out). */
async function rawRollups(db: Database) {
  const likert = await sql`
    with a as (
      select r.*, vn_day(r.submitted_at) as d, e.key, e.value from responses r
      cross join lateral jsonb_each(r.answers) e
      join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type = 'likert5'
      where r.review_status = 'accepted'
    ), g(grain) as (values ('day'), ('month'))
    select g.grain, to_char(case g.grain when 'day' then a.d else date_trunc('month', a.d)::date end, 'YYYY-MM-DD') as bucket,
      a.survey_id, a.unit_id, a.version_id, a.channel, a.key as question_key,
      count(*) filter (where a.value = '1')::int as n1, count(*) filter (where a.value = '2')::int as n2,
      count(*) filter (where a.value = '3')::int as n3, count(*) filter (where a.value = '4')::int as n4,
      count(*) filter (where a.value = '5')::int as n5, count(*) filter (where a.value = '"na"')::int as nna
    from a cross join g group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  const choice = await sql`
    with a as (
      select r.*, vn_day(r.submitted_at) as d, e.key, e.value #>> '{}' as v from responses r
      cross join lateral jsonb_each(r.answers) e
      join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type in ('yes_no', 'single_choice')
      where r.review_status = 'accepted'
    ), g(grain) as (values ('day'), ('month'))
    select g.grain, to_char(case g.grain when 'day' then a.d else date_trunc('month', a.d)::date end, 'YYYY-MM-DD') as bucket,
      a.survey_id, a.unit_id, a.version_id, a.channel, a.key as question_key, a.v as value, count(*)::int as n
    from a cross join g group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
  const respondents = await sql`
    with p as (
      select r.*, vn_day(r.submitted_at) as d,
        (select count(*) from jsonb_each(r.answers) e join version_questions q on q.version_id = r.version_id
           and q.question_key = e.key and q.type = 'likert5' where e.value in ('1','2','3','4','5')) as answered,
        (select count(*) from jsonb_each(r.answers) e join version_questions q on q.version_id = r.version_id
           and q.question_key = e.key and q.type = 'likert5' where e.value in ('1','2','3')) as unsatisfied
      from responses r
    ), g(grain) as (values ('day'), ('month'))
    select g.grain, to_char(case g.grain when 'day' then p.d else date_trunc('month', p.d)::date end, 'YYYY-MM-DD') as bucket,
      p.survey_id, p.unit_id, p.version_id, p.channel, p.review_status, count(*)::int as responses,
      (count(*) filter (where answered > 0))::int as respondents,
      (count(*) filter (where answered > 0 and unsatisfied = 0))::int as satisfied_on_all,
      (count(*) filter (where comment is not null))::int as with_comment
    from p cross join g group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  // Per respondent and criterion ('' = all Likert questions): satisfied (s) and counted (c) answers.
  const clusters = await sql`
    with a as (
      select r.id, r.survey_id, r.unit_id, r.version_id, r.channel, vn_day(r.submitted_at) as d, q.criterion, e.value
      from responses r
      cross join lateral jsonb_each(r.answers) e
      join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type = 'likert5'
      where r.review_status = 'accepted'
    ), per as (
      select a.id, a.d, a.survey_id, a.unit_id, a.version_id, a.channel, k.criterion,
        count(*) filter (where a.value in ('4', '5')) as s,
        count(*) filter (where a.value in ('1', '2', '3', '4', '5')) as c
      from a cross join lateral (values (a.criterion), ('')) k(criterion)
      group by 1, 2, 3, 4, 5, 6, 7
    ), g(grain) as (values ('day'), ('month'))
    select g.grain, to_char(case g.grain when 'day' then per.d else date_trunc('month', per.d)::date end, 'YYYY-MM-DD') as bucket,
      per.survey_id, per.unit_id, per.version_id, per.channel, per.criterion, count(*)::int as respondents,
      sum(s)::int as s, sum(c)::int as c, sum(s * s)::int as ss, sum(c * c)::int as cc, sum(s * c)::int as sc
    from per cross join g where per.c > 0 group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return { likert: likert.rows, choice: choice.rows, respondents: respondents.rows, clusters: clusters.rows };
}

/**
 * What readers see of a rollup table: its *_live view (migrations/0060: the folded rows plus the changes
 * still queued), summed by key.
 */
function live(table: string, keys: string, counts: string[]) {
  const all = `grain, bucket, survey_id, unit_id, version_id, channel, ${keys}`;
  const sums = counts.map((c) => `sum(${c})::int as ${c}`).join(', ');
  return sql.raw(`(select ${all}, ${sums} from ${table}_rollups_live group by ${all}) as live`);
}

async function storedRollups(db: Database, units: 'real' | 'shards' = 'real') {
  const op = units === 'real' ? sql`> 0` : sql`< 0`;
  const likert = await sql`
    select grain, to_char(bucket, 'YYYY-MM-DD') as bucket, survey_id, unit_id, version_id, channel, question_key,
      n1, n2, n3, n4, n5, nna from ${live('likert', 'question_key', ['n1', 'n2', 'n3', 'n4', 'n5', 'nna'])}
    where (n1, n2, n3, n4, n5, nna) <> (0, 0, 0, 0, 0, 0) and unit_id ${op} order by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  const choice = await sql`
    select grain, to_char(bucket, 'YYYY-MM-DD') as bucket, survey_id, unit_id, version_id, channel, question_key, value, n
    from ${live('choice', 'question_key, value', ['n'])} where n <> 0 and unit_id ${op} order by 1, 2, 3, 4, 5, 6, 7, 8`.execute(
    db,
  );
  const respondents = await sql`
    select grain, to_char(bucket, 'YYYY-MM-DD') as bucket, survey_id, unit_id, version_id, channel, review_status,
      responses, respondents, satisfied_on_all, with_comment from ${live('respondent', 'review_status', ['responses', 'respondents', 'satisfied_on_all', 'with_comment'])}
    where (responses, respondents, satisfied_on_all, with_comment) <> (0, 0, 0, 0) and unit_id ${op} order by 1, 2, 3, 4, 5, 6, 7`.execute(
    db,
  );
  const clusters = await sql`
    select grain, to_char(bucket, 'YYYY-MM-DD') as bucket, survey_id, unit_id, version_id, channel, criterion,
      respondents, s::int as s, c::int as c, ss::int as ss, cc::int as cc, sc::int as sc from ${live('cluster', 'criterion', ['respondents', 's', 'c', 'ss', 'cc', 'sc'])}
    where (respondents, s, c, ss, cc, sc) <> (0, 0, 0, 0, 0, 0) and unit_id ${op} order by 1, 2, 3, 4, 5, 6, 7`.execute(
    db,
  );
  return { likert: likert.rows, choice: choice.rows, respondents: respondents.rows, clusters: clusters.rows };
}

/** Rows summed over unit_id (shards or real units), keyed by everything else; all-zero sums left out. */
function withoutUnits(rows: unknown[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const row of rows as Array<Record<string, unknown>>) {
    const { unit_id: _unit, ...rest } = row;
    const keyParts: string[] = [];
    const counts: Record<string, number> = {};
    for (const [k, v] of Object.entries(rest)) {
      if (typeof v === 'number' && !['survey_id', 'version_id'].includes(k)) counts[k] = v;
      else keyParts.push(`${k}=${String(v)}`);
    }
    const key = keyParts.join('|');
    const acc = (out[key] ??= {});
    for (const [k, v] of Object.entries(counts)) acc[k] = (acc[k] ?? 0) + v;
  }
  for (const [k, v] of Object.entries(out)) if (Object.values(v).every((x) => x === 0)) delete out[k];
  return out;
}

const analyst: SessionUser = {
  id: 0,
  email: 'oracle@test',
  displayName: '',
  mustChangePassword: false,
  roles: [{ role: 'analyst', unitId: null }],
  sessionId: '',
  csrfToken: '',
};

describe('rollups equal a direct query over the raw rows', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    const ctx = await setupSurveysAndUnits(db);
    const random = seededRandom(7);
    // Realistic generated answers (N/A, skipped optional questions, flagged ones pending) over a year.
    for (const [slug, unit, count, channel] of [
      ['tthc-services', 'MOTCUA', 400, 'qr'],
      ['tthc-services', 'VANPHONG', 150, 'web'],
      ['education-parents-tieu-hoc', 'TH-A', 300, 'qr'],
      ['education-parents-mam-non', 'MN-B', 200, 'qr'],
    ] as const) {
      const version = await db
        .selectFrom('survey_versions')
        .select(['id', 'definition'])
        .where('survey_id', '=', ctx.surveys.get(slug)!)
        .executeTakeFirstOrThrow();
      const generated = generateResponses({
        definition: version.definition as TSurveyDefinition,
        count,
        from: new Date('2025-12-20T00:00:00Z'),
        to: new Date('2026-07-10T00:00:00Z'),
        quality: 0.85,
        random,
      });
      // One statement per 100 rows: the statement-level trigger sees many rows at once.
      for (let i = 0; i < generated.length; i += 100) {
        await db
          .insertInto('responses')
          .values(
            generated.slice(i, i + 100).map((r) => ({
              ...r,
              answers: JSON.stringify(r.answers),
              body_hash: bodyHash({ linkCode: '', versionId: version.id, answers: r.answers, comment: r.comment }),
              survey_id: ctx.surveys.get(slug)!,
              version_id: version.id,
              unit_id: ctx.units.get(unit)!,
              link_id: null,
              channel,
            })),
          )
          .execute();
      }
    }
  });
  afterAll(() => database.drop());

  const expectConsistent = async () => {
    const [raw, stored, shards] = await Promise.all([rawRollups(db), storedRollups(db), storedRollups(db, 'shards')]);
    expect(stored.likert.length).toBeGreaterThan(0);
    expect(stored.likert).toEqual(raw.likert);
    expect(stored.choice).toEqual(raw.choice);
    expect(stored.respondents).toEqual(raw.respondents);
    expect(stored.clusters.length).toBeGreaterThan(0);
    expect(stored.clusters).toEqual(raw.clusters);
    // The all-units shards, added up, equal the raw rows of every unit added up.
    for (const kind of ['likert', 'choice', 'respondents', 'clusters'] as const) {
      expect(withoutUnits(shards[kind]), kind).toEqual(withoutUnits(raw[kind]));
    }
  };

  it('after inserts (many rows per statement)', async () => {
    expect(
      Number(
        (await sql<{ n: number }>`select count(*) as n from responses where review_status = 'pending'`.execute(db))
          .rows[0]!.n,
      ),
    ).toBeGreaterThan(0);
    await expectConsistent();
  });

  it('after single inserts, accepts, rejects, edits and deletes', async () => {
    const ids = await db.selectFrom('responses').select(['id', 'review_status']).orderBy('id').execute();
    const pending = ids.filter((r) => r.review_status === 'pending').map((r) => r.id);
    const accepted = ids.filter((r) => r.review_status === 'accepted').map((r) => r.id);
    // Accept half of the pending ones, reject the rest, reject some accepted ones.
    await db
      .updateTable('responses')
      .set({ review_status: 'accepted', reviewed_at: new Date() })
      .where('id', 'in', pending.slice(0, Math.ceil(pending.length / 2)))
      .execute();
    await db
      .updateTable('responses')
      .set({ review_status: 'rejected' })
      .where('id', 'in', pending.slice(Math.ceil(pending.length / 2)))
      .execute();
    await db
      .updateTable('responses')
      .set({ review_status: 'rejected' })
      .where('id', 'in', accepted.slice(0, 25))
      .execute();
    // Back and forth: rejected → accepted → pending.
    await db
      .updateTable('responses')
      .set({ review_status: 'accepted' })
      .where('id', 'in', accepted.slice(0, 5))
      .execute();
    await db
      .updateTable('responses')
      .set({ review_status: 'pending' })
      .where('id', 'in', accepted.slice(5, 8))
      .execute();
    // An update that changes nothing the rollups see.
    await db
      .updateTable('responses')
      .set({ reviewed_at: new Date() })
      .where('id', 'in', accepted.slice(30, 60))
      .execute();
    // Moving a response to another day and unit, and editing answers.
    await db
      .updateTable('responses')
      .set({ submitted_at: new Date('2026-05-01T16:59:00Z') })
      .where('id', '=', accepted[40]!)
      .execute();
    await sql`update responses set answers = answers || '{"overall_satisfaction": "na"}'::jsonb where id = ${accepted[41]!}`.execute(
      db,
    );
    await db.deleteFrom('responses').where('id', 'in', accepted.slice(100, 110)).execute();
    // Single-row inserts, as the phone form makes them.
    for (const id of accepted.slice(120, 123)) {
      await sql`insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, comment,
          started_at, submitted_at, body_hash, flags, review_status)
        select gen_random_uuid(), survey_id, version_id, unit_id, link_id, channel, answers, comment,
          started_at, submitted_at + interval '1 day', body_hash, flags, review_status
        from responses where id = ${id}`.execute(db);
    }
    await expectConsistent();
  });

  it('rollup_rebuild() (the set-based repair used after bulk loads) gives the same rollups', async () => {
    await sql`select rollup_rebuild()`.execute(db);
    await expectConsistent();
  });

  it('the summary (from rollups) equals the naive GROUP BY, for whole months and ragged ranges', async () => {
    for (const q of [
      { survey: 'tthc-services', period: 'H1-2026' },
      { survey: 'tthc-services', from: '2026-01-17', to: '2026-05-03' },
      { family: 'public-education-parents', period: 'Q2-2026', level: 'tieu_hoc' as const },
      { survey: 'tthc-services', period: 'Y-2026', unit: 'VANPHONG', channel: 'web' },
      { survey: 'tthc-services', from: '2025-12-30', to: '2026-01-02' },
    ]) {
      const outcome = await resolveFilterOutcome(db, analyst, q);
      if (outcome.status !== 'ok') throw new Error(`filters refused: ${JSON.stringify(outcome.fields)}`);
      const f = outcome.filters;
      const [summary, raw] = await Promise.all([computeSummary(db, f, { minN: 30 }), rawCounts(db, f)]);
      const likertKeys = summary.questions.map((x) => x.key);
      const rawScore = scoreSurvey({
        criteria: [],
        questions: likertKeys.map((key) => ({ key, criterion: 'x', type: 'likert5' })),
        counts: raw.byKey,
        comprehensive: raw.comprehensive,
        target: f.target,
      });
      const pooled = summary.methods.top2_pooled;
      expect(pooled.n, JSON.stringify(q)).toBe(rawScore.overall.n);
      expect(pooled.satisfied).toBe(rawScore.overall.satisfied);
      // The respondent-level sums of the rollups equal those of the raw answers, so does the interval.
      expect(pooled.respondents).toBe(raw.clusters.respondents);
      expect(pooled.designEffect).toBeCloseTo(clusterShare(raw.clusters).designEffect, 9);
      expect(pooled.interval.low).toBeCloseTo(clusterShare(raw.clusters).interval.low, 9);
      expect(summary.methods.comprehensive.n).toBe(raw.comprehensive.respondents);
      expect(summary.methods.comprehensive.satisfied).toBe(raw.comprehensive.satisfiedOnAll);
      expect(summary.responses).toMatchObject(raw.responses);
      for (const question of summary.questions) {
        expect(question.counts, question.key).toEqual(
          raw.byKey[question.key] ?? { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, na: 0 },
        );
      }
    }
  });
});
