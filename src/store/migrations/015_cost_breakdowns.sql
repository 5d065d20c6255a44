-- Breakdowns of ad-platform reports as cost dimensions (issue 15): an export by age and gender,
-- device, placement or hour of day keeps them, so `spend by=age` works and rows that differ only
-- there stay apart. Numbered after the issue that added it, so parallel branches do not collide.
ALTER TABLE costs ADD COLUMN age TEXT;
ALTER TABLE costs ADD COLUMN gender TEXT;
ALTER TABLE costs ADD COLUMN device TEXT;
ALTER TABLE costs ADD COLUMN placement TEXT;
ALTER TABLE costs ADD COLUMN hour TEXT;
