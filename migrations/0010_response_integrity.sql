-- Integrity checks on public submissions look up earlier answers from the same device (keyed hash)
-- to the same survey and unit within a short window (burst) or a day (duplicate answers).
create index responses_device_idx on responses (device_hash, survey_id, unit_id, submitted_at)
  where device_hash is not null;

-- Listing and retiring links by unit, and serving /f/{code}, read links by unit and code.
create index links_unit_idx on links (unit_id);
