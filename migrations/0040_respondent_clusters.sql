-- Respondent-level uncertainty (#11.1). One response is one respondent, and a respondent's answers
-- to the questions of a criterion (or of the whole survey) are correlated, so the interval of a
-- pooled rate must treat each respondent as a cluster. A ratio estimator p = Σs / Σc needs, per
-- grain, only additive sums over respondents: s = satisfied answers (4–5), c = counted answers (1–5)
-- of that respondent, and Σs, Σc, Σs², Σc², Σs·c and the number of respondents (docs/analytics.md).
--
-- cluster_rollups keeps those sums per bucket × survey × unit × version × channel × criterion, where
-- criterion '' is the overall grain (every Likert question of the response). The question grain
-- needs no table: there s and c are 0 or 1, so Σs² = Σs·c = Σs, Σc² = Σc = respondents, all of which
-- likert_rollups already holds.
--
-- The rollup functions are also reshaped so that a queue can reuse them: each table's change is
-- computed by a set-returning function rollup_<table>_deltas(changes, shard) that turns
-- rollup_change rows into aggregated delta rows of that table, and rollup_apply only upserts them.

create table cluster_rollups (
  grain         text not null check (grain in ('day', 'month')),
  bucket        date not null,
  survey_id     bigint not null,
  unit_id       bigint not null,
  version_id    bigint not null,
  channel       text not null,
  criterion     text not null,
  respondents   integer not null default 0,
  s             bigint not null default 0,
  c             bigint not null default 0,
  ss            bigint not null default 0,
  cc            bigint not null default 0,
  sc            bigint not null default 0,
  primary key (survey_id, grain, bucket, unit_id, version_id, channel, criterion)
);
create index cluster_rollups_unit_idx on cluster_rollups (unit_id, survey_id, grain, bucket);

-- One row per change (response) and criterion, plus one for criterion '' (all its Likert
-- questions): its satisfied (s) and counted (c) answers, when it counted at least one. Only
-- accepted responses count, as in likert_rollups.
create function rollup_change_clusters(changes rollup_change[])
returns table (survey_id bigint, version_id bigint, unit_id bigint, channel text, day date,
               criterion text, sign integer, s bigint, c bigint)
language sql stable as $$
  select x.survey_id, x.version_id, x.unit_id, x.channel, x.day, g.criterion, x.sign,
         count(*) filter (where a.value in ('4', '5')),
         count(*) filter (where a.value in ('1', '2', '3', '4', '5'))
  from unnest(changes) with ordinality
         x(survey_id, version_id, unit_id, channel, day, answers, has_comment, review_status, sign, i)
  cross join lateral jsonb_each(x.answers) a
  join version_questions q on q.version_id = x.version_id and q.question_key = a.key and q.type = 'likert5'
  cross join lateral (values (q.criterion), ('')) g(criterion)
  where x.review_status = 'accepted'
  group by x.i, x.survey_id, x.version_id, x.unit_id, x.channel, x.day, g.criterion, x.sign
  having count(*) filter (where a.value in ('1', '2', '3', '4', '5')) > 0
$$;

-- Delta rows per rollup table, aggregated over the changes, under each change's unit and under the
-- all-units shard given (both grains). Callers upsert them in primary-key order.
create function rollup_likert_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               question_key text, n1 bigint, n2 bigint, n3 bigint, n4 bigint, n5 bigint, nna bigint)
language sql stable as $$
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
$$;

create function rollup_choice_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               question_key text, value text, n bigint)
language sql stable as $$
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
$$;

create function rollup_respondent_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               review_status text, responses bigint, respondents bigint, satisfied_on_all bigint,
               with_comment bigint)
language sql stable as $$
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
$$;

create function rollup_cluster_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               criterion text, respondents bigint, s bigint, c bigint, ss bigint, cc bigint, sc bigint)
language sql stable as $$
  select g.grain,
         case g.grain when 'day' then p.day else date_trunc('month', p.day)::date end,
         p.survey_id, u.unit_id, p.version_id, p.channel, p.criterion,
         sum(p.sign)::bigint, sum(p.sign * p.s)::bigint, sum(p.sign * p.c)::bigint,
         sum(p.sign * p.s * p.s)::bigint, sum(p.sign * p.c * p.c)::bigint, sum(p.sign * p.s * p.c)::bigint
  from rollup_change_clusters(changes) p
  cross join lateral (values (p.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  group by 1, 2, 3, 4, 5, 6, 7
$$;

-- As in 0020, upserts in primary-key order so concurrent transactions cannot deadlock on rollup rows.
create or replace function rollup_apply(changes rollup_change[]) returns void language plpgsql as $$
declare
  shard bigint := -1 - pg_backend_pid() % 8;
begin
  insert into likert_rollups as t
    (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
  select * from rollup_likert_deltas(changes, shard) d
  order by d.survey_id, d.grain, d.bucket, d.unit_id, d.version_id, d.channel, d.question_key
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key) do update set
    n1 = t.n1 + excluded.n1, n2 = t.n2 + excluded.n2, n3 = t.n3 + excluded.n3,
    n4 = t.n4 + excluded.n4, n5 = t.n5 + excluded.n5, nna = t.nna + excluded.nna;

  insert into choice_rollups as t (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
  select * from rollup_choice_deltas(changes, shard) d
  order by d.survey_id, d.grain, d.bucket, d.unit_id, d.version_id, d.channel, d.question_key, d.value
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key, value) do update set
    n = t.n + excluded.n;

  insert into respondent_rollups as t
    (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
     responses, respondents, satisfied_on_all, with_comment)
  select * from rollup_respondent_deltas(changes, shard) d
  order by d.survey_id, d.grain, d.bucket, d.unit_id, d.version_id, d.channel, d.review_status
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, review_status) do update set
    responses = t.responses + excluded.responses,
    respondents = t.respondents + excluded.respondents,
    satisfied_on_all = t.satisfied_on_all + excluded.satisfied_on_all,
    with_comment = t.with_comment + excluded.with_comment;

  insert into cluster_rollups as t
    (grain, bucket, survey_id, unit_id, version_id, channel, criterion, respondents, s, c, ss, cc, sc)
  select * from rollup_cluster_deltas(changes, shard) d
  order by d.survey_id, d.grain, d.bucket, d.unit_id, d.version_id, d.channel, d.criterion
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, criterion) do update set
    respondents = t.respondents + excluded.respondents,
    s = t.s + excluded.s, c = t.c + excluded.c,
    ss = t.ss + excluded.ss, cc = t.cc + excluded.cc, sc = t.sc + excluded.sc;
