-- Campaign grids and platform-reported results (issue 9). A row of a campaign grid is spend over
-- a span of days (date .. end_date; NULL end_date: one day). platform_leads and conversions are
-- what the ad platform itself counted beside spend; NULL when the export has no such value.
ALTER TABLE costs ADD COLUMN end_date TEXT;
ALTER TABLE costs ADD COLUMN platform_leads DOUBLE PRECISION;
ALTER TABLE costs ADD COLUMN conversions DOUBLE PRECISION;
