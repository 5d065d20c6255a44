-- Digest subscriptions and the runs table that makes scheduled Slack posts exactly-once.
-- Shared SQL subset (SQLite and Postgres): BIGINT epoch ms, TEXT, INTEGER booleans.

CREATE TABLE IF NOT EXISTS digest_subscriptions (
  id TEXT PRIMARY KEY,
  -- 'channel' (a channel id) or 'user' (a user id: the digest goes by DM)
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  -- ISO day of week: 1 = Monday … 7 = Sunday
  day INTEGER NOT NULL,
  -- local wall-clock time HH:MM in time_zone
  time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  locale TEXT NOT NULL,
  -- 'config' (YAML, synced on start) or 'slack' (/kpi digest subscribe)
  origin TEXT NOT NULL,
  created_by TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS digest_subscriptions_target ON digest_subscriptions (target_kind, target_id);

-- One row per unit of scheduled work (a digest for a subscription and week, an alert
-- notification for an incident). The unique run_key is the claim; slack_ts is written
-- before the claim completes, so a resumed run never posts twice.
CREATE TABLE IF NOT EXISTS runs (
  run_key TEXT PRIMARY KEY,
  -- 'digest' or 'alert'
  kind TEXT NOT NULL,
  -- subscription id or alert rule + scope, and the period (ISO week, incident start)
  subject TEXT NOT NULL,
  period TEXT NOT NULL,
  -- pending -> claimed -> posting -> posted | failed
  status TEXT NOT NULL,
  claimed_by TEXT,
  claim_expires_at BIGINT NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- what to post, as JSON (alerts: the outbox written with the state change)
  payload TEXT,
  slack_channel TEXT,
  slack_ts TEXT,
  thread_done INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);

CREATE INDEX IF NOT EXISTS runs_subject ON runs (kind, subject, period);
CREATE INDEX IF NOT EXISTS runs_open ON runs (kind, status);