end $$;

-- rollup_rebuild as in 0020, plus cluster_rollups (same stages: day rows per unit from the raw
-- answers, months from days, the all-units shards from the real units).
create or replace function rollup_rebuild() returns void language plpgsql as $$
begin
  perform set_config('work_mem', '256MB', true);
  -- Hash joins: one jsonb_each per response, never one per (response, question) pair.
  perform set_config('enable_nestloop', 'off', true);
  lock table responses in share mode;
  truncate likert_rollups, choice_rollups, respondent_rollups, cluster_rollups;
  -- Building the indexes once at the end is many times faster than updating them row by row.
  alter table likert_rollups drop constraint likert_rollups_pkey;
  alter table choice_rollups drop constraint choice_rollups_pkey;
  alter table respondent_rollups drop constraint respondent_rollups_pkey;
  alter table cluster_rollups drop constraint cluster_rollups_pkey;
  drop index likert_rollups_unit_idx, choice_rollups_unit_idx, respondent_rollups_unit_idx, cluster_rollups_unit_idx;

  create temp table rollup_rebuild_answers on commit drop as
    select r.id, r.survey_id, r.version_id, r.unit_id, r.channel, vn_day(r.submitted_at) as day,
           r.review_status, a.key, a.value, q.type, q.criterion
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

  insert into cluster_rollups (grain, bucket, survey_id, unit_id, version_id, channel, criterion,
                               respondents, s, c, ss, cc, sc)
  select 'day', day, survey_id, unit_id, version_id, channel, criterion,
         count(*), sum(s), sum(c), sum(s * s), sum(c * c), sum(s * c)
  from (
    select a.id, a.day, a.survey_id, a.unit_id, a.version_id, a.channel, g.criterion,
           count(*) filter (where a.value in ('4', '5')) as s,
           count(*) filter (where a.value in ('1', '2', '3', '4', '5')) as c
    from rollup_rebuild_answers a
    cross join lateral (values (a.criterion), ('')) g(criterion)
    where a.type = 'likert5' and a.review_status = 'accepted'
    group by 1, 2, 3, 4, 5, 6, 7
  ) p
  where c > 0
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

  insert into cluster_rollups (grain, bucket, survey_id, unit_id, version_id, channel, criterion,
                               respondents, s, c, ss, cc, sc)
  select 'month', date_trunc('month', bucket)::date, survey_id, unit_id, version_id, channel, criterion,
         sum(respondents), sum(s), sum(c), sum(ss), sum(cc), sum(sc)
  from cluster_rollups where grain = 'day' group by 2, 3, 4, 5, 6, 7;
  insert into cluster_rollups (grain, bucket, survey_id, unit_id, version_id, channel, criterion,
                               respondents, s, c, ss, cc, sc)
  select grain, bucket, survey_id, -1 - unit_id % 8, version_id, channel, criterion,
         sum(respondents), sum(s), sum(c), sum(ss), sum(cc), sum(sc)
  from cluster_rollups where unit_id > 0 group by 1, 2, 3, 4, 5, 6, 7;

  alter table likert_rollups add primary key (survey_id, grain, bucket, unit_id, version_id, channel, question_key);
  alter table choice_rollups add primary key (survey_id, grain, bucket, unit_id, version_id, channel, question_key, value);
  alter table respondent_rollups add primary key (survey_id, grain, bucket, unit_id, version_id, channel, review_status);
  alter table cluster_rollups add primary key (survey_id, grain, bucket, unit_id, version_id, channel, criterion);
  create index likert_rollups_unit_idx on likert_rollups (unit_id, survey_id, grain, bucket);
  create index choice_rollups_unit_idx on choice_rollups (unit_id, survey_id, grain, bucket);
  create index respondent_rollups_unit_idx on respondent_rollups (unit_id, survey_id, grain, bucket);
  create index cluster_rollups_unit_idx on cluster_rollups (unit_id, survey_id, grain, bucket);
end $$;

-- Fill the new table from the responses that already exist.
select rollup_rebuild();
