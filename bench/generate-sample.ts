/**
 * `npm run sample`: regenerates the sample exports in samples/, anchored at today (or at
 * `--anchor YYYY-MM-DD`), with the sample's seed. `--out DIR` writes elsewhere.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample, SAMPLE_SEED, SAMPLE_TIME_ZONE } from '../src/sample/index.ts';

const { values } = parseArgs({
  options: {
    anchor: { type: 'string' },
    out: { type: 'string', default: 'samples' },
    seed: { type: 'string', default: String(SAMPLE_SEED) },
  },
});
// The composition root may read the real clock: "today" unless an anchor is given.
const anchor = values.anchor ? new Date(`${values.anchor}T12:00:00Z`) : new Date();
const reports = await generateSample({
  seed: Number(values.seed),
  anchor,
  months: 18,
  leads: 20_000,
  campaigns: 40,
  timeZone: SAMPLE_TIME_ZONE,
  outDir: resolve(values.out),
});
for (const r of reports) {
  console.log(`${r.file.padEnd(30)} ${r.preset.padEnd(24)} ${String(r.records).padStart(6)} rows`);
}
