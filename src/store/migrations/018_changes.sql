-- Who changed the data and the configuration, and how to take an import back (issue 18).
-- Numbered after the issue that added it, so parallel branches do not collide.

-- The trail: one row per change (an import, an undo, a refresh, an alert rule added or removed,
-- a snooze or mute, a digest subscription). `details` is JSON (file name, size, content hash,
-- rows added / updated / skipped, the command as typed, what it answered).
CREATE TABLE changes (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  -- a Slack user id, or `cli` / `schedule` for changes made outside Slack
  actor TEXT NOT NULL,
  -- import, undo, refresh, alerts_add, alerts_remove, alerts_snooze, alerts_mute, subscribe, unsubscribe
  action TEXT NOT NULL,
  -- where it came from: dm, command, button, cli
  via TEXT NOT NULL,
  -- what it changed: an import id, a rule, a channel
  subject TEXT,
  details TEXT NOT NULL
);

CREATE INDEX changes_at ON changes (at);

-- Each row an import touched, with its value before the import (JSON of the stored row; NULL
-- when the import added it): an undo deletes the added rows and writes the previous values back.
-- Kept for imports made through Slack; pruned with the trail.
CREATE TABLE row_versions (
  import_id TEXT NOT NULL,
  -- leads or costs
  tbl TEXT NOT NULL,
  origin TEXT NOT NULL,
  record_id TEXT NOT NULL,
  previous TEXT,
  -- 1 when the import changed a stored row's values (0: added, or written back unchanged)
  changed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (import_id, tbl, origin, record_id)
);

-- 1 when the import kept row_versions (it can be undone); when and by whom it was undone.
ALTER TABLE imports ADD COLUMN versions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN rows_added INTEGER;
ALTER TABLE imports ADD COLUMN rows_updated INTEGER;
ALTER TABLE imports ADD COLUMN undone_at BIGINT;
ALTER TABLE imports ADD COLUMN undone_by TEXT;
