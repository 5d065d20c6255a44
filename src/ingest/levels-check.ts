import { campaignKey } from '../model/campaign.ts';
import type { Cost } from '../model/cost.ts';
import { AppError } from '../shared/errors.ts';
import { isBlankRecord } from './csv.ts';
import type { ReportMessage } from './report.ts';
import { mapRow, type RowContext } from './row.ts';
import type { GrainDay, IngestSink } from './sink.ts';
import { isSummaryRow } from './summary.ts';

/** One platform and campaign: spend of two grains there must not overlap in days. */
export const campaignOf = (source: string | null, campaign: string | null): string =>
  `${source ?? ''}\u0000${campaign ?? ''}`;

/** Days `from`..`to` (ISO, inclusive): a day's row is a span of one. */
export interface Span {
  from: string;
  to: string;
}

const overlaps = (a: Span, b: Span): boolean => a.from <= b.to && b.from <= a.to;

/** A cost row's span of days: a campaign grid row covers date..endDate. */
export const spanOf = (row: Pick<Cost, 'date' | 'endDate'>): Span => ({
  from: row.date,
  to: row.endDate ?? row.date,
});

/** Whether a row's span meets any span of the list (the stored spend of the kept grain). */
export const meetsAny = (span: Span, spans: readonly Span[] | undefined): boolean =>
  spans !== undefined && spans.some((s) => overlaps(span, s));

/** How a file's spend sits beside stored spend of other grains. */
export type LevelOutcome =
  | { ok: true; covered: ReadonlyMap<string, readonly Span[]>; warnings: ReportMessage[] }
  | { ok: false; error: AppError };

/** The records of the file (run.ts `RecordSource`, restated: run.ts imports this module). */
interface Records {
  sample: readonly { cells: readonly unknown[] }[];
  sampleIsAll: boolean;
  delimiter: string;
  records(pass: 'scan' | 'map'): AsyncIterable<readonly { cells: readonly unknown[] }[]>;
}

/** What a file holds of one platform and campaign: its name as written, and the spans of its rows. */
interface FileCampaign {
  campaign: string | null;
  spans: Span[];
}

const NONE: LevelOutcome = { ok: true, covered: new Map(), warnings: [] };
const MS_DAY = 86_400_000;

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
  const campaigns = await fileCampaigns(source, ctx);
  let from = '9999-12-31';
  let to = '0000-01-01';
  for (const { spans } of campaigns.values()) {
    for (const s of spans) {
      if (s.from < from) from = s.from;
      if (s.to > to) to = s.to;
    }
  }
  if (campaigns.size === 0) return NONE;
  const stored = await sink.otherGrainDays(grain, { from, to });
  const conflicts = stored.filter((d) =>
    meetsAny(spanOf(d), campaigns.get(campaignOf(d.source, d.campaignKey))?.spans),
  );
  if (conflicts.length === 0) return NONE;

  const drop: GrainDay[] = [];
  const covered = new Map<string, Span[]>();
  for (const [platform, list] of groupBy(conflicts, (d) => d.source ?? '')) {
    const keep = keepLevel[platform];
    if (keep === grain) drop.push(...list);
    else if (keep !== undefined && list.every((d) => d.grain === keep)) {
      for (const d of list) {
        const key = campaignOf(d.source, d.campaignKey);
        covered.set(key, [...(covered.get(key) ?? []), spanOf(d)]);
      }
    } else return { ok: false, error: doubleCountError(file, grain, platform, list, campaigns) };
  }
  const warnings: ReportMessage[] = [];
  const byFile = (list: readonly GrainDay[]) =>
    groupBy(list, (d) => `${d.source}\u0000${d.grain}\u0000${d.name}`);
  if (drop.length > 0 && sink.dropOtherGrains) {
    const removed = await sink.dropOtherGrains(grain, drop);
    for (const list of byFile(drop).values()) {
      warnings.push({
        key: 'ingest.warn.levelReplaced',
        params: { rows: removed, ...about(list, grain, campaigns) },
      });
    }
  }
  const kept = conflicts.filter((d) => covered.has(campaignOf(d.source, d.campaignKey)));
  for (const list of byFile(kept).values()) {
    warnings.push({ key: 'ingest.warn.levelCovered', params: about(list, grain, campaigns) });
  }
  return { ok: true, covered, warnings };
}

