import { randomUUID } from 'node:crypto';
import { RowIndex } from '../ingest/id-set.ts';
import type { FileRegion, SettledIngest } from '../ingest/parts.ts';
import type { IngestReport } from '../ingest/report.ts';
import { type GrainDay, MemorySink } from '../ingest/sink.ts';
import { int32 } from '../kpi/columns.ts';
import { type Snapshot, SnapshotBuilder } from '../kpi/snapshot.ts';
import type { Cost } from '../model/cost.ts';
import type { SourceCoverage } from '../model/coverage.ts';
import type { Lead } from '../model/lead.ts';
import type { Currency } from '../model/money.ts';
import { isoFromDay } from '../shared/days.ts';
import type { SourceFreshness } from '../store/imports.ts';
import { mapLeadsInParts, type PartsOptions } from './lead-parts.ts';
import type { PartRows } from './part-sink.ts';

/**
 * An ingest sink that writes leads straight into the snapshot's column builders (no store, no
 * object per lead): the compiled row mapper hands it each row (IngestSink.putLead), and a lead
 * whose origin + record id it already holds replaces that row, as the store's upsert does.
 * Spend rows, a few per campaign and day, are kept as rows (MemorySink's rules) so the report
 * levels' never-count-twice check (otherGrainDays / dropOtherGrains) works as on the store.
 * What the store would say about the imports (sources' freshness, each origin's days) is kept
 * beside, so `kpi --data` answers the same without writing a temporary store
 * (test/data/column-sink.test.ts compares both). One difference: when a re-imported lead spells
 * a value otherwise than the row it replaces ("spring sale", then "Spring_Sale"), the old
 * spelling still counts for the value's label and stays in the did-you-mean vocabulary.
 */
export class ColumnSink extends MemorySink {
  readonly #builder: SnapshotBuilder;
  readonly #keys = new RowIndex();
  /** Each lead row's origin, as an index into #origins. */
  readonly #leadOrigin = int32();
  readonly #origins: string[] = [];
  readonly #originCode = new Map<string, number>();
  #lastOrigin = '';
  #lastCode = -1;
  /** Leads per origin number. */
  readonly #leadsOf: number[] = [];
  /** The name of the file each spend row came from (the level check names it). */
  readonly #costNames = new Map<string, string>();
  readonly #sources = new Map<string, SourceFreshness>();
  #current = '';
  #imports = 0;
  readonly #parts: PartsOptions | false;

