-- "All units" rollup rows, and a set-based rebuild of the rollups.
--
-- A summary of the whole Sở (no unit, level, ward or scope filter) would otherwise sum one rollup row
-- per unit: at a city's ~900 units, 12 months and ~18 questions that is ~200,000 rows per request.
-- So every change is also counted under a pseudo-unit with a NEGATIVE id (no real unit has one):
-- unfiltered summaries read only those rows (a few thousand a year), filtered ones only real units.
-- The pseudo-unit is one of 8 shards chosen by the writing connection, so concurrent submissions do
-- not all queue on the same rollup row; readers add the shards up.

create or replace function rollup_apply(changes rollup_change[]) returns void language sql as $$
  with c0 as (select * from unnest(changes)),
  -- Each change counts for its unit and for one all-units shard.
  c as (
    select c0.survey_id, c0.version_id, u.unit_id, c0.channel, c0.day, c0.answers, c0.has_comment, c0.review_status, c0.sign
    from c0 cross join lateral (values (c0.unit_id), (-1 - pg_backend_pid() % 8)) u(unit_id)
  ),
  g(grain) as (values ('day'), ('month')),
  ans as (
    select c.survey_id, c.version_id, c.unit_id, c.channel, c.day, c.review_status, c.sign, a.key, a.value, q.type
    from c cross join lateral jsonb_each(c.answers) a
    join version_questions q on q.version_id = c.version_id and q.question_key = a.key
  ),
  likert as (
    insert into likert_rollups as t
      (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
    select g.grain,
           case g.grain when 'day' then ans.day else date_trunc('month', ans.day)::date end,
           ans.survey_id, ans.unit_id, ans.version_id, ans.channel, ans.key,
           coalesce(sum(ans.sign) filter (where ans.value = '1'), 0),
           coalesce(sum(ans.sign) filter (where ans.value = '2'), 0),
           coalesce(sum(ans.sign) filter (where ans.value = '3'), 0),
           coalesce(sum(ans.sign) filter (where ans.value = '4'), 0),
           coalesce(sum(ans.sign) filter (where ans.value = '5'), 0),
           coalesce(sum(ans.sign) filter (where ans.value = '"na"'), 0)
    from ans cross join g
    where ans.type = 'likert5' and ans.review_status = 'accepted'
    group by 1, 2, 3, 4, 5, 6, 7
    order by 3, 1, 2, 4, 5, 6, 7
    on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key) do update set
      n1 = t.n1 + excluded.n1, n2 = t.n2 + excluded.n2, n3 = t.n3 + excluded.n3,
      n4 = t.n4 + excluded.n4, n5 = t.n5 + excluded.n5, nna = t.nna + excluded.nna
    returning 1
  ),
  choice as (
    insert into choice_rollups as t (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
    select g.grain,
           case g.grain when 'day' then ans.day else date_trunc('month', ans.day)::date end,
           ans.survey_id, ans.unit_id, ans.version_id, ans.channel, ans.key, ans.value #>> '{}', sum(ans.sign)
    from ans cross join g
    where ans.type in ('yes_no', 'single_choice') and ans.review_status = 'accepted'
      and jsonb_typeof(ans.value) in ('string', 'boolean')
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 3, 1, 2, 4, 5, 6, 7, 8
    on conflict (survey_id, grain, bucket, unit_id, version_id, channel, question_key, value) do update set
      n = t.n + excluded.n
    returning 1
  ),
  per_response as (
    select c.*,
      (select count(*) from jsonb_each(c.answers) a
         join version_questions q on q.version_id = c.version_id and q.question_key = a.key and q.type = 'likert5'
        where a.value in ('1', '2', '3', '4', '5')) as answered,
      (select count(*) from jsonb_each(c.answers) a
         join version_questions q on q.version_id = c.version_id and q.question_key = a.key and q.type = 'likert5'
        where a.value in ('1', '2', '3')) as unsatisfied
    from c
  ),
  resp as (
    insert into respondent_rollups as t
      (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
       responses, respondents, satisfied_on_all, with_comment)
    select g.grain,
           case g.grain when 'day' then p.day else date_trunc('month', p.day)::date end,
           p.survey_id, p.unit_id, p.version_id, p.channel, p.review_status,
           sum(p.sign),
           coalesce(sum(p.sign) filter (where p.answered > 0), 0),
           coalesce(sum(p.sign) filter (where p.answered > 0 and p.unsatisfied = 0), 0),
           coalesce(sum(p.sign) filter (where p.has_comment), 0)
    from per_response p cross join g
    group by 1, 2, 3, 4, 5, 6, 7
    order by 3, 1, 2, 4, 5, 6, 7
    on conflict (survey_id, grain, bucket, unit_id, version_id, channel, review_status) do update set
      responses = t.responses + excluded.responses,
      respondents = t.respondents + excluded.respondents,
      satisfied_on_all = t.satisfied_on_all + excluded.satisfied_on_all,
      with_comment = t.with_comment + excluded.with_comment
    returning 1
  )
  select (select count(*) from likert) + (select count(*) from choice) + (select count(*) from resp) > -1;
$$;

-- Recomputes every rollup from the raw responses in one set-based pass (plain INSERT … GROUP BY,
-- no upserts): after a bulk load with the triggers disabled, or to repair. Run it in a transaction
-- that also blocks writers (it takes an exclusive lock on responses), e.g. `select rollup_rebuild()`.
create function rollup_rebuild() returns void language plpgsql as $$
begin
  lock table responses in share mode;
  truncate likert_rollups, choice_rollups, respondent_rollups;
  create temp table rollup_rebuild_src on commit drop as
    select r.survey_id, r.version_id, r.channel, vn_day(r.submitted_at) as day, r.answers,
           r.comment is not null as has_comment, r.review_status, u.unit_id
    from responses r
    cross join lateral (values (r.unit_id), (-1 - abs(hashtext(r.id::text)) % 8)) u(unit_id);

  insert into likert_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna)
  select g.grain, case g.grain when 'day' then s.day else date_trunc('month', s.day)::date end,
         s.survey_id, s.unit_id, s.version_id, s.channel, a.key,
         count(*) filter (where a.value = '1'), count(*) filter (where a.value = '2'),
         count(*) filter (where a.value = '3'), count(*) filter (where a.value = '4'),
         count(*) filter (where a.value = '5'), count(*) filter (where a.value = '"na"')
  from rollup_rebuild_src s
  cross join lateral jsonb_each(s.answers) a
  join version_questions q on q.version_id = s.version_id and q.question_key = a.key and q.type = 'likert5'
  cross join (values ('day'), ('month')) g(grain)
  where s.review_status = 'accepted'
  group by 1, 2, 3, 4, 5, 6, 7;

  insert into choice_rollups (grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n)
  select g.grain, case g.grain when 'day' then s.day else date_trunc('month', s.day)::date end,
         s.survey_id, s.unit_id, s.version_id, s.channel, a.key, a.value #>> '{}', count(*)
  from rollup_rebuild_src s
  cross join lateral jsonb_each(s.answers) a
  join version_questions q on q.version_id = s.version_id and q.question_key = a.key
   and q.type in ('yes_no', 'single_choice')
  cross join (values ('day'), ('month')) g(grain)
  where s.review_status = 'accepted' and jsonb_typeof(a.value) in ('string', 'boolean')
  group by 1, 2, 3, 4, 5, 6, 7, 8;

  insert into respondent_rollups (grain, bucket, survey_id, unit_id, version_id, channel, review_status,
                                  responses, respondents, satisfied_on_all, with_comment)
  select g.grain, case g.grain when 'day' then p.day else date_trunc('month', p.day)::date end,
         p.survey_id, p.unit_id, p.version_id, p.channel, p.review_status,
         count(*), count(*) filter (where p.answered > 0),
         count(*) filter (where p.answered > 0 and p.unsatisfied = 0), count(*) filter (where p.has_comment)
  from (
    select s.*,
      (select count(*) from jsonb_each(s.answers) a join version_questions q on q.version_id = s.version_id
         and q.question_key = a.key and q.type = 'likert5' where a.value in ('1', '2', '3', '4', '5')) as answered,
      (select count(*) from jsonb_each(s.answers) a join version_questions q on q.version_id = s.version_id
         and q.question_key = a.key and q.type = 'likert5' where a.value in ('1', '2', '3')) as unsatisfied
    from rollup_rebuild_src s
  ) p
  cross join (values ('day'), ('month')) g(grain)
  group by 1, 2, 3, 4, 5, 6, 7;
  drop table rollup_rebuild_src;
end $$;

select rollup_rebuild();
