-- Paper questionnaires (#12.3). Staff print a batch of numbered sheets for one unit and one
-- published version, then type the returned sheets in. Each serial is issued here so that entry
-- can check it (known, of this batch, not entered yet), and is bound to the one answer made from it.
-- The answer itself is an ordinary row of responses, with channel 'paper' (through the unit's
-- 'paper' link) and the staff member who typed it as its operator.
alter table responses add column operator_id bigint references users (id);

create table paper_batches (
  id          bigint generated always as identity primary key,
  survey_id   bigint not null references surveys (id),
  version_id  bigint not null references survey_versions (id),
  unit_id     bigint not null references units (id),
  link_id     bigint not null references links (id),
  sheets      int not null check (sheets between 1 and 500),
  created_at  timestamptz not null default now(),
  created_by  bigint references users (id)
);
create index paper_batches_unit on paper_batches (unit_id, survey_id);

-- Serials are plain numbers (typed fast on a keypad), unique across batches.
create table paper_sheets (
  serial      bigint generated always as identity (start with 100001) primary key,
  batch_id    bigint not null references paper_batches (id),
  response_id uuid unique,
  entered_by  bigint references users (id),
  entered_at  timestamptz,
  check ((response_id is null) = (entered_at is null))
);
create index paper_sheets_batch on paper_sheets (batch_id);
