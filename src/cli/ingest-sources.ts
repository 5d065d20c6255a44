import { glob, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, FileSourceConfig } from '../config/file.ts';
import { genericPreset } from '../ingest/map.ts';
import type { IngestOptions } from '../ingest/options.ts';

/** One file to ingest and how. */
export interface IngestJob {
  path: string;
  options: IngestOptions;
}

const DATA_FILE = /\.(csv|tsv|txt)$/i;

/** The workspace options every file gets (time zone, currency, rates). */
export function workspaceOptions(config: Config): IngestOptions {
  const { timeZone, currency, rates } = config.workspace;
  return { timeZone, currency, ...(rates ? { rates } : {}) };
}

/** The files of the config's file sources (a file, a folder of exports, or a glob), each with its source's options. */
export async function jobsFromConfig(config: Config, base: IngestOptions): Promise<IngestJob[]> {
  const jobs: IngestJob[] = [];
  for (const source of config.sources) {
    if (source.type !== 'file') continue;
    const options = sourceOptions(source, base);
    for (const path of await expand(source.path)) jobs.push({ path, options });
  }
  return jobs;
}

function sourceOptions(source: FileSourceConfig, base: IngestOptions): IngestOptions {
  const preset = source.mapping ? genericPreset(source.mapping) : source.preset;
  return {
    ...base,
    origin: source.name,
    ...(preset ? { preset } : {}),
    ...(source.dateOrder ? { dateOrder: source.dateOrder } : {}),
    ...(source.currency ? { sourceCurrency: source.currency } : {}),
  };
}

async function expand(path: string): Promise<string[]> {
  if (/[*?[{]/.test(path)) {
    const found: string[] = [];
    for await (const file of glob(path)) found.push(file);
    return found.sort();
  }
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) {
    const names = await readdir(path);
    return names
      .filter((n) => DATA_FILE.test(n))
      .sort()
      .map((n) => join(path, n));
  }
  // A missing file is reported by ingestFile, naming it.
  return [path];
}
