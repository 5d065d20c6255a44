-- The missing input last reported for an alert rule and scope ("no revenue in the data"): the n/a
-- notice is posted once, not at every evaluation (src/alerts/evaluate.ts, AlertState.naCode).
ALTER TABLE alert_state ADD COLUMN na_code TEXT;