  /**
   * `parts`: how a large lead file is mapped in byte ranges on several threads (lead-parts.ts),
   * or false to map every file on this thread.
   */
  constructor(opts: { timeZone: string; currency: Currency; parts?: PartsOptions | false }) {
    super();
    this.#builder = new SnapshotBuilder({
      timeZone: opts.timeZone,
      currency: opts.currency,
      dataVersion: '0',
    });
    this.#parts = opts.parts ?? {};
  }

  /** The file whose rows come next (the level check and the sources name it). */
  startFile(name: string): void {
    this.#current = name;
  }

  putLead(row: Lead): void {
    const code = this.#codeOf(row.origin);
    const at = this.#keys.claim(code, row.recordId, this.#builder.leadCount);
    if (at >= 0) {
      this.#builder.replaceLead(at, row);
      return;
    }
    this.#builder.addLead(row);
    this.#leadOrigin.push(code);
    this.#leadsOf[code] = (this.#leadsOf[code] ?? 0) + 1;
  }

  /** A large lead file: mapped in parts on worker threads, each part merged here in file order. */
  async mapInParts(file: FileRegion, settled: SettledIngest, report: IngestReport): Promise<boolean> {
    if (this.#parts === false) return false;
    const origin = settled.ctx.origin;
    return mapLeadsInParts(
      file,
      settled,
      report,
      {
        reserve: (rows) => this.#keys.reserve(this.#keys.size + rows),
        merge: (rows) => this.#mergePart(rows, origin),
      },
      this.#parts,
    );
  }

  /** A part's leads, as putLead would have written them one by one. */
  #mergePart(rows: PartRows, origin: string): void {
    // As putLead: an origin is known once a row of it is written.
    if (rows.part.rows === 0) return;
    const code = this.#codeOf(origin);
    const { keyHash, keyCheck } = rows;
    const target = new Int32Array(rows.part.rows);
    const base = this.#builder.leadCount;
    let added = 0;
    for (let i = 0; i < target.length; i++) {
      const at = this.#keys.claimHashed(code, keyHash[i]!, keyCheck[i]!, base + added);
      target[i] = at;
      if (at < 0) added++;
    }
    this.#builder.appendLeadPart(rows.part, target);
    for (let i = 0; i < added; i++) this.#leadOrigin.push(code);
    this.#leadsOf[code] = (this.#leadsOf[code] ?? 0) + added;
  }

  readonly #strings = new Map<string, string>();
  readonly #intern = <T extends string | null>(value: T): T => {
    if (value === null) return value;
    const known = this.#strings.get(value);
    if (known !== undefined) return known as T;
    if (this.#strings.size > 200_000) this.#strings.clear();
    this.#strings.set(value, value);
    return value;
  };

  /** An origin's number (rows keep it, not the text). */
  #codeOf(origin: string): number {
    if (origin === this.#lastOrigin) return this.#lastCode;
    let code = this.#originCode.get(origin);
    if (code === undefined) {
      code = this.#origins.length;
      this.#origins.push(origin);
      this.#originCode.set(origin, code);
    }
    this.#lastOrigin = origin;
    this.#lastCode = code;
    return code;
  }

  putCost(row: Cost): void {
    // Copied field by field (the row object is reused by the mapper; a spread costs more).
    // Values repeat across spend rows (days, campaigns, ads): one string kept for each.
    const i = this.#intern;
    const copy: Cost = {
      origin: i(row.origin),
      recordId: row.recordId,
      date: i(row.date),
      channel: row.channel,
      source: i(row.source),
      campaign: i(row.campaign),
      ad: i(row.ad),
      audience: i(row.audience),
      keyword: i(row.keyword),
      country: i(row.country),
      age: i(row.age ?? null),
      gender: i(row.gender ?? null),
      device: i(row.device ?? null),
      placement: i(row.placement ?? null),
      hour: i(row.hour ?? null),
      endDate: i(row.endDate ?? null),
      grain: i(row.grain ?? null),
      amount: row.amount,
      currency: row.currency,
      kind: row.kind,
      impressions: row.impressions,
      clicks: row.clicks,
      platformLeads: row.platformLeads ?? null,
      conversions: row.conversions ?? null,
    };
    const key = `${copy.origin}\u0000${copy.recordId}`;
    this.costs.set(key, copy);
    this.#costNames.set(key, this.#current);
  }

  override async writeLeads(rows: readonly Lead[]): Promise<void> {
    for (const row of rows) this.putLead(row);
  }

  override async writeCosts(rows: readonly Cost[]): Promise<void> {
    for (const row of rows) this.putCost(row);
  }

  override async knownCampaignKeys(kind: 'lead' | 'cost'): Promise<ReadonlySet<string>> {
    return kind === 'lead' ? this.#builder.leadCampaignKeys() : super.knownCampaignKeys('cost');
  }

  override async otherGrainDays(grain: string, range?: { from: string; to: string }) {
    const days = await super.otherGrainDays(grain, range);
    if (days.length === 0) return days;
    // The file that brought an origin's spend at a grain: the last one that wrote such a row.
    const names = new Map<string, string>();
    for (const [key, cost] of this.costs) {
      const name = this.#costNames.get(key);
      if (name !== undefined) names.set(`${cost.origin}\u0000${cost.grain}`, name);
    }
    return days.map((d): GrainDay => ({ ...d, name: names.get(`${d.origin}\u0000${d.grain}`) ?? d.origin }));
  }

  /**
   * Records a finished file as the store's import record does (store/imports.ts
   * recordImport): the origin's freshness row, with its rows counted now.
   */
  recordImport(report: IngestReport, origin: string, finishedAt: number): void {
    if (report.accepted + report.merged === 0) return;
    this.#imports++;
    const before = this.#sources.get(origin);
    let costRows = 0;
    for (const cost of this.costs.values()) if (cost.origin === origin) costRows++;
    this.#sources.set(origin, {
      origin,
      lastName: report.name,
      lastImportId: randomUUID(),
      lastImportAt: finishedAt,
      leadRows: this.#leadsOf[this.#originCode.get(origin) ?? -1] ?? 0,
      costRows,
      rejectedRows: report.skipped,
      imports: (before?.imports ?? 0) + 1,
    });
  }

  /** The sources' freshness, as store/imports.ts listSources orders it. */
  sources(): SourceFreshness[] {
    return [...this.#sources.values()].sort(
      (a, b) => a.lastImportAt - b.lastImportAt || (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0),
    );
  }

  /** The days each origin's rows span (store/coverage.ts dataCoverage), from the columns. */
  coverage(): SourceCoverage[] {
    const first = new Int32Array(this.#origins.length).fill(2 ** 31 - 1);
    const last = new Int32Array(this.#origins.length).fill(-(2 ** 31));
    const origin = this.#leadOrigin;
    for (let row = 0; row < origin.length; row++) {
      const code = origin.get(row);
      const day = this.#builder.leadCreatedDay(row);
      if (day < first[code]!) first[code] = day;
      if (day > last[code]!) last[code] = day;
    }
    const out: SourceCoverage[] = this.#origins.map((o, code) => ({
      origin: o,
      side: 'leads' as const,
      firstDay: isoFromDay(first[code]!),
      lastDay: isoFromDay(last[code]!),
    }));
    const spend = new Map<string, { first: string; last: string }>();
    for (const c of this.costs.values()) {
      const end = c.endDate ?? c.date;
      const span = spend.get(c.origin);
      if (!span) spend.set(c.origin, { first: c.date, last: end });
      else {
        if (c.date < span.first) span.first = c.date;
        if (end > span.last) span.last = end;
      }
    }
    for (const [o, span] of spend)
      out.push({ origin: o, side: 'spend', firstDay: span.first, lastDay: span.last });
    return out.sort((a, b) => a.origin.localeCompare(b.origin) || a.side.localeCompare(b.side));
  }

  /**
   * The snapshot of every row written (the store's data version after these imports: one per
   * import recorded). The sink is spent afterwards.
   */
  build(): Snapshot {
    this.#keys.clear();
    this.#strings.clear();
    this.#builder.addCosts(this.costs.values());
    const snapshot = this.#builder.build();
    return { ...snapshot, dataVersion: String(this.#imports) };
  }
}
