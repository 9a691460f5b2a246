-- Where a link's QR code is posted or its service received, when that is not the unit it reports on:
-- administrative-procedure files are received at the public administration service centre (Nghị định
-- 118/2025/NĐ-CP), while the answers stay attributed to the Sở's office responsible (the link's unit).
alter table links
  add column location text check (location is null or (length(location) between 1 and 200 and location !~ '[[:cntrl:]]'));
