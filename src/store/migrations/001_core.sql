-- Core tables: canonical leads and costs, the import log, the data version and source freshness.
-- Shared SQL subset (runs on SQLite and Postgres): BIGINT epoch ms for instants, INTEGER 0/1
-- for booleans, DOUBLE PRECISION for amounts, TEXT otherwise.

CREATE TABLE leads (
  origin TEXT NOT NULL,
  record_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  channel TEXT NOT NULL,
  source TEXT,
  campaign TEXT,
  -- campaignKey(campaign): the join key to costs, computed at write time.
  campaign_key TEXT,
  ad TEXT,
  audience TEXT,
  form TEXT,
  keyword TEXT,
  owner TEXT,
  segment TEXT,
  product TEXT,
  country TEXT,
  email TEXT,
  phone TEXT,
  valid INTEGER NOT NULL,
  mql_at BIGINT,
  sql_at BIGINT,
  opportunity_at BIGINT,
  customer_at BIGINT,
  lost_at BIGINT,
  activated_at BIGINT,
  amount DOUBLE PRECISION,
  pipeline_amount DOUBLE PRECISION,
  currency TEXT,
  customer_id TEXT,
  PRIMARY KEY (origin, record_id)
);

-- No index on leads.campaign_key: it would cost a fifth of the bulk-insert time, and the one
-- reader (distinct keys, once per import) scans anyway.

CREATE TABLE costs (
  origin TEXT NOT NULL,
  record_id TEXT NOT NULL,
  date TEXT NOT NULL,
  channel TEXT NOT NULL,
  source TEXT,
  campaign TEXT,
  campaign_key TEXT,
  ad TEXT,
  audience TEXT,
  keyword TEXT,
  country TEXT,
  amount DOUBLE PRECISION NOT NULL,
  currency TEXT NOT NULL,
  kind TEXT NOT NULL,
  impressions DOUBLE PRECISION,
  clicks DOUBLE PRECISION,
  PRIMARY KEY (origin, record_id)
);

CREATE INDEX costs_campaign_key ON costs (campaign_key);

-- One row per import of a file, sheet or upload.
CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_accepted INTEGER NOT NULL,
  rows_skipped INTEGER NOT NULL,
  data_version BIGINT NOT NULL,
  report TEXT NOT NULL
);

CREATE INDEX imports_origin ON imports (origin, finished_at);

-- A single row; bumped once per import, in the same transaction as its record.
CREATE TABLE data_version (
  id INTEGER PRIMARY KEY,
  version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

INSERT INTO data_version (id, version, updated_at) VALUES (1, 0, 0);

-- Freshness per origin, refreshed by each import.
CREATE TABLE sources (
  origin TEXT PRIMARY KEY,
  last_name TEXT NOT NULL,
  last_import_id TEXT NOT NULL,
  last_import_at BIGINT NOT NULL,
  lead_rows INTEGER NOT NULL,
  cost_rows INTEGER NOT NULL,
  rejected_rows INTEGER NOT NULL,
  imports INTEGER NOT NULL
);
