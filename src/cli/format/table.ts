import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { metricDef } from '../../kpi/catalogue.ts';
import { formatDelta, formatNumber, formatValue } from '../../kpi/format.ts';
import { type AnswerLayout, layoutAnswer } from '../../kpi/layout.ts';
import { NaNotes, proratedNote } from '../../kpi/notes.ts';
import type { MetricId } from '../../kpi/query.ts';
import type { MetricDelta, MetricValue, QueryResult, ResultRow } from '../../kpi/result.ts';
import { breakdownWord, emptyGroupsInWords } from '../../kpi/words.ts';
import { type GridColumn, renderGrid } from './grid.ts';

/** A cell: the value, or "n/a" with the footnote mark of its reason. */
function cell(notes: NaNotes, value: MetricValue, id: MetricId, locale: Locale, currency: string): string {
  return notes.cell(value) ?? `${formatValue(id, value, locale, currency)}${notes.flag(id, value)}`;
}

/** `+12.5%`: the relative change alone, for tables with a column per metric (rates: points). */
function compactDelta(id: MetricId, delta: MetricDelta, locale: Locale, currency: string): string {
  if (delta.rel === null || metricDef(id).unit === 'percent') return formatDelta(id, delta, locale, currency);
  const sign = delta.rel > 0 ? '+' : delta.rel < 0 ? '−' : '±';
  return `${sign}${formatNumber(Math.abs(delta.rel), 'percent', locale, currency)}`;
}

function deltaCell(row: ResultRow, id: MetricId, currency: string, locale: Locale, compact = false): string {
  const delta = row.delta?.[id];
  // No change to show when either side is n/a: the n/a and its reason are in the cells beside.
  if (!delta || delta.abs === null) return '';
  return compact ? compactDelta(id, delta, locale, currency) : formatDelta(id, delta, locale, currency);
}

/** One metric per line: used when there is no breakdown. */
function vertical(result: QueryResult, locale: Locale, notes: NaNotes): string {
  const compare = result.previousPeriod !== null;
  const columns: GridColumn[] = [
    { header: t(locale, 'command.cli.metric'), align: 'left' },
    { header: t(locale, 'command.cli.value'), align: 'right' },
    ...(compare
      ? ([
          { header: t(locale, 'command.cli.previous'), align: 'right' },
          { header: t(locale, 'command.cli.change'), align: 'right' },
        ] as const)
      : []),
  ];
  const total = result.total;
  const rows = result.query.metrics.map((id) => [
    `${metricDef(id).name[locale]} (${id})`,
    cell(notes, total.values[id], id, locale, result.currency),
    ...(compare && total.previous
      ? [
          cell(notes, total.previous[id], id, locale, result.currency),
          deltaCell(total, id, result.currency, locale),
        ]
      : []),
  ]);
  return renderGrid(columns, rows);
}

/**
 * One group per line and one column per metric (and its previous value and change), headed by
 * the metrics' short labels, in the layout's order; groups with no number are left to one line.
 */
function horizontal(result: QueryResult, layout: AnswerLayout, locale: Locale, notes: NaNotes): string {
  const compare = result.previousPeriod !== null;
  const by = result.query.by;
  const columns: GridColumn[] = [{ header: by ? breakdownWord(by, locale) : '', align: 'left' }];
  for (const id of result.query.metrics) {
    const short = metricDef(id).short[locale];
    columns.push({ header: short, align: 'right' });
    if (compare) {
      columns.push({ header: `${short} ${t(locale, 'command.cli.previous_short')}`, align: 'right' });
      columns.push({ header: 'Δ', align: 'right' });
    }
  }
  const line = (row: ResultRow, label: string): string[] => [
    label,
    ...result.query.metrics.flatMap((id) => [
      cell(notes, row.values[id], id, locale, result.currency),
      ...(compare
        ? [
            row.previous ? cell(notes, row.previous[id], id, locale, result.currency) : '',
            deltaCell(row, id, result.currency, locale, true),
          ]
        : []),
    ]),
  ];
  const rows = layout.rows.map((row) => line(row, row.label));
  rows.push(line(result.total, t(locale, 'command.cli.total')));
  return renderGrid(columns, rows, layout.rows.length);
}

/** The answer as an aligned table, with the folded empty groups and the n/a reasons underneath. */
export function renderResultTable(result: QueryResult, locale: Locale): string {
  const notes = new NaNotes(locale);
  const layout = layoutAnswer(result);
  const grid = result.query.by ? horizontal(result, layout, locale, notes) : vertical(result, locale, notes);
  const by = result.query.by;
  const empty =
    by && layout.empty.count > 0
      ? [t(locale, 'kpi.empty.line', { groups: emptyGroupsInWords(layout.empty, by, locale) })]
      : [];
  const prorated = proratedNote(result, locale);
  const below = [...empty, ...notes.notes().map((note) => note.text), ...(prorated ? [prorated] : [])];
  return below.length > 0 ? `${grid}\n\n${below.join('\n')}` : grid;
}
