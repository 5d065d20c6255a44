import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  all,
  type Breakage,
  CHANNEL_INJECTION,
  FORMULA_CAMPAIGN,
  plant,
  SAMPLE_BROKEN_ROWS,
  set,
} from './broken.ts';
import { isoFromDay, localDay } from './calendar.ts';
import { type EncodedFile, encodeFile } from './encode.ts';
import * as f from './formats.ts';
import { generateLeadDays, type SampleLead, type Timeline, timeline } from './leads.ts';
import { CAMPAIGNS, EXACT_CAMPAIGNS, SAMPLE_CLV_TARGET, SAMPLE_CURRENCY } from './plan.ts';
import { createRng } from './prng.ts';
import { buildSpend, type SpendRow } from './spend.ts';
import { sampleConfigYaml } from './yaml.ts';

export interface SampleOptions {
  seed: number;
  /** "Today": the data stops the day before, in the workspace time zone. */
  anchor: Date;
  months?: number;
  leads?: number;
  /** Accepted for symmetry; the plan has a fixed set of 40 campaigns. */
  campaigns?: number;
  timeZone: string;
  outDir: string;
}

/** What ingesting one sample file must report. */
export interface SampleFileReport {
  file: string;
  preset: string;
  /** Distinct rows stored. */
  records: number;
  duplicates: number;
  skipped: number;
  summary: number;
  /** Spend of the stored rows, in cents (cost files). */
  spendCents?: number;
}

export interface Sample {
  timeline: Timeline;
  leads: SampleLead[];
  spend: SpendRow[];
}

/** The sample in memory, before formatting: what the planted-fact tests read. */
export function buildSample(options: Omit<SampleOptions, 'outDir'>): Sample {
  const anchorDay = localDay(options.anchor, options.timeZone);
  const months = options.months ?? 18;
  const leads: SampleLead[] = [];
  for (const day of generateLeadDays({
    seed: options.seed,
    anchorDay,
    months,
    leads: options.leads ?? 20_000,
  })) {
    leads.push(...day);
  }
  const t = timeline(anchorDay, months);
  return { timeline: t, leads, spend: buildSpend(t, leads, createRng(options.seed).fork('spend')) };
}

const idOf = (name: string, base: number): number =>
  base + Math.max(0, [...EXACT_CAMPAIGNS.map((c) => c.name), ...CAMPAIGNS.map((c) => c.name)].indexOf(name));

function hubspotFile(leads: readonly SampleLead[]): EncodedFile {
  const clear = all(
    set(6, 'Lead'),
    set(7, 'Paid Social'),
    set(8, 'facebook'),
    ...[15, 16, 17, 18, 19].map((i) => set(i, '')),
  );
  const b: Breakage[] = [
    { kind: 'badDate', edit: all(set(0, '900001'), set(5, '2026-02-30 10:00')) },
    { kind: 'duplicate' },
    { kind: 'badNumber', edit: all(set(0, '900002'), set(19, '1 2O0')) },
    { kind: 'missingRequired', edit: all(set(0, '900008'), set(5, '')) },
    { kind: 'literal', edit: all(set(0, '900003'), clear, set(9, CHANNEL_INJECTION)) },
    { kind: 'duplicate' },
    { kind: 'badDate', edit: all(set(0, '900004'), set(5, '31/31/2026 10:00')) },
    { kind: 'badNumber', edit: all(set(0, '900005'), set(19, 'abc')) },
    { kind: 'missingRequired', edit: all(set(0, '900006'), set(5, '')) },
    { kind: 'literal', edit: all(set(0, '900007'), clear, set(9, FORMULA_CAMPAIGN)) },
    { kind: 'duplicate' },
  ];
  const rows = plant(leads.map(f.hubspotCells), b);
  return {
    lines: [f.quoted([...f.HUBSPOT_HEADER]), ...rows.map((r) => f.quoted(r))],
    encoding: 'utf8',
    eol: '\n',
  };
}

const cents = (rows: readonly SpendRow[]): number => rows.reduce((s, r) => s + r.cents, 0);

