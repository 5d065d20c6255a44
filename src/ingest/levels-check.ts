import { campaignKey } from '../model/campaign.ts';
import type { Cost } from '../model/cost.ts';
import { AppError } from '../shared/errors.ts';
import { isBlankRecord } from './csv.ts';
import type { ReportMessage } from './report.ts';
import { mapRow, type RowContext } from './row.ts';
import type { GrainDay, IngestSink } from './sink.ts';
import { isSummaryRow } from './summary.ts';

/** Days `from`..`to` (ISO, inclusive): a day's row is a span of one. */
export interface Span {
  from: string;
  to: string;
}

const MS_DAY = 86_400_000;
const overlaps = (a: Span, b: Span): boolean => a.from <= b.to && b.from <= a.to;
const nextDay = (day: string): string => new Date(Date.parse(day) + MS_DAY).toISOString().slice(0, 10);

/** A cost row's span of days: a campaign grid row covers date..endDate. */
export const spanOf = (row: Pick<Cost, 'date' | 'endDate'>): Span => ({
  from: row.date,
  to: row.endDate ?? row.date,
});

/**
 * The spans of spend per platform and campaign (campaign keys, model/campaign.ts). A row without
 * a campaign (an old AdWords keyword report has no campaign column) meets every campaign of its
 * platform: nothing tells it apart, so it is never added beside them.
 */
export class Coverage {
  private readonly bySource = new Map<string, Map<string | null, Span[]>>();
  private readonly names = new Map<string, string | null>();
  private merged = true;

  add(source: string | null, campaign: string | null, span: Span, name: string | null = null): void {
    let campaigns = this.bySource.get(source ?? '');
    if (!campaigns) {
      campaigns = new Map();
      this.bySource.set(source ?? '', campaigns);
    }
    const spans = campaigns.get(campaign);
    if (spans) spans.push(span);
    else campaigns.set(campaign, [span]);
    const key = `${source ?? ''}\u0000${campaign ?? ''}`;
    if (!this.names.has(key)) this.names.set(key, name);
    this.merged = false;
  }

  get size(): number {
    return this.bySource.size;
  }

  /** The campaign as the file wrote it (for messages). */
  nameOf(source: string | null, campaign: string | null): string | null {
    return this.names.get(`${source ?? ''}\u0000${campaign ?? ''}`) ?? null;
  }

  /** The spans that meet a row of this platform and campaign could overlap. */
  spansFor(source: string | null, campaign: string | null): Span[] {
    this.merge();
    const campaigns = this.bySource.get(source ?? '');
    if (!campaigns) return [];
    if (campaign === null) return [...campaigns.values()].flat();
    return [...(campaigns.get(campaign) ?? []), ...(campaigns.get(null) ?? [])];
  }

  meets(source: string | null, campaign: string | null, span: Span): boolean {
    return this.spansFor(source, campaign).some((s) => overlaps(s, span));
  }

  /** The first and last day covered. */
  range(): Span | null {
    let from = '9999-12-31';
    let to = '0000-01-01';
    for (const campaigns of this.bySource.values()) {
      for (const spans of campaigns.values()) {
        for (const s of spans) {
          if (s.from < from) from = s.from;
          if (s.to > to) to = s.to;
        }
      }
    }
    return from <= to ? { from, to } : null;
  }

  // Sorted, with touching and overlapping spans joined: a daily file of a year is one span per campaign.
  private merge(): void {
    if (this.merged) return;
    for (const campaigns of this.bySource.values()) {
      for (const [campaign, spans] of campaigns) {
        spans.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
        const out: Span[] = [];
        for (const s of spans) {
          const last = out[out.length - 1];
          if (last && s.from <= nextDay(last.to)) {
            if (s.to > last.to) last.to = s.to;
          } else out.push({ ...s });
        }
        campaigns.set(campaign, out);
      }
    }
    this.merged = true;
  }
}

/** How a file's spend sits beside stored spend of other grains. */
export type LevelOutcome =
  | { ok: true; covered: Coverage | null; warnings: ReportMessage[] }
  | { ok: false; error: AppError };

/** The records of the file (run.ts `RecordSource`, restated: run.ts imports this module). */
interface Records {
  sample: readonly { cells: readonly unknown[] }[];
  sampleIsAll: boolean;
  delimiter: string;
  records(pass: 'scan' | 'map'): AsyncIterable<readonly { cells: readonly unknown[] }[]>;
}

const NONE: LevelOutcome = { ok: true, covered: null, warnings: [] };

/**
 * Never double count: when stored spend of the same platform and campaign, on days this file
 * also covers, comes from a file at another grain (a campaign report beside an ad-group report,
 * a Meta export with and without the age breakdown, a daily report beside a grid over the same
 * range), the file is refused, naming both files, unless `workspace.keepLevel` names the grain to
 * keep for that platform. Then the kept grain wins: the other grain's rows there are deleted
 * (this file is the kept one) or this file's rows there are skipped (the stored one is). A row
 * is kept or dropped whole: spend is never cut at a day boundary here. Costs a pass over the
 * file's rows only when the store holds spend of another grain at all.
 */
