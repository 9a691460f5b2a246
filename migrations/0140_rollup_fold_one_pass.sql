-- One pass per fold (#10.2). rollup_apply (0040) ran four INSERTs, each expanding the batch again through its
-- rollup_<table>_deltas function: every change's answers went through jsonb_each four times (twice for the
-- per-change Likert counts alone) and each table fanned out and sorted on its own. Now a single statement
-- expands the batch once (one jsonb_each per change, the question types read once per version), derives the
-- per-key sums of the four tables from that, and upserts all four tables as data-modifying CTEs.
-- Same rows and sums as the delta functions of 0120 (which the *_live views of 0060 keep using for the
-- queued tail): tests/analytics-rollups.test.ts and tests/rollup-queue.test.ts compare both with the raw rows.
--
-- Settings of the function: a custom plan per fold, so the planner sees the batch's real length (a generic plan
-- assumes 10 changes and sorts where it should hash); no nested loop over the unindexed CTEs whatever the
-- estimates; no JIT (compiling costs more than a fold); work_mem for the expanded answers of a 2,000-change
-- batch (~5 MB) so they stay in memory. Measured with bench/submit-fold.ts: see docs/scaling.md.

create or replace function rollup_apply(changes rollup_change[]) returns void
language plpgsql
set jit = off set enable_nestloop = off set work_mem = '64MB' set plan_cache_mode = force_custom_plan as $$
declare
  shard bigint := -1 - pg_backend_pid() % 8;
