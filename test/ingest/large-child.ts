// Run in a child process by large-file.test.ts: ingests one file into a counting sink and
// prints the report counts and this process's max RSS as JSON on stdout.
import { ingestFile } from '../../src/ingest/file.ts';
import type { IngestSink } from '../../src/ingest/sink.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { options } from './support.ts';

let written = 0;
const sink: IngestSink = {
  async writeLeads(rows: readonly Lead[]) {
    written += rows.length;
  },
  async writeCosts(rows: readonly Cost[]) {
    written += rows.length;
  },
  async knownCampaignKeys() {
    return new Set<string>();
  },
};

const path = process.argv[2];
if (!path) throw new Error('usage: large-child.ts <file>');
const report = await ingestFile(path, options(), sink);
const { rowsRead, accepted, merged, skipped, summary, error, elapsedMs } = report;
process.stdout.write(
  JSON.stringify({
    rowsRead,
    accepted,
    merged,
    skipped,
    summary,
    written,
    error: error?.message ?? null,
    elapsedMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