export async function resolveLevels(
  grain: string,
  source: Records,
  ctx: RowContext,
  sink: IngestSink,
  keepLevel: Readonly<Record<string, string>>,
  file: string,
): Promise<LevelOutcome> {
  if (!sink.otherGrainDays || (await sink.otherGrainDays(grain)).length === 0) return NONE;
  const mine = await fileCoverage(source, ctx);
  const range = mine.range();
  if (range === null) return NONE;
  const stored = await sink.otherGrainDays(grain, range);
  const conflicts = stored.filter((d) => mine.meets(d.source, d.campaignKey, spanOf(d)));
  if (conflicts.length === 0) return NONE;

  const drop: GrainDay[] = [];
  const kept: GrainDay[] = [];
  for (const [platform, list] of groupBy(conflicts, (d) => d.source ?? '')) {
    const keep = keepLevel[platform];
    if (keep === grain) drop.push(...list);
    else if (keep !== undefined && list.every((d) => d.grain === keep)) kept.push(...list);
    else return { ok: false, error: doubleCountError(file, grain, platform, list, mine) };
  }
  const warnings: ReportMessage[] = [];
  const byFile = (list: readonly GrainDay[]) =>
    groupBy(list, (d) => `${d.source}\u0000${d.grain}\u0000${d.name}`);
  if (drop.length > 0 && sink.dropOtherGrains) {
    const removed = await sink.dropOtherGrains(grain, drop);
    for (const list of byFile(drop).values()) {
      warnings.push({
        key: 'ingest.warn.levelReplaced',
        params: { rows: removed, ...about(list, grain, mine) },
      });
    }
  }
  let covered: Coverage | null = null;
  if (kept.length > 0) {
    covered = new Coverage();
    for (const d of kept) covered.add(d.source, d.campaignKey, spanOf(d));
    for (const list of byFile(kept).values()) {
      warnings.push({ key: 'ingest.warn.levelCovered', params: about(list, grain, mine) });
    }
  }
  return { ok: true, covered, warnings };
}

/** The other file, its grain, and how many campaign-days the two share. */
function about(list: readonly GrainDay[], grain: string, mine: Coverage) {
  const first = list[0] as GrainDay;
  return {
    other: first.name,
    otherLevel: first.grain,
    level: grain,
    platform: first.source ?? '',
    days: sharedDays(list, mine).size,
  };
}

/** The campaign-days (platform, campaign, ISO day) stored spend and the file's both cover. */
function sharedDays(list: readonly GrainDay[], mine: Coverage): Set<string> {
  const days = new Set<string>();
  for (const d of list) {
    const stored = spanOf(d);
    for (const span of mine.spansFor(d.source, d.campaignKey)) {
      // biome-ignore lint/complexity/useMathMinMax: ISO day strings (Math.max would give NaN)
      const from = span.from > stored.from ? span.from : stored.from;
      // biome-ignore lint/complexity/useMathMinMax: ISO day strings (Math.min would give NaN)
      const to = span.to < stored.to ? span.to : stored.to;
      for (let day = from; day <= to; day = nextDay(day))
        days.add(`${d.source}\u0000${d.campaignKey}\u0000${day}`);
    }
  }
  return days;
}

function doubleCountError(
  file: string,
  grain: string,
  platform: string,
  list: readonly GrainDay[],
  mine: Coverage,
): AppError {
  const first = list[0] as GrainDay;
  const same = list.filter((d) => d.name === first.name && d.campaignKey === first.campaignKey);
  const days = [...sharedDays(same, mine)].map((k) => k.slice(k.lastIndexOf('\u0000') + 1)).sort();
  return new AppError('double_count', 'ingest.error.doubleCount', {
    params: {
      file,
      other: first.name,
      level: grain,
      otherLevel: first.grain,
      platform: platform || '-',
      campaign: mine.nameOf(first.source, first.campaignKey) ?? first.campaignKey ?? '-',
      from: days[0] ?? first.date,
      to: days[days.length - 1] ?? first.date,
      days: sharedDays(list, mine).size,
    },
  });
}

/** The platform / campaigns of a file's spend rows and the spans they cover: every row mapped, nothing written. */
async function fileCoverage(source: Records, ctx: RowContext): Promise<Coverage> {
  const coverage = new Coverage();
  const seen = new Set<string>();
  const dateIndex = ctx.plan.byField.get('date')?.index ?? null;
  const scan = (records: readonly { cells: readonly unknown[] }[]) => {
    for (const { cells } of records) {
      if (isBlankRecord(cells) || isSummaryRow(cells, source.delimiter, ctx.plan.preset, dateIndex)) continue;
      const outcome = mapRow(cells, ctx);
      if (!outcome.ok) continue;
      const row = outcome.row as Cost;
      const key = campaignKey(row.campaign);
      const span = spanOf(row);
      const once = `${row.source}\u0000${key}\u0000${span.from}\u0000${span.to}`;
      if (seen.has(once)) continue;
      seen.add(once);
      coverage.add(row.source, key, span, row.campaign);
    }
  };
  if (source.sampleIsAll) scan(source.sample);
  else for await (const batch of source.records('scan')) scan(batch);
  return coverage;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