begin
  with c as materialized (
    select * from unnest(changes) with ordinality
      x(survey_id, version_id, unit_id, channel, day, answers, has_comment, review_status, sign, i)
  ),
  -- The folded question types of the batch's versions, as one key → type object each (and key → criterion
  -- for the Likert ones), so that no answer probes version_questions on its own.
  versions as materialized (
    select q.version_id, jsonb_object_agg(q.question_key, q.type) as types,
           jsonb_object_agg(q.question_key, q.criterion) filter (where q.type = 'likert5') as criteria
    from version_questions q
    where q.version_id in (select distinct c.version_id from c)
      and q.type in ('likert5', 'yes_no', 'single_choice')
    group by q.version_id
  ),
  -- Every answer of a folded type, once, reduced to what the sums need: a number as its value (numeric, so that
  -- 1.0 counts as 1 as with the jsonb equality of 0120), a string or boolean as its text ("na" among them).
  a as materialized (
    select c.i, c.day, c.survey_id, c.unit_id, c.version_id, c.channel, c.review_status, c.sign, e.key,
           v.types ->> e.key as type, v.criteria ->> e.key as criterion,
           case when jsonb_typeof(e.value) = 'number' then e.value::numeric end as score,
           case when jsonb_typeof(e.value) in ('string', 'boolean') then e.value #>> '{}' end as choice
    from c
    join versions v on v.version_id = c.version_id
    cross join lateral jsonb_each(c.answers) e
    where v.types ? e.key
  ),
  -- Per change: its Likert answers 1–5 by criterion, and (criterion null) over all of them.
  per_change as materialized (
    select a.i, a.criterion,
           count(*) filter (where a.score >= 4) as s,
           count(*) as c,
           count(*) filter (where a.score <= 3) as unsatisfied
    from a
    where a.type = 'likert5' and a.score in (1, 2, 3, 4, 5)
    group by grouping sets ((a.i, a.criterion), (a.i))
  ),
  likert_keys as (
    select a.day, a.survey_id, a.unit_id, a.version_id, a.channel, a.key,
           coalesce(sum(a.sign) filter (where a.score = 1), 0) as n1,
           coalesce(sum(a.sign) filter (where a.score = 2), 0) as n2,
           coalesce(sum(a.sign) filter (where a.score = 3), 0) as n3,
           coalesce(sum(a.sign) filter (where a.score = 4), 0) as n4,
           coalesce(sum(a.sign) filter (where a.score = 5), 0) as n5,
           coalesce(sum(a.sign) filter (where a.choice = 'na'), 0) as nna
    from a
    where a.type = 'likert5' and a.review_status = 'accepted'
    group by 1, 2, 3, 4, 5, 6
  ),
  choice_keys as (
    select a.day, a.survey_id, a.unit_id, a.version_id, a.channel, a.key, a.choice as value, sum(a.sign) as n
    from a
    where a.type in ('yes_no', 'single_choice') and a.review_status = 'accepted' and a.choice is not null
    group by 1, 2, 3, 4, 5, 6, 7
  ),
  respondent_keys as (
    select c.day, c.survey_id, c.unit_id, c.version_id, c.channel, c.review_status,
           sum(c.sign) as responses,
           -- A change with no Likert answer 1–5 has no total row in per_change.
           coalesce(sum(c.sign) filter (where t.i is not null), 0) as respondents,
           coalesce(sum(c.sign) filter (where t.unsatisfied = 0), 0) as satisfied_on_all,
           coalesce(sum(c.sign) filter (where c.has_comment), 0) as with_comment
    from c
    left join per_change t on t.i = c.i and t.criterion is null
    group by 1, 2, 3, 4, 5, 6
  ),
  cluster_keys as (
    select c.day, c.survey_id, c.unit_id, c.version_id, c.channel, coalesce(t.criterion, '') as criterion,
           sum(c.sign) as respondents, sum(c.sign * t.s) as s, sum(c.sign * t.c) as c,
           sum(c.sign * t.s * t.s) as ss, sum(c.sign * t.c * t.c) as cc, sum(c.sign * t.s * t.c) as sc
    from per_change t
    join c on c.i = t.i
    where c.review_status = 'accepted'
    group by 1, 2, 3, 4, 5, 6
  ),
  -- Each key goes under its unit and the folder's all-units shard, at both grains.
  fan (grain, own_unit) as (
    values ('day', true), ('day', false), ('month', true), ('month', false)
  ),
  likert_done as (
    insert into likert_rollups as t
      (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
    select f.grain,
           case f.grain when 'day' then k.day else date_trunc('month', k.day)::date end,
           k.survey_id, case when f.own_unit then k.unit_id else shard end, k.version_id, k.channel, k.key,
           sum(k.n1), sum(k.n2), sum(k.n3), sum(k.n4), sum(k.n5), sum(k.nna)
    from likert_keys k cross join fan f
    group by 1, 2, 3, 4, 5, 6, 7
    order by 3, 1, 2, 4, 5, 6, 7
    on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key) do update set
      n1 = t.n1 + excluded.n1, n2 = t.n2 + excluded.n2, n3 = t.n3 + excluded.n3,
      n4 = t.n4 + excluded.n4, n5 = t.n5 + excluded.n5, nna = t.nna + excluded.nna
  ),
  choice_done as (
    insert into choice_rollups as t (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
    select f.grain,
           case f.grain when 'day' then k.day else date_trunc('month', k.day)::date end,
           k.survey_id, case when f.own_unit then k.unit_id else shard end, k.version_id, k.channel, k.key,
           k.value, sum(k.n)
    from choice_keys k cross join fan f
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 3, 1, 2, 4, 5, 6, 7, 8
    on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key, value) do update set
      n = t.n + excluded.n
  ),
  respondent_done as (
    insert into respondent_rollups as t
      (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
       responses, respondents, satisfied_on_all, with_comment)
    select f.grain,
           case f.grain when 'day' then k.day else date_trunc('month', k.day)::date end,
           k.survey_id, case when f.own_unit then k.unit_id else shard end, k.version_id, k.channel,
           k.review_status, sum(k.responses), sum(k.respondents), sum(k.satisfied_on_all), sum(k.with_comment)
    from respondent_keys k cross join fan f
    group by 1, 2, 3, 4, 5, 6, 7
    order by 3, 1, 2, 4, 5, 6, 7
    on conflict (survey_id, grain, bucket, unit_id, version_id, channel, review_status) do update set
      responses = t.responses + excluded.responses,
      respondents = t.respondents + excluded.respondents,
      satisfied_on_all = t.satisfied_on_all + excluded.satisfied_on_all,
      with_comment = t.with_comment + excluded.with_comment
  )
  insert into cluster_rollups as t
    (grain, bucket, survey_id, unit_id, version_id, channel, criterion, respondents, s, c, ss, cc, sc)
  select f.grain,
         case f.grain when 'day' then k.day else date_trunc('month', k.day)::date end,
         k.survey_id, case when f.own_unit then k.unit_id else shard end, k.version_id, k.channel, k.criterion,
         sum(k.respondents), sum(k.s), sum(k.c), sum(k.ss), sum(k.cc), sum(k.sc)
  from cluster_keys k cross join fan f
  group by 1, 2, 3, 4, 5, 6, 7
  order by 3, 1, 2, 4, 5, 6, 7
  on conflict (survey_id, grain, bucket, unit_id, version_id, channel, criterion) do update set
    respondents = t.respondents + excluded.respondents,
    s = t.s + excluded.s, c = t.c + excluded.c,
    ss = t.ss + excluded.ss, cc = t.cc + excluded.cc, sc = t.sc + excluded.sc;
end $$;

-- Room on each page for the next version of a row, so that the fold's updates (counts only, never a key)
-- stay heap-only (HOT): no new entry in the primary key or the unit index for each +1. New pages only;
-- a rebuild (rollup_rebuild) lays the existing rows out again.
alter table likert_rollups set (fillfactor = 80);
alter table choice_rollups set (fillfactor = 80);
alter table respondent_rollups set (fillfactor = 80);
alter table cluster_rollups set (fillfactor = 80);
