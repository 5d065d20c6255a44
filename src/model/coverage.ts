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
