-- Monthly partitions of responses (#10.5; docs/scaling.md, "Step 3: partitions"). `responses` becomes
-- partitioned by range of submitted_at in local (Asia/Ho_Chi_Minh) months, so that retention is a
-- DETACH PARTITION of a month rather than a long DELETE (which would also queue one -1 per answer), and
-- vacuum and index upkeep work month by month.
--
-- A primary key of a partitioned table must contain the partition key, so it is (id, submitted_at), and
-- the client's id (the idempotency key, unique across all months) is claimed in response_ids, which the
-- submission path writes in the same statement as the row (server/responses/insert.ts). Any other insert
-- (the demo seed, tests, a bulk load) is claimed by a statement trigger; a second answer under an id
-- already claimed is refused as the plain table's primary key refused it. A month detached by retention
-- keeps its ids here, so a late retry of an archived answer is still recognised as a replay.
--
-- There is no default partition: it would forbid DETACH … CONCURRENTLY and make every new month scan
-- it. Months are made ahead by responses_create_partitions (the rollup worker's leader keeps three
-- months ahead; the insert path makes the current month itself if it is missing).

-- 1. The plain table steps aside with its triggers (they must not queue the rows copied below) and the one
--    foreign key that points at it.
alter table interview_contacts drop constraint interview_contacts_response_id_fkey;
drop trigger responses_rollup_insert on responses;
drop trigger responses_rollup_update on responses;
drop trigger responses_rollup_delete on responses;
alter table responses rename to responses_unpartitioned;
alter index responses_pkey rename to responses_unpartitioned_pkey;
drop index responses_survey_time_idx, responses_unit_time_idx, responses_pending_idx, responses_device_idx,
  responses_comment_idx, responses_kiosk_time, responses_officer;

-- 2. The same columns (in the same order), checks, foreign keys and indexes, on the partitioned parent.
create table responses (
  id             uuid not null,
  survey_id      bigint not null references surveys (id),
  version_id     bigint not null references survey_versions (id),
  unit_id        bigint not null references units (id),
  link_id        bigint references links (id),
  channel        text not null,
  answers        jsonb not null,
  comment        text,
  started_at     timestamptz,
  submitted_at   timestamptz not null default now(),
  body_hash      text not null,
  device_hash    text,
  ip_hash        text,
  flags          text[] not null default '{}',
  review_status  text not null default 'accepted' check (review_status in ('accepted', 'pending', 'rejected')),
  reviewed_by    bigint,
  reviewed_at    timestamptz,
  operator_id    bigint references users (id),
  kiosk_id       bigint references kiosks (id),
  officer_id     bigint references officers (id),
  primary key (id, submitted_at)
) partition by range (submitted_at);
create index responses_survey_time_idx on responses (survey_id, submitted_at);
create index responses_unit_time_idx on responses (unit_id, submitted_at);
create index responses_pending_idx on responses (survey_id) where review_status = 'pending';
create index responses_device_idx on responses (device_hash, survey_id, unit_id, submitted_at)
  where device_hash is not null;
create index responses_comment_idx on responses (survey_id, submitted_at desc) where comment is not null;
create index responses_kiosk_time on responses (kiosk_id, submitted_at) where kiosk_id is not null;
create index responses_officer on responses (officer_id, survey_id) where officer_id is not null;

-- Every answer's id, whatever its month: the idempotency key, and what other tables reference.
create table response_ids (
  id            uuid primary key,
  submitted_at  timestamptz not null
);

-- The local month of an instant, as the first day of that month.
create function vn_month(at timestamptz) returns date language sql immutable parallel safe as $$
  select date_trunc('month', at at time zone 'Asia/Ho_Chi_Minh')::date
$$;

-- Makes the month partitions (responses_YYYY_MM, local months) from from_at's month to to_at's, those
-- missing; returns how many it made. Each is made apart and then attached: ATTACH takes a SHARE UPDATE
-- EXCLUSIVE lock on responses, which neither blocks nor waits for answers and reads, where CREATE TABLE
-- … PARTITION OF would take an ACCESS EXCLUSIVE one. The transaction advisory lock is
-- LOCKS.responsePartitions (server/db/locks.ts): two instances never make the same month at once.
create function responses_create_partitions(from_at timestamptz, to_at timestamptz) returns integer
language plpgsql as $$
declare
  m date := vn_month(from_at);
  made integer := 0;
  part text;
begin
  if to_at - from_at > interval '50 years' then
    raise exception 'responses_create_partitions: % to % is not a sensible range', from_at, to_at;
  end if;
  perform pg_advisory_xact_lock(727461160);
  while m <= vn_month(to_at) loop
    part := 'responses_' || to_char(m, 'YYYY_MM');
    if not exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
                    where i.inhparent = 'responses'::regclass and c.relname = part) then
      if to_regclass(part) is not null then
        -- A month detached by retention but not yet moved to response_archive (server/responses/partitions.ts).
        raise exception 'table % exists but is not a partition of responses', part;
      end if;
      execute format('create table %I (like responses including defaults including constraints including indexes)', part);
      execute format('alter table responses attach partition %I for values from (%L) to (%L)', part,
                     m::timestamp at time zone 'Asia/Ho_Chi_Minh',
                     (m + interval '1 month')::timestamp at time zone 'Asia/Ho_Chi_Minh');
      made := made + 1;
    end if;
    m := m + interval '1 month';
  end loop;
  return made;
