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

-- Applies a set of changes (+1 for a row that appears, −1 for one that goes away). Rows are
-- aggregated first and upserted in primary-key order, so concurrent transactions lock rollup
-- rows in the same order and cannot deadlock on them.
create function rollup_apply(changes rollup_change[]) returns void language sql as $$
  with c as (select * from unnest(changes)),
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

-- Backfill the responses that already exist, in chunks so a large table never builds one huge array.
do $$
declare
  last_id uuid := '00000000-0000-0000-0000-000000000000';
  next_id uuid;
begin
  loop
    select id into next_id from (
      select id from responses where id > last_id order by id limit 20000) s order by id desc limit 1;
    exit when next_id is null;
    perform rollup_apply(array(
      select row(r.survey_id, r.version_id, r.unit_id, r.channel, vn_day(r.submitted_at), r.answers,
                 r.comment is not null, r.review_status, 1)::rollup_change
      from responses r where r.id > last_id and r.id <= next_id));
    last_id := next_id;
  end loop;
end $$;

-- Comments are listed newest first per survey; most responses have none.
create index responses_comment_idx on responses (survey_id, submitted_at desc) where comment is not null;
