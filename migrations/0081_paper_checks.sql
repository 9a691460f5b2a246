-- Double entry of paper sheets (#12.3): a second operator re-types a sample of entered sheets;
-- the second typing is kept here (never counted as an answer) and compared with the stored answer,
-- so mismatches can be listed for resolution against the paper.
create table paper_checks (
  serial      bigint primary key references paper_sheets (serial),
  answers     jsonb not null,
  comment     text,
  entered_by  bigint not null references users (id),
  entered_at  timestamptz not null default now()
);
