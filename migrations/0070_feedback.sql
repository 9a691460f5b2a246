-- Feedback and recommendations (phản ánh, kiến nghị), issue 13: items with a public tracking code,
-- their handling history, photos, the settings of deadlines and retention, and the extra days of
-- the working-day calendar (the built-in public holidays live in domain/holidays-vn.ts).

create table feedback_items (
  -- The client's id: the idempotency key of POST /api/v1/public/feedback.
  id              uuid primary key,
  -- Short, unguessable, printed to the citizen; looked up in upper case.
  code            text not null unique check (code ~ '^[2-9A-HJKMNP-Z]{8}$'),
  body_hash       text not null,
  -- The unit responsible now (transfers change it); origin_unit_id is the one the citizen named.
  unit_id         bigint not null references units (id),
  origin_unit_id  bigint not null references units (id),
  category        text not null check (category in ('thu_tuc_hanh_chinh', 'hoc_phi_va_khoan_thu', 'co_so_vat_chat',
                                                   'thai_do_phuc_vu', 'an_toan_truong_hoc', 'khac')),
  content         text not null,
  channel         text not null check (channel in ('web', 'survey', 'hotline', 'email', 'letter', 'in_person')),
  -- Personal data: only the item's handlers and admins read it; the retention job clears it.
  contact         jsonb,
  consent         boolean not null default false,
  status          text not null default 'new'
                  check (status in ('new', 'accepted', 'in_progress', 'answered', 'closed', 'transferred', 'not_competent')),
  -- The answer to the citizen (or, when not competent, the reason), shown on the status page.
  reply           text,
  replied_at      timestamptz,
  -- The last local day to answer, in working days from the day of receipt (domain/working-days.ts).
  deadline        date not null,
  escalated_at    timestamptz,
  escalated_to    bigint references units (id),
  -- Honeypot filled: kept (the sender sees a normal answer) but out of the handling queue and metrics.
  spam            boolean not null default false,
  created_at      timestamptz not null default now(),
  created_by      bigint references users (id),
  updated_at      timestamptz not null default now(),
  closed_at       timestamptz,
  contact_purged_at timestamptz,
  -- "Bạn nói, chúng tôi làm": reviewed text, without personal data, published by a handler.
  published_issue  text,
  published_action text,
  published_at     timestamptz,
  published_by     bigint references users (id),
  check ((reply is null) = (replied_at is null)),
  check (published_at is null or (published_issue is not null and published_action is not null))
);
create index feedback_items_unit_idx on feedback_items (unit_id, status);
create index feedback_items_created_idx on feedback_items (created_at);
create index feedback_items_open_deadline_idx on feedback_items (deadline)
  where status in ('new', 'accepted', 'in_progress', 'transferred');
create index feedback_items_published_idx on feedback_items (published_at) where published_at is not null;

-- The history of an item: state changes, transfers, internal notes, replies. Never shown publicly.
create table feedback_events (
  id           bigint generated always as identity primary key,
  feedback_id  uuid not null references feedback_items (id) on delete cascade,
  at           timestamptz not null default now(),
  actor_id     bigint references users (id),
  kind         text not null check (kind in ('created', 'accepted', 'in_progress', 'answered', 'closed',
                                             'transferred', 'not_competent', 'note', 'escalated', 'published',
                                             'contact_purged')),
  from_status  text,
  to_status    text,
  unit_id      bigint references units (id),
  text         text
);
create index feedback_events_item_idx on feedback_events (feedback_id, at);

-- Photos, re-encoded on the way in (no EXIF); personal data like the contact.
create table feedback_photos (
  feedback_id  uuid not null references feedback_items (id) on delete cascade,
  position     smallint not null check (position between 1 and 3),
  mime         text not null check (mime in ('image/jpeg', 'image/png', 'image/webp')),
  bytes        bytea not null,
  primary key (feedback_id, position)
);

-- Named settings (deadlines per category, retention months), edited by admins.
create table feedback_settings (
  name        text primary key,
  value       jsonb not null,
  updated_at  timestamptz not null default now(),
  updated_by  bigint references users (id)
);

-- Days the admin adds to the built-in calendar: a day off (a holiday announced later, a
-- compensatory day) or a working day (a Saturday worked in exchange, or a correction).
create table calendar_days (
  day         date primary key,
  kind        text not null check (kind in ('off', 'working')),
  name        text not null check (length(name) between 1 and 200),
  created_at  timestamptz not null default now(),
  created_by  bigint references users (id)
);