/** Writes the sample exports, the expected ingest reports and the YAML config into outDir. */
export async function generateSample(options: SampleOptions): Promise<SampleFileReport[]> {
  const sample = buildSample(options);
  const t = sample.timeline;
  const first = t.startDay;
  const last = t.anchorDay - 1;
  const by = (p: SpendRow['platform']): SpendRow[] => sample.spend.filter((r) => r.platform === p);
  const google = by('google');
  const bing = by('bing');
  const meta = by('facebook');
  const linkedin = by('linkedin');
  const B = SAMPLE_BROKEN_ROWS;
  const files: [string, EncodedFile, SampleFileReport][] = [];
  const report = (
    file: string,
    preset: keyof typeof B,
    records: number,
    spendCents?: number,
  ): SampleFileReport => {
    const k = B[preset];
    const skipped = k.badDate + k.badNumber + k.missingRequired;
    return {
      file,
      preset,
      records: records + k.literal,
      duplicates: k.duplicate,
      skipped,
      summary: k.summary,
      ...(spendCents === undefined ? {} : { spendCents }),
    };
  };
  files.push([
    'hubspot-contacts.csv',
    hubspotFile(sample.leads),
    report('hubspot-contacts.csv', 'hubspot-contacts', sample.leads.length),
  ]);
  const googleRows = plant(google.map(f.googleCells), [
    { kind: 'badDate', edit: set(1, '2026-02-30') },
    { kind: 'duplicate' },
    { kind: 'badNumber', edit: set(4, '1,2O4.50') },
    { kind: 'missingRequired', edit: set(4, '') },
  ]);
  files.push([
    'google-ads-campaigns.csv',
    {
      lines: [
        ...f.googlePreamble(first, last),
        f.GOOGLE_HEADER.join('\t'),
        ...googleRows.map((r) => r.join('\t')),
        ...f.googleTotals(google),
      ],
      encoding: 'utf16le',
      eol: '\r\n',
    },
    report('google-ads-campaigns.csv', 'google-ads-campaigns', google.length, cents(google)),
  ]);
  const msRows = plant(
    bing.map((r) => f.microsoftCells(r, idOf(r.campaign, 412_345_000))),
    [{ kind: 'badDate', edit: set(0, '2/29/2026') }, { kind: 'duplicate' }],
  );
  files.push([
    'microsoft-ads-campaigns.csv',
    {
      lines: [
        ...f.microsoftPreamble(first, last, msRows.length),
        f.quoted(f.MICROSOFT_HEADER),
        ...msRows.map((r) => f.quoted(r)),
        ...f.microsoftTotals(bing, isoFromDay(last).slice(0, 4)),
      ],
      encoding: 'utf8bom',
      eol: '\r\n',
    },
    report('microsoft-ads-campaigns.csv', 'microsoft-ads-campaigns', bing.length, cents(bing)),
  ]);
  const noDate = all(set(1, ''), set(6, ''), set(7, ''));
  const metaRows = plant(meta.map(f.metaFrCells), [
    { kind: 'literal', edit: all(set(0, CHANNEL_INJECTION), set(2, '12,34')) },
    { kind: 'badDate', edit: all(set(1, '31/02/2026'), set(6, '31/02/2026'), set(7, '31/02/2026')) },
    { kind: 'duplicate' },
    { kind: 'missingRequired', edit: noDate },
  ]);
  files.push([
    'meta-ads-fr.csv',
    {
      lines: [f.META_FR_HEADER.join(';'), ...metaRows.map((r) => f.plain(r, ';'))],
      encoding: 'utf8bom',
      eol: '\r\n',
    },
    report('meta-ads-fr.csv', 'meta-ads', meta.length, cents(meta) + 1234),
  ]);
  const liRows = plant(
    linkedin.map((r) => f.linkedinCells(r, idOf(r.campaign, 218_765_000))),
    [{ kind: 'badNumber', edit: set(6, 'n/d') }, { kind: 'duplicate' }],
  );
  files.push([
    'linkedin-campaigns-pt-br.csv',
    {
      lines: [
        ...f.linkedinPreamble(first, last),
        f.LINKEDIN_PT_HEADER.join('\t'),
        ...liRows.map((r) => r.join('\t')),
      ],
      encoding: 'utf16le',
      eol: '\r\n',
    },
    report('linkedin-campaigns-pt-br.csv', 'linkedin-campaigns', linkedin.length, cents(linkedin)),
  ]);
  await mkdir(options.outDir, { recursive: true });
  for (const [name, file] of files) await writeFile(join(options.outDir, name), encodeFile(file));
  const reports = files.map((x) => x[2]);
  const manifest = {
    seed: options.seed,
    anchor: isoFromDay(t.anchorDay),
    timeZone: options.timeZone,
    currency: SAMPLE_CURRENCY,
    clvTarget: SAMPLE_CLV_TARGET,
    files: reports,
  };
  await writeFile(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(options.outDir, 'kpi.yaml'), sampleConfigYaml(options.timeZone, reports));
  return reports;
}
