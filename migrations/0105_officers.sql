-- Officers (#12.5): the cán bộ, công chức at a unit's one-stop desk, so that a short service rating
-- can be attributed to the person who served. Officers need no login; one MAY be linked to a user
-- account so they can see their own results. Their results are never public (server/officers).
create table officers (
  id            bigint generated always as identity primary key,
  unit_id       bigint not null references units (id),
  display_name  text not null check (length(display_name) between 1 and 120),
  position      text not null default '' check (length(position) <= 120),
  active        boolean not null default true,
  user_id       bigint references users (id),
  created_at    timestamptz not null default now(),
  created_by    bigint references users (id),
  updated_at    timestamptz not null default now()
);
create index officers_unit on officers (unit_id, active);
create index officers_user on officers (user_id) where user_id is not null;

-- A link or kiosk is bound to one named officer (officer_id), or offers a choice of the unit's
-- active officers (officer_pick), or neither. Never both.
alter table links add column officer_id bigint references officers (id);
alter table links add column officer_pick boolean not null default false;
alter table links add constraint links_officer_one check (not (officer_pick and officer_id is not null));
alter table kiosks add column officer_id bigint references officers (id);
alter table kiosks add column officer_pick boolean not null default false;
alter table kiosks add constraint kiosks_officer_one check (not (officer_pick and officer_id is not null));

-- The officer an answer is attributed to; null for answers not about one person.
alter table responses add column officer_id bigint references officers (id);
create index responses_officer on responses (officer_id, survey_id) where officer_id is not null;
