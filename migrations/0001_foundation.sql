-- Foundation: units, surveys and their immutable versions, QR links, responses, users and sessions.

create table units (
  id          bigint generated always as identity primary key,
  code        text not null unique,
  name        text not null,
  kind        text not null check (kind in ('department', 'office', 'school', 'ward', 'other')),
  level       text check (level in ('mam_non', 'tieu_hoc', 'thcs', 'thpt', 'gdtx')),
  parent_id   bigint references units (id),
  ward        text,
  enrolment   integer check (enrolment is null or enrolment >= 0),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  check (kind <> 'school' or level is not null)
);
create index units_parent_idx on units (parent_id);
create index units_level_idx on units (level);
create index units_ward_idx on units (ward);

create table surveys (
  id          bigint generated always as identity primary key,
  slug        text not null unique,
  family      text,
  kind        text not null check (kind in ('administrative', 'education', 'consultation')),
  level       text,
  title_vi    text not null,
  title_en    text,
  target      numeric(5, 4) not null check (target > 0 and target <= 1),
  created_at  timestamptz not null default now()
);

-- A published version never changes: its definition is the exact JSON that was hashed.
create table survey_versions (
  id            bigint generated always as identity primary key,
  survey_id     bigint not null references surveys (id),
  number        integer not null check (number > 0),
  content_hash  text not null,
  definition    jsonb not null,
  source_file   text not null,
  published_at  timestamptz not null default now(),
  published_by  text,
  retired_at    timestamptz,
  unique (survey_id, number),
  unique (survey_id, content_hash)
);

create function survey_versions_immutable() returns trigger language plpgsql as $$
begin
  if new.definition is distinct from old.definition or new.content_hash is distinct from old.content_hash
     or new.number is distinct from old.number or new.survey_id is distinct from old.survey_id then
    raise exception 'survey versions are immutable';
  end if;
  return new;
end $$;
create trigger survey_versions_immutable before update on survey_versions
  for each row execute function survey_versions_immutable();

create table links (
  id          bigint generated always as identity primary key,
  code        text not null unique,
  survey_id   bigint not null references surveys (id),
  unit_id     bigint not null references units (id),
  channel     text not null default 'qr' check (channel ~ '^[a-z][a-z0-9_]{0,31}$'),
  created_at  timestamptz not null default now(),
  created_by  bigint,
  retired_at  timestamptz
);
create index links_survey_unit_idx on links (survey_id, unit_id);
create unique index links_active_unique on links (survey_id, unit_id, channel) where retired_at is null;

create table responses (
  id             uuid primary key,
  survey_id      bigint not null references surveys (id),
  version_id     bigint not null references survey_versions (id),
  unit_id        bigint not null references units (id),
  link_id        bigint references links (id),
  channel        text not null,
  answers        jsonb not null,
  comment        text,
  started_at     timestamptz,
  submitted_at   timestamptz not null default now(),
  -- sha256 of the canonical body: a replay with the same id must carry the same body.
  body_hash      text not null,
  -- keyed hashes only; never a raw IP or device token.
  device_hash    text,
  ip_hash        text,
  flags          text[] not null default '{}',
  review_status  text not null default 'accepted' check (review_status in ('accepted', 'pending', 'rejected')),
  reviewed_by    bigint,
  reviewed_at    timestamptz
);
create index responses_survey_time_idx on responses (survey_id, submitted_at);
create index responses_unit_time_idx on responses (unit_id, submitted_at);
create index responses_pending_idx on responses (survey_id) where review_status = 'pending';

create table users (
  id                     bigint generated always as identity primary key,
  email                  text not null,
  display_name           text not null default '',
  password_hash          text not null,
  must_change_password   boolean not null default false,
  created_at             timestamptz not null default now(),
  disabled_at            timestamptz
);
create unique index users_email_unique on users (lower(email));

-- A role applies to a unit and its sub-units; admin and analyst are global (unit_id null).
create table user_roles (
  id        bigint generated always as identity primary key,
  user_id   bigint not null references users (id) on delete cascade,
  role      text not null check (role in ('admin', 'analyst', 'unit_manager')),
  unit_id   bigint references units (id),
  check ((role = 'unit_manager') = (unit_id is not null))
);
create unique index user_roles_unique on user_roles (user_id, role, coalesce(unit_id, 0));

-- The session id stored is a hash of the cookie token, so a database leak does not leak sessions.
create table sessions (
  id            text primary key,
  user_id       bigint not null references users (id) on delete cascade,
  created_at    timestamptz not null default now(),
  last_seen_at  timestamptz not null default now(),
  expires_at    timestamptz not null,
  csrf_token    text not null
);
create index sessions_user_idx on sessions (user_id);

-- Secrets the instance makes for itself on first start (e.g. the key for hashing device tokens).
create table app_secrets (
  name        text primary key,
  value       text not null,
  created_at  timestamptz not null default now()
);
