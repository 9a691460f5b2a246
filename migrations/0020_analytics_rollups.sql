-- Analytics rollups: counts of answers kept up to date in the same transaction as every change to
-- responses, so the summary sums a few thousand rollup rows instead of scanning every response.
-- The design is described in docs/analytics.md.

-- The Vietnam local date of an instant. Vietnam keeps UTC+7 all year, so a fixed offset is exact
-- and, unlike AT TIME ZONE 'Asia/Ho_Chi_Minh', needs no tz database and is truly immutable.
create function vn_day(at timestamptz) returns date language sql immutable parallel safe as $$
  select ((at at time zone 'UTC') + interval '7 hours')::date
$$;

-- The questions of each published version, by key: the rollup trigger needs the type of each
-- answer (a Likert 4 and a single-choice option are both JSON scalars). Versions are immutable,
-- so this is filled once per version, by trigger.
create table version_questions (
  version_id    bigint not null references survey_versions (id),
  question_key  text not null,
  type          text not null,
  criterion     text not null,
  primary key (version_id, question_key)
);

create function version_questions_fill() returns trigger language plpgsql as $$
begin
  insert into version_questions (version_id, question_key, type, criterion)
  select new.id, q->>'key', q->>'type', q->>'criterion'
  from jsonb_array_elements(new.definition->'questions') q
  on conflict do nothing;
  return null;
end $$;
create trigger version_questions_fill after insert on survey_versions
  for each row execute function version_questions_fill();

insert into version_questions (version_id, question_key, type, criterion)
select v.id, q->>'key', q->>'type', q->>'criterion'
from survey_versions v, jsonb_array_elements(v.definition->'questions') q
on conflict do nothing;

-- Every rollup exists at two grains: 'day' (Vietnam local date) and 'month' (first day of the
-- local month). A period of whole months (quarters, halves, years) reads only month rows; a custom
-- range reads month rows for its whole months and day rows for the days at its edges.

-- Likert answers of ACCEPTED responses: one row per bucket × survey × unit × version × channel × key.
create table likert_rollups (
  grain         text not null check (grain in ('day', 'month')),
  bucket        date not null,
  survey_id     bigint not null,
  unit_id       bigint not null,
  version_id    bigint not null,
  channel       text not null,
  question_key  text not null,
  n1 integer not null default 0,
  n2 integer not null default 0,
  n3 integer not null default 0,
  n4 integer not null default 0,
  n5 integer not null default 0,
  nna integer not null default 0,
  primary key (survey_id, grain, bucket, unit_id, version_id, channel, question_key)
);

-- Yes/no and single-choice answers of ACCEPTED responses, one row per value.
create table choice_rollups (
  grain         text not null check (grain in ('day', 'month')),
  bucket        date not null,
  survey_id     bigint not null,
  unit_id       bigint not null,
  version_id    bigint not null,
  channel       text not null,
  question_key  text not null,
  value         text not null,
  n integer not null default 0,
  primary key (survey_id, grain, bucket, unit_id, version_id, channel, question_key, value)
);

-- Responses (all review statuses, so pending ones can be counted without scanning), and for the
-- comprehensive rate: respondents who answered at least one Likert question 1–5, and those of them
-- who answered 4 or 5 on every one they answered.
create table respondent_rollups (
  grain             text not null check (grain in ('day', 'month')),
  bucket            date not null,
  survey_id         bigint not null,
  unit_id           bigint not null,
  version_id        bigint not null,
  channel           text not null,
  review_status     text not null,
  responses         integer not null default 0,
  respondents       integer not null default 0,
  satisfied_on_all  integer not null default 0,
  with_comment      integer not null default 0,
  primary key (survey_id, grain, bucket, unit_id, version_id, channel, review_status)
);

-- The primary keys lead with the survey; summaries filtered by unit, level, ward or a manager's
-- scope read only a few units' rows, so each table also has an index that leads with unit_id.
create index likert_rollups_unit_idx on likert_rollups (unit_id, survey_id, grain, bucket);
create index choice_rollups_unit_idx on choice_rollups (unit_id, survey_id, grain, bucket);
create index respondent_rollups_unit_idx on respondent_rollups (unit_id, survey_id, grain, bucket);

