import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { localDay } from './calendar.ts';
import * as f from './formats.ts';
import { generateLeadDays, timeline } from './leads.ts';
import { CAMPAIGNS, EXACT_CAMPAIGNS, SAMPLE_ANCHOR, SAMPLE_TIME_ZONE } from './plan.ts';
import { createRng } from './prng.ts';

export interface StreamOptions {
  seed: number;
  /** "Today" (default: the committed sample's anchor, so bench files are reproducible). */
  anchor?: Date;
  months?: number;
  timeZone?: string;
}

async function write(out: WriteStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

const anchorDayOf = (o: StreamOptions): number =>
  localDay(o.anchor ?? new Date(`${SAMPLE_ANCHOR}T12:00:00Z`), o.timeZone ?? SAMPLE_TIME_ZONE);

/**
 * Writes `leads` leads as a HubSpot contacts export (UTF-8, every value quoted), one day at a
 * time: memory stays flat whatever the count. Same generator as the committed sample.
 */
export async function generateLeadsCsv(
  options: StreamOptions & { leads: number },
  path: string,
): Promise<{ rows: number }> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let rows = 0;
  await write(out, `${f.quoted([...f.HUBSPOT_HEADER])}\n`);
  const days = generateLeadDays({
    seed: options.seed,
    anchorDay: anchorDayOf(options),
    months: options.months ?? 18,
    leads: options.leads,
  });
  for (const day of days) {
    if (day.length === 0) continue;
    rows += day.length;
    await write(out, `${day.map((lead) => f.quoted(f.hubspotCells(lead))).join('\n')}\n`);
  }
  await close(out);
  return { rows };
}

/**
 * Writes exactly `rows` daily spend rows as a Google Ads campaign report in plain UTF-8 CSV
 * (header only, no preamble or totals): the sample's campaign names first, then "Bench
 * Campaign NNN" as needed so the rows fit the timeline.
 */
export async function generateSpendCsv(
  options: StreamOptions & { rows: number },
  path: string,
): Promise<{ rows: number }> {
  const t = timeline(anchorDayOf(options), options.months ?? 18);
  const days = t.anchorDay - t.startDay;
  const names = [
    ...EXACT_CAMPAIGNS.map((c) => c.name),
    ...CAMPAIGNS.filter((c) => c.platform !== 'none').map((c) => c.name),
  ];
  const wanted = Math.ceil(options.rows / days);
  for (let i = names.length; i < wanted; i++) names.push(`Bench Campaign ${String(i + 1).padStart(3, '0')}`);
  const rng = createRng(options.seed).fork('bench-spend');
  const out = createWriteStream(path, { encoding: 'utf8' });
  await write(out, `${f.GOOGLE_HEADER.join(',')}\n`);
  let written = 0;
  for (let day = t.startDay; day < t.anchorDay && written < options.rows; day++) {
    const lines: string[] = [];
    for (let c = 0; c < wanted && written < options.rows; c++, written++) {
      const cents = rng.int(500, 60_000);
      const clicks = rng.int(0, Math.round(cents / 150));
      const row = {
        day,
        campaign: names[c] ?? '',
        platform: 'google' as const,
        cents,
        clicks,
        impressions: clicks * rng.int(15, 40),
        conversions: rng.int(0, 8),
      };
      lines.push(f.plain(f.googleCells(row)));
    }
    await write(out, `${lines.join('\n')}\n`);
  }
  await close(out);
  return { rows: written };
}
