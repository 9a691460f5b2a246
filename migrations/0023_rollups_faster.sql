-- Faster rollup maintenance (same results as 0022, which built the rollups this keeps up to date):
-- - rollup_apply in PL/pgSQL, so its plans are cached per connection instead of re-planned per insert;
-- - indexes that lead with unit_id, for filtered summaries (a unit, a ward, a level, a manager's scope);
-- - rollup_rebuild staged and without upserts, building the indexes once at the end.

-- PL/pgSQL rather than SQL: its plans are cached per connection, so a single-row insert does not
-- re-plan these statements every time.
create or replace function rollup_apply(changes rollup_change[]) returns void language plpgsql as $$
declare
  shard bigint := -1 - pg_backend_pid() % 8;
begin
  insert into likert_rollups as t
    (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
  select g.grain,
         case g.grain when 'day' then c.day else date_trunc('month', c.day)::date end,
         c.survey_id, u.unit_id, c.version_id, c.channel, a.key,
         coalesce(sum(c.sign) filter (where a.value = '1'), 0),
         coalesce(sum(c.sign) filter (where a.value = '2'), 0),
         coalesce(sum(c.sign) filter (where a.value = '3'), 0),
         coalesce(sum(c.sign) filter (where a.value = '4'), 0),
         coalesce(sum(c.sign) filter (where a.value = '5'), 0),
         coalesce(sum(c.sign) filter (where a.value = '"na"'), 0)
  from unnest(changes) c
  cross join lateral jsonb_each(c.answers) a
  join version_questions q on q.version_id = c.version_id and q.question_key = a.key and q.type = 'likert5'
  cross join lateral (values (c.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  where c.review_status = 'accepted'
  group by 1, 2, 3, 4, 5, 6, 7
  order by 3, 1, 2, 4, 5, 6, 7
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key) do update set
    n1 = t.n1 + excluded.n1, n2 = t.n2 + excluded.n2, n3 = t.n3 + excluded.n3,
    n4 = t.n4 + excluded.n4, n5 = t.n5 + excluded.n5, nna = t.nna + excluded.nna;

  insert into choice_rollups as t (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
  select g.grain,
         case g.grain when 'day' then c.day else date_trunc('month', c.day)::date end,
         c.survey_id, u.unit_id, c.version_id, c.channel, a.key, a.value #>> '{}', sum(c.sign)
  from unnest(changes) c
  cross join lateral jsonb_each(c.answers) a
  join version_questions q on q.version_id = c.version_id and q.question_key = a.key
   and q.type in ('yes_no', 'single_choice')
  cross join lateral (values (c.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  where c.review_status = 'accepted' and jsonb_typeof(a.value) in ('string', 'boolean')
  group by 1, 2, 3, 4, 5, 6, 7, 8
  order by 3, 1, 2, 4, 5, 6, 7, 8
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key, value) do update set
    n = t.n + excluded.n;

  insert into respondent_rollups as t
    (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
     responses, respondents, satisfied_on_all, with_comment)
  select g.grain,
         case g.grain when 'day' then p.day else date_trunc('month', p.day)::date end,
         p.survey_id, u.unit_id, p.version_id, p.channel, p.review_status,
         sum(p.sign),
         coalesce(sum(p.sign) filter (where p.answered > 0), 0),
         coalesce(sum(p.sign) filter (where p.answered > 0 and p.unsatisfied = 0), 0),
         coalesce(sum(p.sign) filter (where p.has_comment), 0)
  from (
    select c.*,
      (select count(*) from jsonb_each(c.answers) a
         join version_questions q on q.version_id = c.version_id and q.question_key = a.key and q.type = 'likert5'
        where a.value in ('1', '2', '3', '4', '5')) as answered,
      (select count(*) from jsonb_each(c.answers) a
         join version_questions q on q.version_id = c.version_id and q.question_key = a.key and q.type = 'likert5'
        where a.value in ('1', '2', '3')) as unsatisfied
    from unnest(changes) c
  ) p
  cross join lateral (values (p.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  group by 1, 2, 3, 4, 5, 6, 7
  order by 3, 1, 2, 4, 5, 6, 7
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, review_status) do update set
    responses = t.responses + excluded.responses,
    respondents = t.respondents + excluded.respondents,
    satisfied_on_all = t.satisfied_on_all + excluded.satisfied_on_all,
    with_comment = t.with_comment + excluded.with_comment;
end $$;

-- Filters by unit, level, ward or scope read a few units' rows: an index that starts with the unit.
create index likert_rollups_unit_idx on likert_rollups (unit_id, survey_id, grain, bucket);
create index choice_rollups_unit_idx on choice_rollups (unit_id, survey_id, grain, bucket);
create index respondent_rollups_unit_idx on respondent_rollups (unit_id, survey_id, grain, bucket);

-- Recomputes every rollup from the raw responses, set-based and in stages (day rows per unit from
-- the raw answers; month rows from the day rows; the all-units shards from the real units), with no
-- upserts: after a bulk load with the triggers disabled, or to repair. It blocks writers meanwhile.
-- The shards here are chosen by unit (any split is correct: readers add the shards up).
create or replace function rollup_rebuild() returns void language plpgsql as $$
begin
  perform set_config('work_mem', '256MB', true);
  -- Hash joins: one jsonb_each per response, never one per (response, question) pair.
  perform set_config('enable_nestloop', 'off', true);
  lock table responses in share mode;
  truncate likert_rollups, choice_rollups, respondent_rollups;
  -- Building the indexes once at the end is many times faster than updating them row by row.
  alter table likert_rollups drop constraint likert_rollups_pkey;
  alter table choice_rollups drop constraint choice_rollups_pkey;
  alter table respondent_rollups drop constraint respondent_rollups_pkey;
  drop index likert_rollups_unit_idx, choice_rollups_unit_idx, respondent_rollups_unit_idx;

  create temp table rollup_rebuild_answers on commit drop as
    select r.id, r.survey_id, r.version_id, r.unit_id, r.channel, vn_day(r.submitted_at) as day,
           r.review_status, a.key, a.value, q.type
    from responses r
    cross join lateral jsonb_each(r.answers) a
    join version_questions q on q.version_id = r.version_id and q.question_key = a.key
    where q.type in ('likert5', 'yes_no', 'single_choice');

  insert into likert_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
  select 'day', day, survey_id, unit_id, version_id, channel, key,
         count(*) filter (where value = '1'), count(*) filter (where value = '2'),
         count(*) filter (where value = '3'), count(*) filter (where value = '4'),
         count(*) filter (where value = '5'), count(*) filter (where value = '"na"')
  from rollup_rebuild_answers
  where type = 'likert5' and review_status = 'accepted'
  group by 2, 3, 4, 5, 6, 7;

  insert into choice_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
  select 'day', day, survey_id, unit_id, version_id, channel, key, value #>> '{}', count(*)
  from rollup_rebuild_answers
  where type in ('yes_no', 'single_choice') and review_status = 'accepted'
    and jsonb_typeof(value) in ('string', 'boolean')
  group by 2, 3, 4, 5, 6, 7, 8;

  insert into respondent_rollups (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
                                  responses, respondents, satisfied_on_all, with_comment)
  select 'day', vn_day(r.submitted_at), r.survey_id, r.unit_id, r.version_id, r.channel, r.review_status,
         count(*), count(*) filter (where p.answered > 0),
         count(*) filter (where p.answered > 0 and p.unsatisfied = 0), count(*) filter (where r.comment is not null)
  from responses r
  left join (
    select id, count(*) filter (where value in ('1', '2', '3', '4', '5')) as answered,
           count(*) filter (where value in ('1', '2', '3')) as unsatisfied
    from rollup_rebuild_answers where type = 'likert5' group by id
  ) p on p.id = r.id
  group by 2, 3, 4, 5, 6, 7;
  drop table rollup_rebuild_answers;

  -- Months from days, then the all-units shards from the real units (both grains).
  insert into likert_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
  select 'month', date_trunc('month', bucket)::date, survey_id, unit_id, version_id, channel, question_key,
         sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(nna)
  from likert_rollups where grain = 'day' group by 2, 3, 4, 5, 6, 7;
  insert into likert_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
  select grain, bucket, survey_id, -1 - unit_id % 8, version_id, channel, question_key,
         sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(nna)
  from likert_rollups where unit_id > 0 group by 1, 2, 3, 4, 5, 6, 7;

  insert into choice_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
  select 'month', date_trunc('month', bucket)::date, survey_id, unit_id, version_id, channel, question_key, value, sum(n)
  from choice_rollups where grain = 'day' group by 2, 3, 4, 5, 6, 7, 8;
  insert into choice_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
  select grain, bucket, survey_id, -1 - unit_id % 8, version_id, channel, question_key, value, sum(n)
  from choice_rollups where unit_id > 0 group by 1, 2, 3, 4, 5, 6, 7, 8;

  insert into respondent_rollups (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
                                  responses, respondents, satisfied_on_all, with_comment)
  select 'month', date_trunc('month', bucket)::date, survey_id, unit_id, version_id, channel, review_status,
         sum(responses), sum(respondents), sum(satisfied_on_all), sum(with_comment)
  from respondent_rollups where grain = 'day' group by 2, 3, 4, 5, 6, 7;
  insert into respondent_rollups (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
                                  responses, respondents, satisfied_on_all, with_comment)
  select grain, bucket, survey_id, -1 - unit_id % 8, version_id, channel, review_status,
         sum(responses), sum(respondents), sum(satisfied_on_all), sum(with_comment)
  from respondent_rollups where unit_id > 0 group by 1, 2, 3, 4, 5, 6, 7;

  alter table likert_rollups add primary key (survey_id, grain, bucket, unit_id, version_id, channel, question_key);
  alter table choice_rollups add primary key (survey_id, grain, bucket, unit_id, version_id, channel, question_key, value);
  alter table respondent_rollups add primary key (survey_id, grain, bucket, unit_id, version_id, channel, review_status);
  create index likert_rollups_unit_idx on likert_rollups (unit_id, survey_id, grain, bucket);
  create index choice_rollups_unit_idx on choice_rollups (unit_id, survey_id, grain, bucket);
  create index respondent_rollups_unit_idx on respondent_rollups (unit_id, survey_id, grain, bucket);
end $$;