-- "All units" rows. A summary of the whole Sở (no unit, level, ward or scope filter) would otherwise
-- sum one rollup row per unit: at a city's ~900 units, 12 months and ~18 questions that is ~200,000
-- rows per request. So every change is also counted under a pseudo-unit with a NEGATIVE id (no real
-- unit has one): unfiltered summaries read only those rows (a few thousand a year), filtered ones only
-- real units. The pseudo-unit is one of 8 shards, -1 to -8, chosen by the writing connection, so
-- concurrent submissions do not all queue on the same rollup row; readers add the shards up.

create type rollup_change as (
  survey_id      bigint,
  version_id     bigint,
  unit_id        bigint,
  channel        text,
  day            date,
  answers        jsonb,
  has_comment    boolean,
  review_status  text,
  sign           integer
);

-- Applies a set of changes (+1 for a row that appears, −1 for one that goes away) to every rollup,
-- under the change's unit and under the writing connection's all-units shard. Rows are aggregated
-- first and upserted in primary-key order, so concurrent transactions lock rollup rows in the same
-- order and cannot deadlock on them.
-- PL/pgSQL rather than SQL: its plans are cached per connection, so a single-row insert does not
-- re-plan these statements every time.
create function rollup_apply(changes rollup_change[]) returns void language plpgsql as $$
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

-- Statement-level triggers with transition tables: one call per INSERT/UPDATE/DELETE/COPY
-- statement, however many rows it touched.
create function responses_rollup_insert() returns trigger language plpgsql as $$
begin
  perform rollup_apply(array(
    select row(n.survey_id, n.version_id, n.unit_id, n.channel, vn_day(n.submitted_at), n.answers,
               n.comment is not null, n.review_status, 1)::rollup_change
    from new_rows n));
  return null;
end $$;

-- An update moves a response out of the rollups as it was and back in as it is: a review that
-- accepts a pending response adds its answers, a rejection of an accepted one removes them.
-- Updates that change nothing the rollups see (e.g. reviewed_at alone) do no work.
create function responses_rollup_update() returns trigger language plpgsql as $$
begin
  perform rollup_apply(array(
    select row(x.survey_id, x.version_id, x.unit_id, x.channel, vn_day(x.submitted_at), x.answers,
               x.comment is not null, x.review_status, x.sign)::rollup_change
    from (
      select o.*, -1 as sign from old_rows o join new_rows n using (id)
       where (o.survey_id, o.version_id, o.unit_id, o.channel, o.submitted_at, o.answers, o.comment is null, o.review_status)
             is distinct from
             (n.survey_id, n.version_id, n.unit_id, n.channel, n.submitted_at, n.answers, n.comment is null, n.review_status)
      union all
      select n.*, 1 as sign from old_rows o join new_rows n using (id)
       where (o.survey_id, o.version_id, o.unit_id, o.channel, o.submitted_at, o.answers, o.comment is null, o.review_status)
             is distinct from
             (n.survey_id, n.version_id, n.unit_id, n.channel, n.submitted_at, n.answers, n.comment is null, n.review_status)
    ) x));
  return null;
end $$;

create function responses_rollup_delete() returns trigger language plpgsql as $$
begin
  perform rollup_apply(array(
    select row(o.survey_id, o.version_id, o.unit_id, o.channel, vn_day(o.submitted_at), o.answers,
               o.comment is not null, o.review_status, -1)::rollup_change
    from old_rows o));
  return null;
end $$;

create trigger responses_rollup_insert after insert on responses
  referencing new table as new_rows for each statement execute function responses_rollup_insert();
create trigger responses_rollup_update after update on responses
  referencing old table as old_rows new table as new_rows for each statement execute function responses_rollup_update();
create trigger responses_rollup_delete after delete on responses
  referencing old table as old_rows for each statement execute function responses_rollup_delete();

-- Recomputes every rollup from the raw responses, set-based and in stages (day rows per unit from
-- the raw answers; month rows from the day rows; the all-units shards from the real units), with no
-- upserts: after a bulk load with the triggers disabled, or to repair (`select rollup_rebuild()`).
-- It blocks writers meanwhile. The shards here are chosen by unit (any split is correct: readers
-- add the shards up).
create function rollup_rebuild() returns void language plpgsql as $$
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

-- Comments are listed newest first per survey; most responses have none.
create index responses_comment_idx on responses (survey_id, submitted_at desc) where comment is not null;

-- Count the responses that already exist (none on a fresh database).
select rollup_rebuild();