/** The other file, its grain, and how many campaign-days the two share. */
function about(list: readonly GrainDay[], grain: string, campaigns: ReadonlyMap<string, FileCampaign>) {
  const first = list[0] as GrainDay;
  const days = sharedDays(list, campaigns);
  return {
    other: first.name,
    otherLevel: first.grain,
    level: grain,
    platform: first.source ?? '',
    days: days.size,
  };
}

/** The campaign-days (platform, campaign, ISO day) stored spend and the file's both cover. */
function sharedDays(list: readonly GrainDay[], campaigns: ReadonlyMap<string, FileCampaign>): Set<string> {
  const days = new Set<string>();
  for (const d of list) {
    const key = campaignOf(d.source, d.campaignKey);
    const stored = spanOf(d);
    for (const span of campaigns.get(key)?.spans ?? []) {
      const from = span.from > stored.from ? span.from : stored.from;
      const to = span.to < stored.to ? span.to : stored.to;
      for (let t = Date.parse(from); t <= Date.parse(to); t += MS_DAY) {
        days.add(`${key}\u0000${new Date(t).toISOString().slice(0, 10)}`);
      }
    }
  }
  return days;
}

function doubleCountError(
  file: string,
  grain: string,
  platform: string,
  list: readonly GrainDay[],
  campaigns: ReadonlyMap<string, FileCampaign>,
): AppError {
  const first = list[0] as GrainDay;
  const key = campaignOf(first.source, first.campaignKey);
  const same = list.filter((d) => d.name === first.name && campaignOf(d.source, d.campaignKey) === key);
  const days = [...sharedDays(same, campaigns)].map((k) => k.slice(k.lastIndexOf('\u0000') + 1)).sort();
  return new AppError('double_count', 'ingest.error.doubleCount', {
    params: {
      file,
      other: first.name,
      level: grain,
      otherLevel: first.grain,
      platform: platform || '-',
      campaign: campaigns.get(key)?.campaign ?? first.campaignKey ?? '-',
      from: days[0] ?? first.date,
      to: days[days.length - 1] ?? first.date,
      days: sharedDays(list, campaigns).size,
    },
  });
}

/** The platform / campaigns of a file's spend rows and the spans they cover: every row mapped, nothing written. */
async function fileCampaigns(source: Records, ctx: RowContext): Promise<Map<string, FileCampaign>> {
  const campaigns = new Map<string, FileCampaign>();
  const seen = new Set<string>();
  const dateIndex = ctx.plan.byField.get('date')?.index ?? null;
  const scan = (records: readonly { cells: readonly unknown[] }[]) => {
    for (const { cells } of records) {
      if (isBlankRecord(cells) || isSummaryRow(cells, source.delimiter, ctx.plan.preset, dateIndex)) continue;
      const outcome = mapRow(cells, ctx);
      if (!outcome.ok) continue;
      const row = outcome.row as Cost;
      const key = campaignOf(row.source, campaignKey(row.campaign));
      const span = spanOf(row);
      const once = `${key}\u0000${span.from}\u0000${span.to}`;
      if (seen.has(once)) continue;
      seen.add(once);
      const entry = campaigns.get(key);
      if (entry) entry.spans.push(span);
      else campaigns.set(key, { campaign: row.campaign, spans: [span] });
    }
  };
  if (source.sampleIsAll) scan(source.sample);
  else for await (const batch of source.records('scan')) scan(batch);
  return campaigns;
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
