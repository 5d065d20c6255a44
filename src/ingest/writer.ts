import { campaignKey, joinsOtherSide } from '../model/campaign.ts';
import { UNPAID_CHANNELS } from '../model/channel.ts';
import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import type { RecordLane } from './byte-cells.ts';
import { ByteRecords } from './byte-records.ts';
import { type CompiledRowMapper, compileRowMapper } from './compiled-row.ts';
import { costLane, type SpendTotal } from './cost-lane.ts';
import { isBlankRecord } from './csv.ts';
import { IdSet } from './id-set.ts';
import { leadLane } from './lead-lane.ts';
import { type Coverage, spanOf } from './levels-check.ts';
import { countMerged, type IngestReport } from './report.ts';
import { mapRow, type RowContext, readAmount } from './row.ts';
import type { IngestSink } from './sink.ts';
import { isSummaryRow } from './summary.ts';

/**
 * Total rows that sum the rows listed above them (not "Total: Account", which adds removed ones
 * and, in a level report, Performance Max spend that has no ad group): the level's own total in
 * Google Ads downloads ("Total: Ad groups", "Total: All but removed keywords", "Total: Search
 * terms", old AdWords "Total - filtered").
 */
const ROWS_TOTAL =
  /^(?:total(?:: ?(?:campaigns|ad groups|ads|keywords|all but removed keywords|search terms))?|total - filtered|overall total|total geral|total general|total g[ée]n[ée]ral)$/i;

const OTHER_SEARCH_TERMS = /^total: ?other search terms$/i;

/**
 * Whether a record may be a summary row when the preset has no patterns of its own: isSummaryRow
 * then only matches a first text cell starting "total", "grand total(s)" or "search total", so
 * a first cell that starts with another letter is data, without running its expressions.
 */
function mayBeSummary(cells: readonly unknown[]): boolean {
  for (const cell of cells) {
    if (cell == null) continue;
    // A first cell that is not text (a number, a sheet's serial date) is never a summary label.
    if (typeof cell !== 'string') return false;
    const c = cell.charCodeAt(0) | 0x20;
    // A cell starting with a letter or digit other than g / s / t is the label, and not a total.
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return c === 0x67 || c === 0x73 || c === 0x74;
    return true;
  }
  return false;
}

/** A record to map: its 1-based row number as a spreadsheet shows it, and its cells. */
export interface SourceRecord {
  line: number;
  cells: readonly unknown[];
}

export interface WriterOptions {
  sampleErrors: number;
  batchSize: number;
  delimiter: string;
  /**
   * Platform / campaign / days (levels-check.ts `dayKey`) whose spend is kept at another grain
   * (config workspace.keepLevel): this file's rows there are skipped, not added on top.
   */
  covered?: Coverage | null;
  /** About how many records will come (sizes the id set at once); 0 when not known. */
  expectedRows?: number;
  /** False: no byte lane (every record the usual way), to compare the two ways. */
  lane?: boolean;
}

/**
 * A record the writer must not map yet (its row depends on something not settled, such as the
 * date order): `add` stops before it, having counted nothing of it (run.ts).
 */
export type RecordWatch = (cells: readonly unknown[]) => boolean;

/**
 * Maps records to canonical rows and writes them to the sink in batches, filling the report.
 * Within a file a recordId seen twice is merged (the later row wins: in the batch map, and in
 * the sink, which upserts). Without a record id column the id is the whole raw row
 * (identity.ts), so only true duplicates merge. Only 52-bit hashes of the ids are kept.
 */
export class RowWriter {
  private readonly batch = new Map<string, Lead | Cost>();
  /** The file's record ids, when the sink does not keep them (putLead / putCost do). */
  private readonly seen: IdSet | null;
  private extraCellRows = 0;
  private readonly report: IngestReport;
  private ctx: RowContext;
  private readonly sink: IngestSink;
  private readonly otherKeys: ReadonlySet<string>;
  private readonly options: WriterOptions;
  private statedTotal: { label: string; amount: number } | null = null;
  /** The accepted spend rows' amounts, added in file order (the cost lane adds its rows' too). */
  private readonly rowsTotal: SpendTotal = { amount: 0 };
  /** The compiled mapper, for a sink that takes rows one by one (IngestSink.putLead / putCost). */
  private compiled: CompiledRowMapper | null;
  /** While set, `add` stops before the first record it holds (see `resume`). */
  private watch: RecordWatch | null;
  /** The byte lane for the file's common records (lead-lane.ts, cost-lane.ts), when its plan and the sink allow. */
  private readonly lane: RecordLane | null;
  private readonly width: number;
  private readonly dateIndex: number | null;
  private readonly presetPatterns: boolean;
  private readonly isLead: boolean;

