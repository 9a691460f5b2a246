-- A person's official title (chức danh/chức vụ, e.g. "Chánh Văn phòng"), printed with their name where
-- a report says who certified (froze) its figures, instead of their e-mail address.
-- The organisation's identity itself (name, governing body, place, signer, logo) is the
-- analytics_settings row 'organisation', written by the settings page; without it the built-in
-- defaults apply (server/settings/queries.ts).
alter table users add column title text not null default '';
