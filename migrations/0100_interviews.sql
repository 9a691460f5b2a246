-- Interviews (#12.4): a phone or in-person survey of people drawn from a list, which is what makes
-- a sampled survey rather than a self-selected one. Staff make a list of the selected people for a
-- unit and a survey, then record for each one what became of the call: completed (the answer is an
-- ordinary row of responses with channel 'interview', through the unit's 'interview' link, and the
-- interviewer as its operator), refused, not reached, or a call-back at an agreed time.
-- Personal data: only a label and a way to reach the person (`contact`), which is cleared as soon as
-- the person is done with (completed or refused), so the list never keeps a number it no longer needs.
create table interview_lists (
  id          bigint generated always as identity primary key,
  label       text not null check (length(label) between 1 and 120),
  survey_id   bigint not null references surveys (id),
  version_id  bigint not null references survey_versions (id),
  unit_id     bigint not null references units (id),
  link_id     bigint not null references links (id),
  mode        text not null default 'phone' check (mode in ('phone', 'in_person')),
  created_at  timestamptz not null default now(),
  created_by  bigint references users (id)
);
create index interview_lists_unit on interview_lists (unit_id, survey_id);

create table interview_contacts (
  id              bigint generated always as identity primary key,
  list_id         bigint not null references interview_lists (id),
  position        int not null,
  label           text not null check (length(label) between 1 and 120),
  contact         text check (length(contact) <= 60),
  status          text not null default 'pending'
                  check (status in ('pending', 'callback', 'not_reached', 'refused', 'completed')),
  attempts        int not null default 0,
  callback_at     timestamptz,
  refusal_reason  text check (length(refusal_reason) <= 300),
  response_id     uuid unique references responses (id),
  updated_at      timestamptz,
  updated_by      bigint references users (id),
  check ((status = 'completed') = (response_id is not null)),
  check ((status = 'callback') = (callback_at is not null)),
  unique (list_id, position)
);
create index interview_contacts_list on interview_contacts (list_id, status);

-- Every call or visit, so the response rate counts the people attempted, and a contact's history
-- (two missed calls, then a call-back, then an answer) stays readable.
create table interview_attempts (
  id              bigint generated always as identity primary key,
  contact_id      bigint not null references interview_contacts (id),
  outcome         text not null check (outcome in ('callback', 'not_reached', 'refused', 'completed')),
  at              timestamptz not null default now(),
  interviewer_id  bigint references users (id)
);
create index interview_attempts_contact on interview_attempts (contact_id, at);
