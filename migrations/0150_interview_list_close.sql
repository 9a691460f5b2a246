-- Interview lists close (#12.4 follow-up): once the calling is over, staff close the list, and a
-- retention job (server/interviews/retention.ts) clears the contact details still on it (people
-- never reached, call-backs, people not yet called) a configured number of days later
-- (INTERVIEW_CONTACT_RETENTION_DAYS). Completed and refused people were cleared when recorded.
alter table interview_lists add column closed_at timestamptz;
alter table interview_lists add column closed_by bigint references users (id);
-- When the job cleared the list's remaining contact details (null: not yet, or nothing to clear).
alter table interview_lists add column contacts_cleared_at timestamptz;
create index interview_lists_closed on interview_lists (closed_at) where closed_at is not null and contacts_cleared_at is null;
