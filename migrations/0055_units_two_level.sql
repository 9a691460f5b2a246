-- Two-level local government since 1/7/2025: communes (xã) and special zones (đặc khu) are units of
-- the tree beside wards (phường), so a school can sit under the commune-level unit it belongs to.
alter table units drop constraint units_kind_check;
alter table units
  add constraint units_kind_check
  check (kind in ('department', 'office', 'school', 'ward', 'commune', 'special_zone', 'other'));