end $$;

-- 3. The rows move over, from the oldest answer's month to three months ahead.
select responses_create_partitions(coalesce(min(submitted_at), now()), now() + interval '3 months')
  from responses_unpartitioned;
insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, comment, started_at,
                       submitted_at, body_hash, device_hash, ip_hash, flags, review_status, reviewed_by,
                       reviewed_at, operator_id, kiosk_id, officer_id)
select id, survey_id, version_id, unit_id, link_id, channel, answers, comment, started_at,
       submitted_at, body_hash, device_hash, ip_hash, flags, review_status, reviewed_by,
       reviewed_at, operator_id, kiosk_id, officer_id
  from responses_unpartitioned;
insert into response_ids (id, submitted_at) select id, submitted_at from responses_unpartitioned;
drop table responses_unpartitioned;
alter table interview_contacts add constraint interview_contacts_response_id_fkey
  foreign key (response_id) references response_ids (id);

-- 4. The rollup queue's triggers (0060's functions), on the parent: statement triggers with transition
--    tables see the rows of every partition (they are not allowed on the partitions themselves).
create trigger responses_rollup_insert after insert on responses
  referencing new table as new_rows for each statement execute function responses_rollup_insert();
create trigger responses_rollup_update after update on responses
  referencing old table as old_rows new table as new_rows for each statement execute function responses_rollup_update();
create trigger responses_rollup_delete after delete on responses
  referencing old table as old_rows for each statement execute function responses_rollup_delete();

-- 5. response_ids follows the rows. An insert that did not claim its ids (anything but the submission
--    path) claims them here; an id already claimed for another instant is a second answer under that id.
create function response_ids_claim() returns trigger language plpgsql as $$
begin
  insert into response_ids (id, submitted_at) select n.id, n.submitted_at from new_rows n
  on conflict (id) do nothing;
  if exists (select 1 from new_rows n join response_ids i on i.id = n.id where i.submitted_at <> n.submitted_at) then
    raise exception 'duplicate key value violates unique constraint "response_ids_pkey"'
      using errcode = 'unique_violation', constraint = 'response_ids_pkey', table = 'response_ids';
  end if;
  return null;
end $$;

-- An answer moved in time (a correction) moves its claim; ids themselves never change.
create function response_ids_follow() returns trigger language plpgsql as $$
begin
  if exists (select 1 from new_rows n where not exists (select 1 from old_rows o where o.id = n.id)) then
    raise exception 'the id of a response never changes';
  end if;
  update response_ids i set submitted_at = n.submitted_at
    from new_rows n where i.id = n.id and i.submitted_at <> n.submitted_at;
  return null;
end $$;

-- A deleted answer frees its id (a month detached by retention does not: DETACH fires no trigger).
create function response_ids_forget() returns trigger language plpgsql as $$
begin
  delete from response_ids i using old_rows o where i.id = o.id and i.submitted_at = o.submitted_at;
  return null;
end $$;

create trigger response_ids_claim after insert on responses
  referencing new table as new_rows for each statement execute function response_ids_claim();
create trigger response_ids_follow after update on responses
  referencing old table as old_rows new table as new_rows for each statement execute function response_ids_follow();
create trigger response_ids_forget after delete on responses
  referencing old table as old_rows for each statement execute function response_ids_forget();

-- 6. Retention (RESPONSE_RETENTION_MONTHS; server/responses/partitions.ts): a month older than the
--    setting is detached and moved to the schema response_archive, where backups still read it
--    (server/db/backup.ts), and is dropped after a grace period or on command (docs/operations.md).
create schema response_archive;
create table response_archives (
  table_name   text primary key,
  month        date not null,
  rows         bigint not null,
  detached_at  timestamptz not null default now(),
  dropped_at   timestamptz
);
