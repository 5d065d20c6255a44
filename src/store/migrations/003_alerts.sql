-- Threshold alert rules and their persisted state (one row per rule and scope).

CREATE TABLE IF NOT EXISTS alert_rules (
  id TEXT PRIMARY KEY,
  -- the rule as JSON (metric, comparator, threshold, filters, window, …), see src/alerts/rules.ts
  definition TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  -- 'config' (YAML, synced on start), 'slack' (/kpi alerts add) or 'builtin'
  origin TEXT NOT NULL,
  created_by TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  -- short number shown in `/kpi alerts` and used by `alerts remove N`
  seq INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS alert_rules_seq ON alert_rules (seq);

CREATE TABLE IF NOT EXISTS alert_state (
  rule_id TEXT NOT NULL,
  -- the scope key (filters, or a source for built-in rules); '' for the whole workspace
  scope TEXT NOT NULL,
  -- ok, pending, firing, resolved
  state TEXT NOT NULL,
  since BIGINT NOT NULL,
  last_value DOUBLE PRECISION,
  last_threshold DOUBLE PRECISION,
  last_evaluated_at BIGINT,
  -- the incident (firing start, epoch ms) the message below belongs to
  incident_at BIGINT,
  message_channel TEXT,
  message_ts TEXT,
  last_notified_at BIGINT,
  notify_count INTEGER NOT NULL DEFAULT 0,
  snoozed_until BIGINT,
  muted INTEGER NOT NULL DEFAULT 0,
  -- optimistic concurrency: every change bumps it, so replicas never both act on one transition
  version INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (rule_id, scope)
);
