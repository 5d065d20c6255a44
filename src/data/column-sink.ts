import { randomUUID } from 'node:crypto';
import { hashKey, keyHashes, RowIndex } from '../ingest/id-set.ts';
import type { KeyHash } from '../ingest/identity.ts';
import type { FileRegion, SettledIngest } from '../ingest/parts.ts';
import type { IngestReport } from '../ingest/report.ts';
import { type CodedCost, type CodedLead, type GrainDay, MemorySink } from '../ingest/sink.ts';
import { int32 } from '../kpi/columns.ts';
import { type Snapshot, SnapshotBuilder } from '../kpi/snapshot.ts';
import type { Cost } from '../model/cost.ts';
import type { SourceCoverage } from '../model/coverage.ts';
import type { Lead } from '../model/lead.ts';
import type { Currency } from '../model/money.ts';
import { isoFromDay } from '../shared/days.ts';
import type { SourceFreshness } from '../store/imports.ts';
import { mapLeadsInParts, type PartsOptions, partThreads, RangePool } from './lead-parts.ts';
import type { PartRows } from './part-sink.ts';
import { PendingKeys } from './pending-keys.ts';
import { SpendRows } from './spend-rows.ts';

/** Keys claimed together after their slots are read ahead (RowIndex.touch), as the lead lane does. */
const PREFETCH = 1024;

/**
 * An ingest sink that writes leads straight into the snapshot's column builders (no store, no
 * object per lead): the compiled row mapper hands it each row (IngestSink.putLead), and a lead
 * whose origin + record id it already holds replaces that row, as the store's upsert does.
 * Spend rows are kept as columns of their own until build (data/spend-rows.ts, MemorySink's
 * rules) so the report levels' never-count-twice check (otherGrainDays / dropOtherGrains) works
 * as on the store, and their values are coded after the leads', as the store's read codes them.
 * What the store would say about the imports (sources' freshness, each origin's days) is kept
 * beside, so `kpi --data` answers the same without writing a temporary store
 * (test/data/column-sink.test.ts compares both). One difference: when a re-imported lead spells
 * a value otherwise than the row it replaces ("spring sale", then "Spring_Sale"), the old
 * spelling still counts for the value's label and stays in the did-you-mean vocabulary.
 */
export class ColumnSink extends MemorySink {
  #builder: SnapshotBuilder;
  readonly #builderOptions: ConstructorParameters<typeof SnapshotBuilder>[0];
  #keys = new RowIndex();
  /** Each lead row's origin, as an index into #origins. */
  #leadOrigin = int32();
  readonly #origins: string[] = [];
  readonly #originCode = new Map<string, number>();
  #lastOrigin = '';
  #lastCode = -1;
  /** Leads per origin number. */
  readonly #leadsOf: number[] = [];
  /** The spend rows, as columns (MemorySink's `costs` stays empty). */
  readonly #spend = new SpendRows();
  readonly #sources = new Map<string, SourceFreshness>();
  #current = '';
  #imports = 0;
  readonly #parts: PartsOptions | false;
  /** Whether a first lead file's keys may be claimed after its rows (deferKeys; false: as they come, to compare). */
  readonly #defers: boolean;

  /**
   * `parts`: how a large lead file is mapped in byte ranges on several threads (lead-parts.ts),
   * or false to map every file on this thread. `deferKeys` false: every key claimed as its row
   * comes (deferKeys), to compare.
   */
  constructor(opts: {
    timeZone: string;
    currency: Currency;
    parts?: PartsOptions | false;
    deferKeys?: boolean;
  }) {
    super();
    this.#defers = opts.deferKeys ?? true;
    this.#builderOptions = { timeZone: opts.timeZone, currency: opts.currency, dataVersion: '0' };
    this.#builder = new SnapshotBuilder(this.#builderOptions);
    this.#parts = opts.parts ?? {};
  }

  /** The file whose rows come next (the level check and the sources name it). */
  startFile(name: string): void {
    this.#current = name;
    // Threads started for a file whose ingest stopped before its rows (a refused file).
    this.#pool?.close();
    this.#pool = null;
  }

  reserve(kind: 'lead' | 'cost', rows: number): void {
    if (kind === 'lead') {
      this.#keys.reserve(rows);
      this.#expectedLeads = rows;
    } else this.#spend.reserve(rows);
  }

