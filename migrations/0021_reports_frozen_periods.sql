-- Certified (frozen) report periods and analytics settings.

-- A frozen period keeps the figures of its report as they were when an administrator certified
-- them, so late answers never change a published report. `selector` names what the report covers:
-- a survey slug, 'family:<family>', or '*' for every survey.
create table frozen_periods (
  id               bigint generated always as identity primary key,
  period_code      text not null,
  selector         text not null,
  snapshot         jsonb not null,
  frozen_at        timestamptz not null default now(),
  frozen_by        bigint,
  frozen_by_label  text,
  unique (period_code, selector)
);

create function frozen_periods_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'frozen periods cannot be changed';
end $$;
create trigger frozen_periods_no_update before update on frozen_periods
  for each row execute function frozen_periods_immutable();

-- Small named settings (e.g. the default CCHC points scale), edited by administrators.
create table analytics_settings (
  name        text primary key,
  value       jsonb not null,
  updated_at  timestamptz not null default now(),
  updated_by  bigint
);
insert into analytics_settings (name, value)
values ('cchc', '{"maxPoints": 1, "scale": {"kind": "proportional"}}');