  constructor(
    report: IngestReport,
    ctx: RowContext,
    sink: IngestSink,
    otherKeys: ReadonlySet<string>,
    options: WriterOptions,
    watch: RecordWatch | null = null,
  ) {
    this.watch = watch;
    this.report = report;
    this.ctx = ctx;
    this.sink = sink;
    this.otherKeys = otherKeys;
    this.options = options;
    // Such a sink keeps no record ids (IngestSink.putLead): a row without one is keyed by the
    // text of its cells (identity.ts rawIdentityText), not their SHA-1.
    this.compiled = sink.putLead && sink.putCost ? compileRowMapper(ctx, 'text') : null;
    this.seen = this.compiled ? null : new IdSet(options.expectedRows ?? 0);
    if (this.compiled) sink.startPass?.();
    const { plan } = ctx;
    this.width = plan.header.length;
    this.isLead = plan.preset.kind === 'lead';
    this.dateIndex = plan.byField.get(this.isLead ? 'createdAt' : 'date')?.index ?? null;
    this.presetPatterns = (plan.preset.summaryPatterns?.length ?? 0) > 0;
    const out = { report, sampleErrors: options.sampleErrors, otherKeys };
    this.lane =
      this.compiled === null || options.lane === false
        ? null
        : this.isLead
          ? leadLane(ctx, sink, out)
          : costLane(ctx, sink, out, this.rowsTotal, (options.covered ?? null) !== null);
  }

  /**
   * Goes on with the records from a stop (`add` returned before a watched record) with what was
   * settled meanwhile: the row context (its date order) and no watch. The file's pass goes on:
   * duplicates, counts and the rows written so far are kept.
   */
  resume(ctx: RowContext): void {
    this.ctx = ctx;
    if (this.compiled) this.compiled = compileRowMapper(ctx, 'text');
    this.watch = null;
  }

  /** The record id's position in a record when the lead lane maps the file (the scan thread checks the ids), else null. */
  get keyCell(): number | null {
    return this.lane?.keyCell ?? null;
  }

  /** Whether `add` takes byte batches (ByteRecords) and maps their common records in a byte lane. */
  get takesBytes(): boolean {
    return this.lane !== null;
  }

  /**
   * Maps a batch of records from `from` (sync), then writes when the batch is full (awaited:
   * backpressure). Returns where it stopped: before the first record the watch holds, having
   * counted nothing of it, else the batch's length. A byte batch's records go through the byte
   * lane when it takes them, else the usual way, in file order either way.
   */
  async add(records: readonly SourceRecord[] | ByteRecords, from = 0): Promise<number> {
    if (records instanceof ByteRecords) {
      const lane = this.lane;
      if (lane === null)
        return this.add(
          Array.from({ length: records.length }, (_, i) => records.record(i)),
          from,
        );
      // The lane's records hold no date the watch stops at (ISO or empty cells only): only a
      // record left to the usual way is watched. A lane sink is a putLead / putCost sink:
      // nothing to await.
      const watch = this.watch;
      lane.begin?.(records);
      for (let at = from; at < records.length; at++) {
        if (lane.row(records, at)) continue;
        const { line, cells } = records.record(at);
        if (watch?.(cells)) return at;
        this.mapRecord(line, cells);
      }
      return records.length;
    }
    const { watch, compiled } = this;
    for (let at = from; at < records.length; at++) {
      const { line, cells } = records[at]!;
      if (watch?.(cells)) return at;
      const row = this.mapRecord(line, cells);
      if (row === null || compiled) continue;
      this.batch.delete(row.recordId); // re-insert so the batch keeps the later row's position
      this.batch.set(row.recordId, row);
      if (this.batch.size >= this.options.batchSize) await this.flush();
    }
    return records.length;
  }

  /** Maps, counts and (to a putLead / putCost sink) writes one record; the row when written, else null. */
  private mapRecord(line: number, cells: readonly unknown[]): Lead | Cost | null {
    const { report, ctx, compiled, sink, width } = this;
    if (isBlankRecord(cells)) {
      report.blank++;
      return null;
    }
    report.rowsRead++;
    if (
      (this.presetPatterns || mayBeSummary(cells)) &&
      isSummaryRow(cells, this.options.delimiter, ctx.plan.preset, this.dateIndex)
    ) {
      report.summary++;
      this.noteTotal(cells);
      return null;
    }
    if (cells.length > width && !isBlankRecord(cells.slice(width))) this.extraCellRows++;
    const outcome = compiled ? compiled(cells) : mapRow(cells, ctx);
    if (!outcome.ok) {
      report.skipped++;
      if (report.skippedExamples.length < this.options.sampleErrors) {
        const short = cells.length < width && outcome.key === 'ingest.skip.required';
        report.skippedExamples.push(
          short
            ? {
                row: line,
                field: outcome.field,
                key: 'ingest.skip.short',
                params: { count: cells.length, expected: width, field: outcome.field ?? '' },
              }
            : { row: line, field: outcome.field, key: outcome.key, params: outcome.params },
        );
      }
      return null;
    }
    const { row, inferred } = outcome;
    if (this.isCovered(row)) {
      report.skipped++;
      if (report.skippedExamples.length < this.options.sampleErrors) {
        report.skippedExamples.push({
          row: line,
          field: null,
          key: 'ingest.skip.levelCovered',
          params: {},
        });
      }
      return null;
    }
    if (inferred) report.inferred[inferred] = (report.inferred[inferred] ?? 0) + 1;
    // The sink replaces a re-imported row itself (it keeps each key's row), and says whether
    // the key came before in this file.
    const first = compiled
      ? this.isLead
        ? (sink.putLead?.(row as Lead, line) ?? 0)
        : (sink.putCost?.(row as Cost, line, compiled.key.hash === 0 ? null : compiled.key) ?? 0)
      : (this.seen?.add(row.recordId, line) ?? 0);
    if (first === 0) {
      report.accepted++;
      if ('date' in row) this.rowsTotal.amount += row.amount;
      this.countUnattributed(row);
    } else countMerged(report, this.options.sampleErrors, line, first);
    return row;
  }

