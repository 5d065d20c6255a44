/** Which side of the data a source feeds: a CRM export feeds leads, an ad report feeds spend. */
export type DataSide = 'leads' | 'spend';

/**
 * The days one source has rows for, on one side, as calendar days in the workspace zone. What
 * "fresh" means for an answer or a digest: the data reaches the end of the period asked about,
 * whenever it was imported.
 */
export interface SourceCoverage {
  origin: string;
  side: DataSide;
  /** First and last day with a row, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

/** A side's data that stops before the end of a period: "no leads after 2026-11-22 in hubspot-contacts". */
export interface DataEnd {
  side: DataSide;
  /** The last day with data, YYYY-MM-DD. */
  lastDay: string;
  /** The sources that stop that day, A→Z. */
  origins: string[];
}

/** The days one side's data spans, all its sources together: "leads 2026-02-03 → 2026-02-14". */
export interface DataSpan {
  side: DataSide;
  firstDay: string;
  lastDay: string;
}
