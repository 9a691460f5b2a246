-- Kiosks (#12.2): a tablet at a one-stop desk or a school's entrance, registered for one unit and one
-- survey. The tablet opens /k/{token}; only a hash of the token is stored, so the table never holds a
-- working key. Answers go through the unit's 'kiosk' link (channel 'kiosk') and name the kiosk.
-- A shared device must not trip the per-device burst and duplicate checks; instead a kiosk has a
-- minimum number of seconds between two answers (min_interval_s), below which an answer is held for review.
create table kiosks (
  id              bigint generated always as identity primary key,
  token_hash      text not null unique,
  label           text not null check (length(label) between 1 and 120),
  survey_id       bigint not null references surveys (id),
  unit_id         bigint not null references units (id),
  link_id         bigint not null references links (id),
  min_interval_s  int not null default 20 check (min_interval_s between 0 and 3600),
  created_at      timestamptz not null default now(),
  created_by      bigint references users (id),
  revoked_at      timestamptz,
  revoked_by      bigint references users (id)
);
create index kiosks_unit on kiosks (unit_id, survey_id);

alter table responses add column kiosk_id bigint references kiosks (id);
-- The guard reads the kiosk's latest answer.
create index responses_kiosk_time on responses (kiosk_id, submitted_at) where kiosk_id is not null;
