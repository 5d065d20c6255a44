-- Scheduled refresh of configured sources: one row per source, shared by every replica.
-- The lease (lease_owner, lease_until) lets one replica at a time read a source; the others
-- see the new data version. cursor holds where an incremental source stopped (JSON).
CREATE TABLE IF NOT EXISTS source_refresh (
  name TEXT PRIMARY KEY,
  lease_owner TEXT,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_attempt_at BIGINT,
  last_success_at BIGINT,
  -- failures in a row; a success resets it
  failures INTEGER NOT NULL DEFAULT 0,
  -- no new attempt before this instant (backoff after a failure)
  retry_at BIGINT,
  last_error TEXT,
  last_rows INTEGER,
  -- the failure count the admin channel was last told about (told once per streak)
  alerted_failures INTEGER NOT NULL DEFAULT 0,
  cursor TEXT
);

-- Files of watched folders already ingested, by content: the same file twice is a no-op.
CREATE TABLE IF NOT EXISTS source_files (
  source TEXT NOT NULL,
  hash TEXT NOT NULL,
  path TEXT NOT NULL,
  size BIGINT NOT NULL,
  ingested_at BIGINT NOT NULL,
  rows_skipped INTEGER NOT NULL,
  PRIMARY KEY (source, hash)
);
