-- Survey drafts (#12.8): a survey being written in the admin app's builder, before it is published
-- through the same path as survey-definitions/ files. `definition` may be incomplete (a draft is work in
-- progress); publishing validates it fully. `version` is the optimistic lock: a save names the version it
-- edited and is refused (409) when someone saved in between. `base_version` is the published version
-- the draft started from, if any; `published_version` the one it became.
create table survey_drafts (
  id                 bigint generated always as identity primary key,
  slug               text not null default '' check (length(slug) <= 100),
  title              text not null default '' check (length(title) <= 500),
  definition         jsonb not null check (jsonb_typeof(definition) = 'object'),
  base_slug          text,
  base_version       int,
  version            int not null default 1 check (version >= 1),
  author_id          bigint references users (id),
  author_label       text not null,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  published_version  int,
  published_at       timestamptz
);
create index survey_drafts_updated on survey_drafts (updated_at desc);