  /** The file's own total of its rows ("Total: Campaigns", "Total"), to check the rows against. */
  private noteTotal(cells: readonly unknown[]): void {
    if (this.ctx.plan.preset.kind !== 'cost') return;
    this.noteUnlisted(cells);
    if (this.statedTotal !== null) return;
    // The label sits in the first cell ("Total: Campaigns"), or after a "-" (Microsoft's "Total").
    const label = cells.find((c) => typeof c === 'string' && ROWS_TOTAL.test(c.trim()));
    if (typeof label !== 'string') return;
    const amount = readAmount(cells, this.ctx);
    if (amount !== null) this.statedTotal = { label: label.trim(), amount };
  }

  /**
   * Google's search terms report lists only the terms it may show: "Total: Other search terms"
   * is spend in no row, so the file holds less than its campaigns spent. Said, never added.
   */
  private noteUnlisted(cells: readonly unknown[]): void {
    if (!cells.some((c) => typeof c === 'string' && OTHER_SEARCH_TERMS.test(c.trim()))) return;
    const amount = readAmount(cells, this.ctx);
    if (amount === null || amount === 0) return;
    this.report.warnings.push({
      key: 'ingest.warn.otherSearchTerms',
      params: { amount: amount.toFixed(2), currency: this.ctx.currency },
    });
  }

  private isCovered(row: Lead | Cost): boolean {
    const { covered } = this.options;
    if (!covered || !('date' in row)) return false;
    return covered.meets(row.source, campaignKey(row.campaign), spanOf(row));
  }

  /** Campaign names repeat on every row: each is keyed once (campaignKey folds and decodes). */
  private readonly campaignKeys = new Map<string, string | null>();
  private campaignKeyOf(campaign: string | null): string | null {
    if (campaign === null) return null;
    let key = this.campaignKeys.get(campaign);
    if (key === undefined) {
      if (this.campaignKeys.size > 50_000) this.campaignKeys.clear();
      key = campaignKey(campaign);
      this.campaignKeys.set(campaign, key);
    }
    return key;
  }

  private countUnattributed(row: Lead | Cost): void {
    // Organic, e-mail, referral and direct leads have no spend to join: counted as such.
    if (!('date' in row) && UNPAID_CHANNELS.has(row.channel)) {
      this.report.unpaid[row.channel] = (this.report.unpaid[row.channel] ?? 0) + 1;
      return;
    }
    const key = this.campaignKeyOf(row.campaign);
    if (joinsOtherSide(key, this.otherKeys)) return;
    this.report.unattributed.rows++;
    if ('date' in row) this.report.unattributed.amount += row.amount;
  }

  async flush(): Promise<void> {
    if (this.batch.size === 0) return;
    const rows = [...this.batch.values()];
    this.batch.clear();
    if (this.ctx.plan.preset.kind === 'lead') await this.sink.writeLeads(rows as Lead[]);
    else await this.sink.writeCosts(rows as Cost[]);
  }

  /** Writes what is left and completes the report's warnings. */
  async finish(): Promise<void> {
    await this.flush();
    const { report } = this;
    report.unattributed.checked = this.otherKeys.size > 0;
    // Beyond rounding: half a cent per row the total rounds over, and a cent.
    const stated = this.statedTotal;
    const rows = this.rowsTotal.amount;
    if (stated && Math.abs(stated.amount - rows) > 0.01 + 0.005 * report.accepted) {
      report.totalCheck = { label: stated.label, stated: stated.amount, rows };
    }
    if (this.extraCellRows > 0) {
      report.warnings.push({ key: 'ingest.warn.extraCells', params: { count: this.extraCellRows } });
    }
    if (report.rowsRead === 0) report.warnings.push({ key: 'ingest.warn.noRows', params: {} });
    else if (!report.unattributed.checked)
      report.warnings.push({ key: 'ingest.warn.joinUnchecked', params: {} });
  }
}
