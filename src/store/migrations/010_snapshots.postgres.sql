-- The engine's columnar snapshot of each data version, persisted (issue 10): the first reader of a
-- version builds it from the rows and stores it here; every later start and every other replica
-- reads these bytes back (src/kpi/snapshot-file.ts) instead of every row. Split into parts of a
-- few megabytes so neither store handles one huge value. Numbered after the issue that added it.
-- Only the two column types differ between the dialects (BLOB / BYTEA), hence one file each.
CREATE TABLE snapshots (
  data_version BIGINT NOT NULL,
  -- What else the bytes depend on: file format, workspace time zone and currency.
  settings TEXT NOT NULL,
  byte_length BIGINT NOT NULL,
  parts INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (data_version, settings)
);

CREATE TABLE snapshot_parts (
  data_version BIGINT NOT NULL,
  settings TEXT NOT NULL,
  part INTEGER NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY (data_version, settings, part)
);
