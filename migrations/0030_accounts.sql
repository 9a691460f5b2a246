-- Accounts: when a user last signed in (failed sign-ins before it no longer count towards a
-- lockout), when their account was last changed, and a fast lookup of recent sign-in failures.
alter table users add column last_login_at timestamptz;
alter table users add column updated_at timestamptz not null default now();

-- Failed sign-ins are audit entries keyed by the e-mail typed (lower-cased); the lockout check
-- counts the recent ones for one address.
create index audit_log_login_failed_idx on audit_log (actor_label, at desc) where action = 'auth.login_failed';
