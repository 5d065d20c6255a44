import type { ColumnPlan } from './map.ts';
import { REPORT_LEVELS, type ReportLevel } from './preset.ts';

/**
 * Columns that split a row's spend without changing the report level: a campaign report broken
 * down by age holds the same spend as one without, in more rows. In the order grains list them.
 */
export const BREAKDOWN_FIELDS = ['country', 'age', 'gender', 'device', 'placement', 'hour'] as const;

/**
 * What one row of a cost file stands for: the report level and the breakdowns that split it.
 * Two files of the same platform, campaigns and days hold the same spend whatever their grain;
 * only files of one grain may be added up (data/ checks it before an import is written).
 */
export interface ReportGrain {
  level: ReportLevel;
  breakdowns: readonly string[];
}

/** The grain a header shows: the preset's level, else the most specific name column mapped. */
export function grainOf(plan: ColumnPlan): ReportGrain {
  const has = (field: string) => plan.byField.has(field);
  const level: ReportLevel =
    plan.preset.level ??
    (has('ad') ? 'ad' : has('keyword') ? 'keyword' : has('audience') ? 'ad_group' : 'campaign');
  return { level, breakdowns: BREAKDOWN_FIELDS.filter(has) };
}

/** The grain as one word, as the config and messages write it: `ad_group`, `ad+age+gender`. */
export function grainKey(grain: ReportGrain): string {
  return [grain.level, ...grain.breakdowns].join('+');
}

/** Reads a grain word of the config (`ad_set` is Meta's word for `ad_group`), or null. */
export function parseGrain(text: string): ReportGrain | null {
  const [head, ...rest] = text.trim().toLowerCase().split('+');
  const level = head === 'ad_set' || head === 'adset' ? 'ad_group' : head;
  if (!(REPORT_LEVELS as readonly string[]).includes(level ?? '')) return null;
  const known: readonly string[] = BREAKDOWN_FIELDS;
  if (rest.some((b) => !known.includes(b))) return null;
  const breakdowns = BREAKDOWN_FIELDS.filter((b) => rest.includes(b));
  return { level: level as ReportLevel, breakdowns };
}
