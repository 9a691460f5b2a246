-- Campaigns (đợt khảo sát, #12.7). A survey that has at least one campaign "runs as a campaign": its
-- links and kiosks take answers only on the local dates (Asia/Ho_Chi_Minh) of one of its campaigns,
-- both ends included. A survey without campaigns is unchanged. Each campaign may name a target
-- interval half-width (in percentage points) and a design effect, from which the platform suggests
-- per-unit quotas (domain/sample-size.ts); the quotas themselves are whatever the admin accepted.
create table campaigns (
  id             bigint generated always as identity primary key,
  survey_id      bigint not null references surveys (id),
  name           text not null check (length(name) between 1 and 160),
  opens_on       date not null,
  closes_on      date not null,
  margin_points  numeric(4, 1) check (margin_points is null or (margin_points >= 0.5 and margin_points <= 25)),
  design_effect  numeric(4, 2) not null default 1 check (design_effect >= 1 and design_effect <= 10),
  created_at     timestamptz not null default now(),
  created_by     bigint references users (id),
  updated_at     timestamptz not null default now(),
  check (closes_on >= opens_on)
);
-- The form and the submission read a survey's campaigns on every request.
create index campaigns_survey_idx on campaigns (survey_id, opens_on);

create table campaign_quotas (
  campaign_id  bigint not null references campaigns (id) on delete cascade,
  unit_id      bigint not null references units (id),
  quota        integer not null check (quota between 1 and 1000000),
  primary key (campaign_id, unit_id)
);
