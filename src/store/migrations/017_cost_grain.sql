-- The grain of each cost row (issue 15): the report level and breakdowns it was downloaded at,
-- e.g. `campaign`, `ad_group`, `ad+age+gender`. An import whose spend another grain already
-- covers (same platform, campaign and day) is refused or resolved by workspace.keepLevel, so
-- the same spend is never added up twice. Rows stored before have none (NULL).
ALTER TABLE costs ADD COLUMN grain TEXT;
