-- Slack adapter state shared by replicas: request signatures already seen (replay protection)
-- and event / interaction keys already handled (Slack's retries are handled once).
CREATE TABLE IF NOT EXISTS slack_seen (
  key TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS slack_seen_expires ON slack_seen (expires_at);
