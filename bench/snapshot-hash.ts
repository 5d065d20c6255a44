/**
 * One hash per part of the snapshot the first answer is built from (every column, dictionary
 * and day index, plus the sink's sources and coverage), to tell that a change to ingest or to
 * SnapshotBuilder.build left the snapshot exactly as it was: run before and after, compare.
 *
 *   node bench/snapshot-hash.ts --leads bench/data/leads.csv --spend bench/data/spend.csv [--threads 1]
 *   node bench/snapshot-hash.ts --detect bench/data/hubspot-contacts-200000.csv   (preset detected, as `kpi --data`)
 *
 * `--lane off` maps every record the usual way, none in the lead or cost lane (IngestOptions.byteLane
 * false), to compare.
 *
 * Prints one line per part (name, sha256) and the ingest reports' counts.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ColumnSink } from '../src/data/column-sink.ts';
import { ingestFile } from '../src/ingest/file.ts';
import { genericPreset } from '../src/ingest/map.ts';
import type { Currency } from '../src/model/money.ts';
import { BENCH_CURRENCY, BENCH_LEAD_MAPPING, BENCH_SPEND_MAPPING, BENCH_TIME_ZONE } from './mappings.ts';

const { values: args } = parseArgs({
  options: {
    leads: { type: 'string' },
    spend: { type: 'string' },
    threads: { type: 'string', default: '1' },
    detect: { type: 'string' },
    lane: { type: 'string', default: 'on' },
  },
});
if ((!args.leads || !args.spend) && !args.detect) {
  console.error('usage: snapshot-hash.ts --leads F --spend F [--threads N] | --detect F [--lane off]');
  process.exit(2);
}

const sha = (data: ArrayBufferView | string): string => {
  const h = createHash('sha256');
  h.update(typeof data === 'string' ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return h.digest('hex').slice(0, 16);
};

const sink = new ColumnSink({
  timeZone: BENCH_TIME_ZONE,
  currency: BENCH_CURRENCY as Currency,
  parts: { threads: Number(args.threads) },
});
const byteLane = args.lane !== 'off';
const files: [string, ReturnType<typeof genericPreset> | undefined][] = args.detect
  ? [[args.detect, undefined]]
  : [
      [args.leads!, genericPreset(BENCH_LEAD_MAPPING)],
      [args.spend!, genericPreset(BENCH_SPEND_MAPPING)],
    ];
for (const [path, preset] of files) {
  sink.startFile(path);
  const report = await ingestFile(
    path,
    {
      timeZone: BENCH_TIME_ZONE,
      currency: BENCH_CURRENCY,
      ...(preset ? { preset, origin: preset.id } : {}),
      byteLane,
    },
    sink,
  );
  const { elapsedMs: _, ...rest } = report;
  console.log(
    `report ${path} accepted=${report.accepted} merged=${report.merged} ${sha(JSON.stringify(rest))}`,
  );
  sink.recordImport(report, preset?.id ?? report.preset?.id ?? path, 0);
}
const coverage = sink.coverage();
const sources = sink.sources().map((s) => ({ ...s, lastImportId: '' }));
const s = sink.build();
const out: [string, string][] = [];
const put = (name: string, value: ArrayBufferView | string) => out.push([name, sha(value)]);
put('meta', JSON.stringify([s.timeZone, s.currency, s.dataVersion, s.customerCodes, s.minDay, s.maxDay]));
for (const [d, dict] of Object.entries(s.dictionaries))
  put(`dict.${d}`, JSON.stringify([dict.labels, dict.keys]));
for (const side of ['leads', 'costs'] as const) {
  for (const [name, value] of Object.entries(s[side])) {
    if (name === 'codes' || name === 'index') continue;
    put(`${side}.${name}`, ArrayBuffer.isView(value) ? value : JSON.stringify(value));
  }
  for (const [d, col] of Object.entries(s[side].codes)) put(`${side}.codes.${d}`, col);
}
for (const [name, idx] of Object.entries(s.leads.index)) {
  put(`leads.index.${name}.rows`, idx.rows);
  put(`leads.index.${name}.days`, idx.days);
}
put('coverage', JSON.stringify(coverage));
put('sources', JSON.stringify(sources));
for (const [name, hash] of out) console.log(`${name} ${hash}`);
console.log(`all ${sha(out.map((o) => o.join(' ')).join('\n'))}`);