  /** The writer's pass (a file): a key put twice in one pass is a duplicate of the file. */
  #pass = 1;

  startPass(): void {
    this.#pass++;
  }

  putLead(row: Lead, line = 0): number {
    this.#keysNeeded();
    hashKey(row.recordId);
    const at = this.#claim(row.origin, keyHashes.h52, keyHashes.fnv, line);
    if (at >= 0) {
      this.#builder.replaceLead(at, row);
      return this.#keys.firstLine;
    }
    this.#builder.addLead(row);
    return 0;
  }

  /** The zone the byte lane counts a coded lead's days in: the snapshot's. */
  get leadDayZone(): string {
    return this.#builderOptions.timeZone;
  }

  /** putLead for a lead the byte lane coded (ingest/lead-lane.ts): the same rows and verdict. */
  putLeadCoded(origin: string, lead: CodedLead, line: number): number {
    this.#keysNeeded();
    const at = this.#claim(origin, lead.keyHash, lead.keyCheck, line);
    if (at >= 0) {
      this.#builder.replaceLeadCoded(at, lead);
      return this.#keys.firstLine;
    }
    this.#builder.addLeadCoded(lead);
    return 0;
  }

  /**
   * Before putLeadCoded of keys `h52[from..to)` of `origin`: their slots are read ahead, together
   * (RowIndex.touch). An origin not numbered yet is touched with the number it will get, and is
   * not numbered here (as putLead: an origin is known once a row of it is written).
   */
  touchLeadKeys(origin: string, h52: Float64Array, from: number, to: number): void {
    if (this.#deferring) return;
    this.#keysNeeded();
    this.#keys.touch(this.#codeAhead(origin), h52, from, to);
  }

  /**
   * An origin's number, or the one it will get, without numbering it (a touch reads ahead for
   * rows not written yet: as putLead, an origin is known once a row of it is written).
   */
  #codeAhead(origin: string): number {
    if (origin === this.#lastOrigin) return this.#lastCode;
    return this.#originCode.get(origin) ?? this.#origins.length;
  }

  /**
   * What putLead and putLeadCoded both do with a lead's key (origin + hashed record id): the row
   * it was written to before, else -1, the lead then counted as a new row of its origin (the
   * caller appends it to the builder).
   */
  #claim(origin: string, h52: number, fnv: number, line: number): number {
    const code = this.#codeOf(origin);
    if (this.#deferring) {
      // Taken as new; its key is claimed later (settleKeys).
      this.#pending!.push(h52, fnv, line);
      this.#leadOrigin.push(code);
      this.#leadsOf[code] = (this.#leadsOf[code] ?? 0) + 1;
      return -1;
    }
    const at = this.#keys.claimSeenHashed(code, h52, fnv, this.#builder.leadCount, this.#pass, line);
    if (at < 0) {
      this.#leadOrigin.push(code);
      this.#leadsOf[code] = (this.#leadsOf[code] ?? 0) + 1;
    }
    return at;
  }

  leadCode(d: number, raw: string | null): number {
    return this.#builder.leadCode(d, raw);
  }

  /** The threads started for the file about to be mapped in parts (prepareParts), until it is. */
  #pool: RangePool | null = null;

