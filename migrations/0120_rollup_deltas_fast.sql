-- Cheaper rollup deltas (#10.2). The fold (rollup_fold → rollup_apply) and the live views spend their time in
-- the rollup_<table>_deltas functions of 0040. Measured on the demo data with 2,000 queued changes, they cost
-- about 10 ms of PostgreSQL CPU per change, mostly in three places:
--   * rollup_respondent_deltas counted each change's Likert answers in two correlated subqueries that the
--     planner evaluated after the fan-out to (unit, all-units shard) × (day, month), i.e. 4 × 2 times per
--     change, each re-running jsonb_each once per question of the version (a nested loop with it inside);
--   * every function fanned each answer out to 4 rows before aggregating, so 2,000 changes became ~130,000
--     rows to sort (on disk, past work_mem);
--   * each change probed version_questions on its own (a bitmap scan per change).
-- Now each function aggregates the batch first, by (day, survey, unit, version, channel, key) or per change,
-- then joins the few aggregated rows to version_questions and only then fans out. Same signatures and the same
-- rows (groups, sums and zero rows alike), so rollup_apply and the *_live views of 0060 are unchanged.

create or replace function rollup_likert_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               question_key text, n1 bigint, n2 bigint, n3 bigint, n4 bigint, n5 bigint, nna bigint)
language sql stable as $$
  with per_key as (
    select c.day, c.survey_id, c.unit_id, c.version_id, c.channel, a.key,
           sum(c.sign) filter (where a.value = '1') as n1,
           sum(c.sign) filter (where a.value = '2') as n2,
           sum(c.sign) filter (where a.value = '3') as n3,
           sum(c.sign) filter (where a.value = '4') as n4,
           sum(c.sign) filter (where a.value = '5') as n5,
           sum(c.sign) filter (where a.value = '"na"') as nna
    from unnest(changes) c
    cross join lateral jsonb_each(c.answers) a
    where c.review_status = 'accepted'
    group by 1, 2, 3, 4, 5, 6
  )
  select g.grain,
         case g.grain when 'day' then k.day else date_trunc('month', k.day)::date end,
         k.survey_id, u.unit_id, k.version_id, k.channel, k.key,
         coalesce(sum(k.n1), 0)::bigint, coalesce(sum(k.n2), 0)::bigint, coalesce(sum(k.n3), 0)::bigint,
         coalesce(sum(k.n4), 0)::bigint, coalesce(sum(k.n5), 0)::bigint, coalesce(sum(k.nna), 0)::bigint
  from per_key k
  join version_questions q on q.version_id = k.version_id and q.question_key = k.key and q.type = 'likert5'
  cross join lateral (values (k.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  group by 1, 2, 3, 4, 5, 6, 7
$$;

create or replace function rollup_choice_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               question_key text, value text, n bigint)
language sql stable as $$
  with per_value as (
    select c.day, c.survey_id, c.unit_id, c.version_id, c.channel, a.key, a.value #>> '{}' as value,
           sum(c.sign) as n
    from unnest(changes) c
    cross join lateral jsonb_each(c.answers) a
    where c.review_status = 'accepted' and jsonb_typeof(a.value) in ('string', 'boolean')
    group by 1, 2, 3, 4, 5, 6, 7
  )
  select g.grain,
         case g.grain when 'day' then k.day else date_trunc('month', k.day)::date end,
         k.survey_id, u.unit_id, k.version_id, k.channel, k.key, k.value, sum(k.n)::bigint
  from per_value k
  join version_questions q on q.version_id = k.version_id and q.question_key = k.key
   and q.type in ('yes_no', 'single_choice')
  cross join lateral (values (k.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  group by 1, 2, 3, 4, 5, 6, 7, 8
$$;

-- The Likert answers 1–5 of each change, by its position in the array, with their criterion. The batch's
-- versions are read once into one key → criterion object each, so that no change probes version_questions
-- on its own.
create or replace function rollup_change_likert(changes rollup_change[])
returns table (i bigint, criterion text, value jsonb)
language sql stable as $$
  with criteria as (
    select q.version_id, jsonb_object_agg(q.question_key, q.criterion) as by_key
    from version_questions q
    where q.type = 'likert5' and q.version_id in (select c.version_id from unnest(changes) c)
    group by q.version_id
  )
  select x.i, m.by_key ->> a.key, a.value
  from unnest(changes) with ordinality
         x(survey_id, version_id, unit_id, channel, day, answers, has_comment, review_status, sign, i)
  join criteria m on m.version_id = x.version_id
  cross join lateral jsonb_each(x.answers) a
  where a.value in ('1', '2', '3', '4', '5') and m.by_key ? a.key
$$;

create or replace function rollup_respondent_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               review_status text, responses bigint, respondents bigint, satisfied_on_all bigint,
               with_comment bigint)
language sql stable as $$
  with counted as (
    select l.i, count(*) filter (where l.value in ('1', '2', '3')) as unsatisfied
    from rollup_change_likert(changes) l
    group by l.i
  ),
  per_key as (
    select c.day, c.survey_id, c.unit_id, c.version_id, c.channel, c.review_status,
           sum(c.sign) as responses,
           -- A change with no counted Likert answer has no row in counted.
           sum(c.sign) filter (where k.i is not null) as respondents,
           sum(c.sign) filter (where k.unsatisfied = 0) as satisfied_on_all,
           sum(c.sign) filter (where c.has_comment) as with_comment
    from unnest(changes) with ordinality
           c(survey_id, version_id, unit_id, channel, day, answers, has_comment, review_status, sign, i)
    left join counted k on k.i = c.i
    group by 1, 2, 3, 4, 5, 6
  )
  select g.grain,
         case g.grain when 'day' then p.day else date_trunc('month', p.day)::date end,
         p.survey_id, u.unit_id, p.version_id, p.channel, p.review_status,
         sum(p.responses)::bigint,
         coalesce(sum(p.respondents), 0)::bigint,
         coalesce(sum(p.satisfied_on_all), 0)::bigint,
         coalesce(sum(p.with_comment), 0)::bigint
  from per_key p
  cross join lateral (values (p.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  group by 1, 2, 3, 4, 5, 6, 7
$$;

-- As in 0040 (one row per accepted change and criterion, plus criterion '' for all its Likert answers, when
-- it counted at least one answer 1–5), from rollup_change_likert.
create or replace function rollup_change_clusters(changes rollup_change[])
returns table (survey_id bigint, version_id bigint, unit_id bigint, channel text, day date,
               criterion text, sign integer, s bigint, c bigint)
language sql stable as $$
  with per_change as (
    select l.i, g.criterion,
           count(*) filter (where l.value in ('4', '5')) as s,
           count(*) as c
    from rollup_change_likert(changes) l
    cross join lateral (values (l.criterion), ('')) g(criterion)
    group by 1, 2
  )
  select x.survey_id, x.version_id, x.unit_id, x.channel, x.day, p.criterion, x.sign, p.s, p.c
  from per_change p
  join unnest(changes) with ordinality
         x(survey_id, version_id, unit_id, channel, day, answers, has_comment, review_status, sign, i)
    on x.i = p.i
  where x.review_status = 'accepted'
$$;

create or replace function rollup_cluster_deltas(changes rollup_change[], shard bigint)
returns table (grain text, bucket date, survey_id bigint, unit_id bigint, version_id bigint, channel text,
               criterion text, respondents bigint, s bigint, c bigint, ss bigint, cc bigint, sc bigint)
language sql stable as $$
  with per_key as (
    select p.day, p.survey_id, p.unit_id, p.version_id, p.channel, p.criterion,
           sum(p.sign) as respondents, sum(p.sign * p.s) as s, sum(p.sign * p.c) as c,
           sum(p.sign * p.s * p.s) as ss, sum(p.sign * p.c * p.c) as cc, sum(p.sign * p.s * p.c) as sc
    from rollup_change_clusters(changes) p
    group by 1, 2, 3, 4, 5, 6
  )
  select g.grain,
         case g.grain when 'day' then k.day else date_trunc('month', k.day)::date end,
         k.survey_id, u.unit_id, k.version_id, k.channel, k.criterion,
         sum(k.respondents)::bigint, sum(k.s)::bigint, sum(k.c)::bigint,
         sum(k.ss)::bigint, sum(k.cc)::bigint, sum(k.sc)::bigint
  from per_key k
  cross join lateral (values (k.unit_id), (shard)) u(unit_id)
  cross join (values ('day'), ('month')) g(grain)
  group by 1, 2, 3, 4, 5, 6, 7
$$;
