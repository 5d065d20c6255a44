-- The threshold an incident fired at and its worst value: the resolved message states both
-- (a relative threshold has moved by the time the metric recovers).
ALTER TABLE alert_state ADD COLUMN fired_threshold DOUBLE PRECISION;
ALTER TABLE alert_state ADD COLUMN peak_value DOUBLE PRECISION;
