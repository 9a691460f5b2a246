-- Asynchronous, exact rollups (#10.1). Until now every INSERT/UPDATE/DELETE on responses upserted a few
-- dozen rollup rows inside its own statement, which cut the single-row insert rate roughly tenfold. Now the
-- statement triggers only append the change (the rollup_change of 0020: +1 for a row that appears, -1 for
-- one that goes away, with the values it had) to rollup_queue, one small row per response. A background
-- worker (server/rollups/worker.ts, one leader among the app instances by advisory lock) folds the queue
-- into the rollup tables in batches with rollup_fold(): it deletes the rows it takes and applies them in the
-- same transaction, so a crash mid-batch rolls both back and nothing is counted twice or lost.
--
-- Reads stay exact and current: the *_live views are each rollup table plus the expansion of the changes
-- still queued (the same delta functions the worker applies, from 0040), all in one statement's snapshot.
-- Readers sum rows by key, so a key present in both parts simply adds up.

create table rollup_queue (
  seq        bigint generated always as identity primary key,
  change     rollup_change not null,
  queued_at  timestamptz not null default now()
);

create or replace function responses_rollup_insert() returns trigger language plpgsql as $$
begin
  insert into rollup_queue (change)
  select row(n.survey_id, n.version_id, n.unit_id, n.channel, vn_day(n.submitted_at), n.answers,
             n.comment is not null, n.review_status, 1)::rollup_change
  from new_rows n;
  return null;
end $$;

-- As in 0020: an update that changes nothing the rollups see queues nothing; otherwise the row goes out
-- as it was and back in as it is.
create or replace function responses_rollup_update() returns trigger language plpgsql as $$
begin
  insert into rollup_queue (change)
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
  ) x;
  return null;
end $$;

create or replace function responses_rollup_delete() returns trigger language plpgsql as $$
begin
  insert into rollup_queue (change)
  select row(o.survey_id, o.version_id, o.unit_id, o.channel, vn_day(o.submitted_at), o.answers,
             o.comment is not null, o.review_status, -1)::rollup_change
  from old_rows o;
  return null;
end $$;

-- Folds up to batch_size of the oldest queued changes into the rollups; returns how many. SKIP LOCKED lets
-- a second folder (there should be none: the worker is a leader) take other rows instead of waiting.
create function rollup_fold(batch_size integer) returns integer language plpgsql as $$
declare
  changes rollup_change[];
begin
  with taken as (
    delete from rollup_queue q
     where q.seq in (select seq from rollup_queue order by seq limit batch_size for update skip locked)
    returning q.change
  )
  select array_agg(change) into changes from taken;
  if changes is null then
    return 0;
  end if;
  perform rollup_apply(changes);
  return cardinality(changes);
end $$;

-- The set-based rebuild reads the raw rows, which already hold every queued change: empty the queue in the
-- same transaction, after blocking writers, or those changes would count twice. The rebuild itself is
-- 0040's, renamed (a later migration that redefines it should redefine rollup_rebuild_tables).
alter function rollup_rebuild() rename to rollup_rebuild_tables;
create function rollup_rebuild() returns void language plpgsql as $$
begin
  lock table responses in share mode;
  lock table rollup_queue in exclusive mode;
  delete from rollup_queue;
  perform rollup_rebuild_tables();
end $$;

-- The pending changes, expanded once per statement that reads a live view.
create function rollup_pending() returns rollup_change[] language sql stable as $$
  select coalesce(array_agg(change order by seq), '{}') from rollup_queue
$$;

create view likert_rollups_live as
  select grain, bucket, survey_id, unit_id, version_id, channel, question_key, n1, n2, n3, n4, n5, nna
  from likert_rollups
  union all
  select grain, bucket, survey_id, unit_id, version_id, channel, question_key,
         n1::integer, n2::integer, n3::integer, n4::integer, n5::integer, nna::integer
  from rollup_likert_deltas(rollup_pending(), -1);

create view choice_rollups_live as
  select grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n
  from choice_rollups
  union all
  select grain, bucket, survey_id, unit_id, version_id, channel, question_key, value, n::integer
  from rollup_choice_deltas(rollup_pending(), -1);

create view respondent_rollups_live as
  select grain, bucket, survey_id, unit_id, version_id, channel, review_status,
         responses, respondents, satisfied_on_all, with_comment
  from respondent_rollups
  union all
  select grain, bucket, survey_id, unit_id, version_id, channel, review_status,
         responses::integer, respondents::integer, satisfied_on_all::integer, with_comment::integer
  from rollup_respondent_deltas(rollup_pending(), -1);

create view cluster_rollups_live as
  select grain, bucket, survey_id, unit_id, version_id, channel, criterion, respondents, s, c, ss, cc, sc
  from cluster_rollups
  union all
  select grain, bucket, survey_id, unit_id, version_id, channel, criterion, respondents::integer, s, c, ss, cc, sc
  from rollup_cluster_deltas(rollup_pending(), -1);

-- Changes made before this migration are already in the rollups (the old triggers applied them).
