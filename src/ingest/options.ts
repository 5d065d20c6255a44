import { AppError, err, ok, type Result } from '../shared/errors.ts';
import { type ColumnPlan, detectPreset, planColumns } from './map.ts';
import type { DateOrder, Preset } from './preset.ts';
import { PRESETS } from './presets/index.ts';

/** How to ingest one file or sheet. */
export interface IngestOptions {
  /** Where the rows come from, with recordId the idempotency key (default: the preset id). */
  origin?: string;
  /** A preset id or a preset (e.g. `genericPreset(mapping)`); detected from the header when absent. */
  preset?: string | Preset;
  /** Fixes the day/month order (config `sources[].dateOrder`, CLI `--date-order`). */
  dateOrder?: DateOrder;
  /** The workspace time zone: date-only cells are midnight there. */
  timeZone: string;
  /** The workspace currency (ISO 4217). */
  currency: string;
  /** Rates to the workspace currency, e.g. `{ USD: 0.92 }`: amounts in USD are multiplied by 0.92. */
  rates?: Record<string, number>;
  /** The currency of the source's amounts when neither its header nor its cells say (config `sources[].currency`). */
  sourceCurrency?: string;
  /**
   * The days the file covers (`--period`, `sources[].period`), first and last inclusive: rows of a
   * campaign grid that states no range span them, and so do rows dated by a span's start (LinkedIn).
   */
  period?: { from: string; to: string };
  /** How many skipped-row examples the report keeps (default 5). */
  sampleErrors?: number;
  /** The presets detection tries (default: the built-in PRESETS). */
  presets?: readonly Preset[];
  /** Rows per sink write (default 5 000). */
  batchSize?: number;
  /**
   * The grain to keep per platform (config `workspace.keepLevel`, e.g. `{ google: 'ad_group' }`)
   * when files at different levels cover the same spend (ingest/levels-check.ts). Without it
   * such a file is refused.
   */
  keepLevel?: Readonly<Record<string, string>>;
  /**
   * Settle the date order before mapping even when the sample shows no numeric date (run.ts
   * otherwise maps at once and settles only at the first row that needs the order): the same
   * result, by the older path; tests compare the two.
   */
  settleDateOrderFirst?: boolean;
  /**
   * False: a file's records are all mapped the usual way, none in a byte lane (lead-lane.ts,
   * cost-lane.ts): the same result, by the older path; tests and benchmarks compare the two.
   */
  byteLane?: boolean;
  /** How many bytes a file is read in at a time (tests make it small, so records straddle reads). */
  readChunkBytes?: number;
  /**
   * A large UTF-8 file is read and scanned on a thread of its own (scan-thread.ts) while its
   * records are mapped on this one, from `minBytes` on (default SCAN_THREAD_MIN_BYTES) when the
   * machine has two cores or more; false: on this thread. The same records either way.
   */
  scanThread?: false | { minBytes?: number };
}

/** The presets to try on a header: the named one only, or all of them. */
export function candidatePresets(options: IngestOptions, file: string): Result<readonly Preset[]> {
  const { preset } = options;
  if (preset === undefined) return ok(options.presets ?? PRESETS);
  if (typeof preset !== 'string') return ok([preset]);
  const all = options.presets ?? PRESETS;
  const found = all.find((p) => p.id === preset);
  if (found) return ok([found]);
  return err(
    new AppError('format_unknown', 'ingest.error.presetUnknown', {
      params: { file, preset, presets: all.map((p) => p.id).join(', ') || '-' },
    }),
  );
}

/** Applies the named preset, or detects one, on a header row. */
export function choosePlan(
  header: readonly string[],
  options: IngestOptions,
  file: string,
): Result<{ plan: ColumnPlan; how: 'named' | 'detected' }> {
  const candidates = candidatePresets(options, file);
  if (!candidates.ok) return candidates;
  if (options.preset !== undefined) {
    const preset = candidates.value[0];
    if (!preset) throw new Error('candidatePresets returned no preset for a named one');
    const plan = planColumns(preset, header);
    if (plan.missing.length > 0 || plan.columns.length === 0) {
      return err(
        new AppError('format_unknown', 'ingest.error.presetMismatch', {
          params: { file, preset: preset.id, missing: plan.missing.join(', ') || '-' },
        }),
      );
    }
    return ok({ plan, how: 'named' });
  }
  const match = detectPreset(header, candidates.value);
  if (match) return ok({ plan: match.plan, how: 'detected' });
  const shown = header
    .filter((h) => h.trim() !== '')
    .slice(0, 8)
    .map((h) => `"${h.trim()}"`)
    .join(', ');
  // The preset that came closest (most of its required columns found), and what it lacked.
  let closest: { id: string; found: number; missing: readonly string[] } | null = null;
  for (const preset of candidates.value) {
    const plan = planColumns(preset, header);
    const found = preset.required.length - plan.missing.length + plan.columns.length / 100;
    if (plan.columns.length > 0 && (!closest || found > closest.found)) {
      const named = plan.missing.map((field) => {
        const column = preset.columns.find((c) => c.field === field);
        return column ? `${field} ("${column.headers.slice(0, 2).join('" / "')}")` : field;
      });
      closest = { id: preset.id, found, missing: named };
    }
  }
  if (closest) {
    return err(
      new AppError('format_unknown', 'ingest.error.formatClosest', {
        params: {
          file,
          header: shown || '-',
          closest: closest.id,
          missing: closest.missing.join(', ') || '-',
          presets: candidates.value.map((p) => p.id).join(', ') || '-',
        },
      }),
    );
  }
  return err(
    new AppError('format_unknown', 'ingest.error.formatUnknown', {
      params: {
        file,
        header: shown || '-',
        presets: candidates.value.map((p) => p.id).join(', ') || '-',
      },
    }),
  );
}
