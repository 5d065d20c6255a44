import { campaignKey } from '../model/campaign.ts';
import type { Cost } from '../model/cost.ts';
import { AppError } from '../shared/errors.ts';
import { isBlankRecord } from './csv.ts';
import type { ReportMessage } from './report.ts';
import { mapRow, type RowContext } from './row.ts';
import type { GrainDay, IngestSink } from './sink.ts';
import { isSummaryRow } from './summary.ts';

/** One platform, campaign and day: the unit two files must not both count. */
export const dayKey = (source: string | null, campaign: string | null, date: string): string =>
  `${source ?? ''}\u0000${campaign ?? ''}\u0000${date}`;

/** How a file's spend sits beside stored spend of other grains. */
export type LevelOutcome =
  | { ok: true; covered: ReadonlyMap<string, GrainDay>; warnings: ReportMessage[] }
  | { ok: false; error: AppError };

/** The records of the file (run.ts `RecordSource`, restated: run.ts imports this module). */
interface Records {
  sample: readonly { cells: readonly unknown[] }[];
  sampleIsAll: boolean;
  delimiter: string;
  records(pass: 'scan' | 'map'): AsyncIterable<readonly { cells: readonly unknown[] }[]>;
}

interface FileDay {
  source: string | null;
  campaign: string | null;
}

const NONE: LevelOutcome = { ok: true, covered: new Map(), warnings: [] };

/**
 * Never double count: when stored spend of the same platform, campaign and day comes from a
 * file at another grain (a campaign report beside an ad-group report, a Meta export with and
 * without the age breakdown), the file is refused, naming both files, unless
 * `workspace.keepLevel` names the grain to keep for that platform. Then the kept grain wins:
 * the other grain's rows of those days are deleted (this file is the kept one) or this file's
 * rows of those days are skipped (the stored one is). Costs a pass over the file's rows only
 * when the store holds spend of another grain at all.
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
  const days = await fileDays(source, ctx);
  if (days.size === 0) return NONE;
  let from = '9999-12-31';
  let to = '0000-01-01';
  for (const key of days.keys()) {
    const date = key.slice(key.lastIndexOf('\u0000') + 1);
    if (date < from) from = date;
    if (date > to) to = date;
  }
  const stored = await sink.otherGrainDays(grain, { from, to });
  const conflicts = stored.filter((d) => days.has(dayKey(d.source, d.campaignKey, d.date)));
  if (conflicts.length === 0) return NONE;

  const drop: GrainDay[] = [];
  const covered = new Map<string, GrainDay>();
  for (const [platform, list] of groupBy(conflicts, (d) => d.source ?? '')) {
    const keep = keepLevel[platform];
    if (keep === grain) drop.push(...list);
    else if (keep !== undefined && list.every((d) => d.grain === keep)) {
      for (const d of list) covered.set(dayKey(d.source, d.campaignKey, d.date), d);
    } else return { ok: false, error: doubleCountError(file, grain, platform, list, days) };
  }
  const warnings: ReportMessage[] = [];
  if (drop.length > 0 && sink.dropOtherGrains) {
    const removed = await sink.dropOtherGrains(grain, drop);
    for (const [, list] of groupBy(drop, (d) => `${d.source}\u0000${d.grain}\u0000${d.name}`)) {
      const first = list[0] as GrainDay;
      warnings.push({
        key: 'ingest.warn.levelReplaced',
        params: {
          rows: removed,
          other: first.name,
          otherLevel: first.grain,
          level: grain,
          platform: first.source ?? '',
          days: list.length,
        },
      });
    }
  }
  for (const [, list] of groupBy(
    [...covered.values()],
    (d) => `${d.source}\u0000${d.grain}\u0000${d.name}`,
  )) {
    const first = list[0] as GrainDay;
    warnings.push({
      key: 'ingest.warn.levelCovered',
      params: {
        other: first.name,
        otherLevel: first.grain,
        level: grain,
        platform: first.source ?? '',
        days: list.length,
      },
    });
  }
  return { ok: true, covered, warnings };
}

function doubleCountError(
  file: string,
  grain: string,
  platform: string,
  list: readonly GrainDay[],
  days: ReadonlyMap<string, FileDay>,
): AppError {
  const first = list[0] as GrainDay;
  const same = list.filter((d) => d.name === first.name && d.campaignKey === first.campaignKey);
  const dates = same.map((d) => d.date).sort();
  const campaign =
    days.get(dayKey(first.source, first.campaignKey, first.date))?.campaign ?? first.campaignKey ?? '-';
  return new AppError('double_count', 'ingest.error.doubleCount', {
    params: {
      file,
      other: first.name,
      level: grain,
      otherLevel: first.grain,
      platform: platform || '-',
      campaign,
      from: dates[0] ?? first.date,
      to: dates[dates.length - 1] ?? first.date,
      days: new Set(list.map((d) => dayKey(d.source, d.campaignKey, d.date))).size,
    },
  });
}

/** The platform / campaign / days of a file's spend rows: every row mapped, nothing written. */
async function fileDays(source: Records, ctx: RowContext): Promise<Map<string, FileDay>> {
  const days = new Map<string, FileDay>();
  const dateIndex = ctx.plan.byField.get('date')?.index ?? null;
  const scan = (records: readonly { cells: readonly unknown[] }[]) => {
    for (const { cells } of records) {
      if (isBlankRecord(cells) || isSummaryRow(cells, source.delimiter, ctx.plan.preset, dateIndex)) continue;
      const outcome = mapRow(cells, ctx);
      if (!outcome.ok) continue;
      const row = outcome.row as Cost;
      const key = dayKey(row.source, campaignKey(row.campaign), row.date);
      if (!days.has(key)) days.set(key, { source: row.source, campaign: row.campaign });
    }
  };
  if (source.sampleIsAll) scan(source.sample);
  else for await (const batch of source.records('scan')) scan(batch);
  return days;
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