  /** A large lead file: its threads start loading while the file's settings are settled. */
  prepareParts(file: FileRegion, kind: 'lead' | 'cost'): void {
    this.#pool?.close();
    this.#pool = null;
    if (this.#parts === false) return;
    const threads = partThreads(file, kind, this.#parts);
    if (threads > 0) this.#pool = new RangePool(threads);
  }

  /**
   * A lead file about to be written here while no lead is held yet (the lead columns are empty,
   * the spend is kept apart): dropping it is starting the lead side afresh, with the origins
   * numbered since forgotten. Null when leads are held or the file would be mapped in parts.
   */
  markFile(file: FileRegion | undefined): (() => void) | null {
    this.#keysNeeded();
    if (this.#builder.leadCount > 0 || this.#pool !== null) return null;
    if (file && this.#parts !== false && partThreads(file, 'lead', this.#parts) > 0) return null;
    const origins = this.#origins.length;
    const leadsOf = [...this.#leadsOf];
    return () => {
      this.#builder = new SnapshotBuilder(this.#builderOptions);
      this.#keys = new RowIndex();
      this.#dropPending();
      this.#leadOrigin = int32();
      this.#leadsOf.splice(0, this.#leadsOf.length, ...leadsOf);
      for (const origin of this.#origins.splice(origins)) this.#originCode.delete(origin);
      this.#lastOrigin = '';
      this.#lastCode = -1;
    };
  }

  /** A large lead file: mapped in parts on worker threads, each part merged here in file order. */
  async mapInParts(file: FileRegion, settled: SettledIngest, report: IngestReport): Promise<boolean> {
    const pool = this.#pool;
    this.#pool = null;
    if (this.#parts === false) return false;
    const origin = settled.ctx.origin;
    const merge = (rows: PartRows, offset: number) => this.#mergePart(rows, origin, offset);
    return mapLeadsInParts(file, settled, report, { merge }, this.#parts, pool);
  }

  /** A run of a part's leads, as putLead would have written them one by one; its verdicts. */
  #mergePart(rows: PartRows, origin: string, offset: number): Int32Array {
    this.#keysNeeded();
    const n = rows.part.rows;
    const first = new Int32Array(n);
    // As putLead: an origin is known once a row of it is written.
    if (n === 0) return first;
    const code = this.#codeOf(origin);
    const { keyHash, keyCheck, line } = rows;
    const keys = this.#keys;
    const pass = this.#pass;
    const target = new Int32Array(n);
    const base = this.#builder.leadCount;
    let added = 0;
    for (let i = 0; i < n; i++) {
      const at = keys.claimSeenHashed(code, keyHash[i]!, keyCheck[i]!, base + added, pass, line[i]! + offset);
      target[i] = at;
      if (at < 0) added++;
      else first[i] = keys.firstLine;
    }
    this.#builder.appendLeadPart(rows.part, target);
    for (let i = 0; i < added; i++) this.#leadOrigin.push(code);
    this.#leadsOf[code] = (this.#leadsOf[code] ?? 0) + added;
    return first;
  }

  // ---- Deferred keys: a first lead file's keys claimed after its rows (deferKeys, settleKeys) ----

  /** Whether the rows being written have their keys' claims deferred. */
  #deferring = false;
  /** The keys of the rows written with their claims deferred, from row 0 (no lead was held before). */
  #pending: PendingKeys | null = null;
  /** The rows the lead file about to be written holds, about (reserve). */
  #expectedLeads = 0;
  /** The pass the pending keys were written in, once no longer deferring and still to claim. */
  #pendingPass = -1;

  /**
   * Before a lead file is written on this thread, when the sink holds no lead yet: its rows'
   * keys are not claimed one by one as they come (a random read of a table far larger than the
   * caches: a fifth of mapping a lead), every row is taken as new and its key kept, and the keys
   * are claimed together (settleKeys), or not at all when the file's ids are known distinct.
   * Returns a way to drop what the file wrote (as markFile), null when the sink does not defer
   * (leads held, the file mapped in parts, or `deferKeys: false`).
   */
  deferKeys(file: FileRegion | undefined): (() => void) | null {
    if (!this.#defers) return null;
    const drop = this.markFile(file);
    // No lead held (markFile): no key claimed either.
    if (drop === null) return null;
    this.#deferring = true;
    this.#pending = new PendingKeys(this.#expectedLeads);
    return drop;
  }

  /**
   * Ends the deferral: `clean` true when the file's record ids are known all distinct and plain
   * (the scan thread's KeyCheck, at the file's end), else false or null (not known). Unless
   * clean, the keys kept so far are claimed now, in row order, and the rows still to come are
   * claimed as they come: false when a key repeats an earlier row's (the file is then written
   * again with its keys claimed as they come, after the drop deferKeys gave). Clean, the keys
   * are claimed only if one is looked up later (another lead file).
   */
  settleKeys(clean: boolean | null): boolean {
    if (!this.#deferring) return true;
    this.#deferring = false;
    this.#pendingPass = this.#pass;
    if (clean === true) return true;
    return this.#claimPending();
  }

  /** The kept keys claimed before any key is looked up (a repeat there would be a bug: settleKeys was told none). */
  #keysNeeded(): void {
    if (this.#pendingPass < 0 || this.#deferring) return;
    if (!this.#claimPending()) throw new Error('ColumnSink: a deferred key repeats an earlier row');
  }

  /** Claims the kept keys in row order, as #claim would have; false at the first that repeats an earlier row. */
  #claimPending(): boolean {
    const pending = this.#pending!;
    const n = pending.length;
    const { h52, fnv, line } = pending;
    const pass = this.#pendingPass;
    const keys = this.#keys;
    const origin = this.#leadOrigin;
    keys.reserve(n);
    for (let from = 0; from < n; from += PREFETCH) {
      const to = Math.min(n, from + PREFETCH);
      // One file's rows: one origin. Their slots read ahead together, as the lead lane does.
      keys.touch(origin.get(from), h52, from, to);
      for (let row = from; row < to; row++) {
        if (keys.claimSeenHashed(origin.get(row), h52[row]!, fnv[row]!, row, pass, line[row]!) >= 0)
          return false;
      }
    }
    this.#dropPending();
    return true;
  }

  #dropPending(): void {
    this.#deferring = false;
    this.#pendingPass = -1;
    this.#pending = null;
  }

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

  putCost(row: Cost, line = 0, key: KeyHash | null = null): number {
    return this.#spend.put(this.#codeOf(row.origin), row, this.#current, this.#pass, line, key);
  }

  /** putCost for a spend row the byte lane coded (ingest/cost-lane.ts): the same rows and verdict. */
  putCostCoded(origin: string, cost: CodedCost, line: number): number {
    return this.#spend.putCoded(this.#codeOf(origin), cost, this.#current, this.#pass, line);
  }

  spendCode(text: string | null): number {
    return this.#spend.code(text);
  }

  /**
   * Before putCostCoded of keys `h52[from..to)` of `origin`: their slots are read ahead, together
   * (as touchLeadKeys; an origin not numbered yet is touched with the number it will get).
   */
  touchCostKeys(origin: string, h52: Float64Array, from: number, to: number): void {
    this.#spend.touch(this.#codeAhead(origin), h52, from, to);
  }

  override async writeLeads(rows: readonly Lead[]): Promise<void> {
    for (const row of rows) this.putLead(row);
  }

  override async writeCosts(rows: readonly Cost[]): Promise<void> {
    for (const row of rows) this.putCost(row);
  }

  override async knownCampaignKeys(kind: 'lead' | 'cost'): Promise<ReadonlySet<string>> {
    return kind === 'lead' ? this.#builder.leadCampaignKeys() : this.#spend.campaignKeys();
  }

  override async otherGrainDays(grain: string, range?: { from: string; to: string }) {
    return this.#spend.otherGrainDays(grain, range, this.#origins);
  }

  override async dropOtherGrains(grain: string, days: readonly GrainDay[]): Promise<number> {
    return this.#spend.dropOtherGrains(grain, days);
  }

  /**
   * Records a finished file as the store's import record does (store/imports.ts
   * recordImport): the origin's freshness row, with its rows counted now.
   */
  recordImport(report: IngestReport, origin: string, finishedAt: number): void {
    if (report.accepted + report.merged === 0) return;
    this.#imports++;
    const before = this.#sources.get(origin);
    const code = this.#originCode.get(origin);
    const costRows = code === undefined ? 0 : this.#spend.rowsOf(code);
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
    // Spend-only origins have a number too (their rows keep it): only origins with leads here.
    const out: SourceCoverage[] = [];
    this.#origins.forEach((o, code) => {
      if ((this.#leadsOf[code] ?? 0) === 0) return;
      out.push({
        origin: o,
        side: 'leads',
        firstDay: isoFromDay(first[code]!),
        lastDay: isoFromDay(last[code]!),
      });
    });
    for (const [code, span] of this.#spend.spans())
      out.push({ origin: this.#origins[code]!, side: 'spend', firstDay: span.first, lastDay: span.last });
    return out.sort((a, b) => a.origin.localeCompare(b.origin) || a.side.localeCompare(b.side));
  }

  /**
   * The snapshot of every row written (the store's data version after these imports: one per
   * import recorded). The sink is spent afterwards.
   */
  build(): Snapshot {
    this.#pool?.close();
    this.#pool = null;
    this.#keys.clear();
    // The sink is spent: keys still kept are never looked up.
    this.#dropPending();
    this.#spend.addTo(this.#builder);
    this.#spend.clear();
    const snapshot = this.#builder.build();
    return { ...snapshot, dataVersion: String(this.#imports) };
  }
}
