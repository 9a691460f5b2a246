-- Append-only audit log: who did what, when, to what.
create table audit_log (
  id          bigint generated always as identity primary key,
  at          timestamptz not null default now(),
  -- No foreign key: the log outlives users, and must never be rewritten by a cascade.
  actor_id    bigint,
  -- Email or name at the time, also for failed sign-ins with no user.
  actor_label text,
  action      text not null,
  target_type text,
  target_id   text,
  details     jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_action_idx on audit_log (action, at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
