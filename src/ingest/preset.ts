import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';

/** What a file holds: leads (CRM exports) or spend (ad-platform exports). */
export type RecordKind = 'lead' | 'cost';

/** Canonical fields a column can fill (a Lead or Cost field, minus bookkeeping). */
export type LeadField =
  | Exclude<keyof Lead, 'origin' | 'recordId' | 'valid'>
  | 'recordId'
  | 'stage'
  | 'status'
  /** A deal's close date and last update: used only to date a stage the export implies (won, lost). */
  | 'closedAt'
  | 'updatedAt';
export type CostField =
  | Exclude<keyof Cost, 'origin' | 'recordId' | 'kind' | 'grain'>
  | 'recordId'
  /** Meta's "Results" and what they count ("Result indicator" / "Result type"): leads when the result is a lead. */
  | 'results'
  | 'resultType';

/**
 * How a cell is read. `money` and `number` accept thousands separators, decimal commas and
 * currency symbols; `date` / `datetime` follow the file's detected date order; `serial`
 * dates (Excel / Sheets day numbers) are accepted wherever a date is. `hour` reads an hour of
 * day ("13", "13:00", Meta's "13:00:00 - 13:59:59") as two digits, "00"–"23".
 */
export type CellType = 'text' | 'number' | 'integer' | 'money' | 'date' | 'datetime' | 'percent' | 'hour';

export interface PresetColumn<F extends string = string> {
  /** The canonical field this column fills. */
  field: F;
  /**
   * Header names, matched exactly after trimming and Unicode normalisation (NFC), ignoring
   * case only. Near-duplicates ("Leads" vs "Leads (e-mail corporativo)") never match each other.
   * List every language the platform exports in.
   */
  headers: readonly string[];
  type: CellType;
  /** A column whose header may carry the currency, e.g. "Amount spent (EUR)": matched as a regex source. */
  headerPattern?: string;
  /**
   * Joins this column to the field's earlier column instead of competing with it: Meta's
   * "Platform" and "Placement" become one placement, "instagram Stories". Blank cells are left out.
   */
  join?: string;
  /**
   * The date is the first day of a span, not the row's only day (Meta "Reporting starts",
   * LinkedIn "Start Date (in UTC)"): the span ends at the `endDate` column, or at the end of
   * `--period` / `sources[].period` when given.
   */
  spanStart?: boolean;
  /**
   * Fills the field only where the field's earlier column is blank: the old AdWords "Ad" column
   * names text ads, "Headline 1" names the expanded and responsive ads beside them.
   */
  fallback?: boolean;
}

/**
 * A preset is data: the columns of one export format, how to recognise it, and the rows it
 * writes that are not data (totals, footers). The reader does the rest, the same for all.
 */
export interface Preset {
  id: string;
  label: string;
  kind: RecordKind;
  columns: readonly PresetColumn[];
  /**
   * Fields whose column must be present for the preset to match a header row. A cost preset
   * that does not require `date` also reads campaign grids (rows over the report's date range).
   */
  required: readonly string[];
  /** Values every row gets unless a column says otherwise (e.g. channel paid_search for Google Ads). */
  defaults?: Readonly<Record<string, string>>;
  /**
   * Lines that end the data or are not records: totals ("Total: Campaigns"), Salesforce
   * footers ("Grand Totals (12 records)", "Confidential Information - Do Not Distribute").
   * Tested against the first cell and against the whole raw line.
   */
  summaryPatterns?: readonly RegExp[];
  /** Expected date order when the platform always writes one (most do not: then it is detected). */
  dateOrder?: DateOrder;
  /**
   * The report level, when the columns alone do not tell it (a search terms report also has the
   * keyword and ad group columns). Otherwise it follows from the mapped columns (ingest/level.ts).
   */
  level?: ReportLevel;
  /**
   * Headers the file must have for the preset to match, read by no field ("Search term"): they
   * tell one level's download from another's and count in detection like a matched column.
   */
  signature?: readonly string[];
}

/**
 * The level an ad-platform report is downloaded at: one row per campaign, per ad group (Meta's
 * ad set), per ad, per keyword, or per search term. The same spend appears at every level.
 */
export const REPORT_LEVELS = ['campaign', 'ad_group', 'ad', 'keyword', 'search_term'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

/** Day-month-year (French, pt-BR exports) or month-day-year (US exports); ISO is unambiguous. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';
