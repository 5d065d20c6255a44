import { type MessageKey, t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { metricDef } from '../../kpi/catalogue.ts';
import { formatDelta, formatNumber, formatValue } from '../../kpi/format.ts';
import type { MetricId } from '../../kpi/query.ts';
import type { MetricDelta, MetricValue, QueryResult, ResultRow } from '../../kpi/result.ts';
import { type GridColumn, renderGrid } from './grid.ts';

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const mark = (n: number): string => [...String(n)].map((d) => SUPERSCRIPTS[Number(d)] ?? d).join('');

/** Numbers n/a reasons in order of appearance, so each cell can point to its footnote. */
class Notes {
  readonly #marks = new Map<MessageKey, number>();
  readonly #locale: Locale;
  constructor(locale: Locale) {
    this.#locale = locale;
  }
  cell(value: MetricValue, id: MetricId, currency: string): string {
    if (value.value !== null) return formatValue(id, value, this.#locale, currency);
    const key = value.na?.messageKey;
    const na = t(this.#locale, 'common.na');
    if (!key) return na;
    if (!this.#marks.has(key)) this.#marks.set(key, this.#marks.size + 1);
    return `${na}${mark(this.#marks.get(key) ?? 0)}`;
  }
  lines(): string[] {
    const na = t(this.#locale, 'common.na');
    return [...this.#marks].map(([key, n]) => `${mark(n)} ${na}: ${t(this.#locale, key)}`);
  }
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
function vertical(result: QueryResult, locale: Locale, notes: Notes): string {
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
    notes.cell(total.values[id], id, result.currency),
    ...(compare && total.previous
      ? [notes.cell(total.previous[id], id, result.currency), deltaCell(total, id, result.currency, locale)]
      : []),
  ]);
  return renderGrid(columns, rows);
}

/** One group per line and one column per metric (and its previous value and change). */
function horizontal(result: QueryResult, locale: Locale, notes: Notes): string {
  const compare = result.previousPeriod !== null;
  const by = result.query.by;
  const first = by?.kind === 'dimension' ? by.dimension : (by?.grain ?? '');
  const columns: GridColumn[] = [{ header: first, align: 'left' }];
  for (const id of result.query.metrics) {
    columns.push({ header: id, align: 'right' });
    if (compare) {
      columns.push({ header: `${id} ${t(locale, 'command.cli.previous_short')}`, align: 'right' });
      columns.push({ header: 'Δ', align: 'right' });
    }
  }
  const line = (row: ResultRow, label: string): string[] => [
    label,
    ...result.query.metrics.flatMap((id) => [
      notes.cell(row.values[id], id, result.currency),
      ...(compare
        ? [
            row.previous ? notes.cell(row.previous[id], id, result.currency) : '',
            deltaCell(row, id, result.currency, locale, true),
          ]
        : []),
    ]),
  ];
  const rows = result.rows.map((row) => line(row, row.label));
  rows.push(line(result.total, t(locale, 'command.cli.total')));
  return renderGrid(columns, rows, result.rows.length);
}

/** The answer as an aligned table, with the n/a reasons underneath. */
export function renderResultTable(result: QueryResult, locale: Locale): string {
  const notes = new Notes(locale);
  const grid = result.query.by ? horizontal(result, locale, notes) : vertical(result, locale, notes);
  const footnotes = notes.lines();
  return footnotes.length > 0 ? `${grid}\n\n${footnotes.join('\n')}` : grid;
}
