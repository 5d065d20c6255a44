import type { Locale } from '../../i18n/locale.ts';
import { metricDef } from '../../kpi/catalogue.ts';
import { type Change, describeChange } from '../../kpi/change.ts';
import { formatCompact } from '../../kpi/format.ts';
import type { NaNotes } from '../../kpi/notes.ts';
import type { MetricId } from '../../kpi/query.ts';
import type { QueryResult, ResultRow } from '../../kpi/result.ts';

/** What a row says for a metric: its value ("€52.10", "n/a¹") and its change, when compared. */
export interface AnswerCells {
  value(row: ResultRow, id: MetricId): string;
  change(row: ResultRow, id: MetricId): Change | null;
}

/**
 * Cells for one answer: compact numbers (no cents from 100 up), n/a with the footnote mark of
 * its reason, and the change computed once for the digest and the answers (kpi/change.ts).
 */
export function answerCells(result: QueryResult, locale: Locale, notes: NaNotes): AnswerCells {
  return {
    value(row, id) {
      const value = row.values[id];
      return notes.cell(value) ?? formatCompact(id, value, locale, result.currency);
    },
    change(row, id) {
      const rel = row.delta?.[id]?.rel ?? null;
      // The engine's relative change is in percent; a change needs both sides as numbers.
      return rel === null ? null : describeChange(rel / 100, metricDef(id).good, locale);
    },
  };
}

const TONE_EMOJI = { good: ' :large_green_circle:', bad: ' :red_circle:', neutral: '' } as const;

/** "▲ +12% :red_circle:" for mrkdwn: the colour says whether the move is good news. */
export function changeMrkdwn(change: Change | null): string {
  return change ? `${change.arrow} ${change.signed}${TONE_EMOJI[change.tone]}` : '';
}

/** "▲+12%" for a code block: no emoji (two columns wide, and colourless there anyway). */
export function changeCode(change: Change | null): string {
  return change ? `${change.arrow}${change.signed}` : '';
}
