import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseSpanText } from '../command/period-span.ts';
import { type Locale, toLocale } from '../i18n/locale.ts';
import { err, ok, type Result } from '../shared/errors.ts';

/** What `kpi [--data FILE…] [--preset ID] [--period P] [--config FILE] [--json] [--verbose] [--lang en|fr] [--date-order dmy|mdy] "<command>"` asks. */
export interface CliArgs {
  /** Files to ingest into memory (no store written); empty: answer from the configured store. */
  data: string[];
  /** --no-cache: ingest the --data files again instead of reusing the cache (kpi-cache.ts). */
  noCache: boolean;
  config: string | null;
  json: boolean;
  /** `--verbose`: the full ingest report of each --data file on stderr (else one line, when rows were skipped). */
  verbose: boolean;
  locale: Locale;
  dateOrder: 'dmy' | 'mdy' | null;
  /** `--preset`: the preset the --data files are read with (detected when null), as on `npm run ingest`. */
  preset: string | null;
  /** `--period`: the days a campaign grid of --data covers when the file does not say. */
  period: string | null;
  /** The command text: the positional arguments joined with spaces. */
  command: string;
  help: boolean;
}

/** Why the arguments could not be read (shown with the usage). */
export interface ArgsError {
  locale: Locale;
  reason: string;
}

/** Reads the command line. Unknown flags and bad values are errors, never guesses. */
export function readArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Result<CliArgs, ArgsError> {
  const fallback = toLocale(env.KPI_LANG ?? env.LC_ALL ?? env.LANG);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs throws a TypeError with a readable message for unknown or malformed flags.
    return err({ locale: fallback, reason: error instanceof Error ? error.message : String(error) });
  }
  const { values, positionals } = parsed;
  const lang = values.lang;
  if (lang !== undefined && lang !== 'en' && lang !== 'fr') {
    return err({ locale: fallback, reason: `--lang ${lang}` });
  }
  const locale = lang ?? fallback;
  const order = values['date-order'];
  if (order !== undefined && order !== 'dmy' && order !== 'mdy') {
    return err({ locale, reason: `--date-order ${order}` });
  }
  if (values.period !== undefined && parseSpanText(values.period, locale) === null) {
    return err({ locale, reason: `--period ${values.period}` });
  }
  // `--data a.csv b.csv "cpl"` (and shell globs): file names after --data are data files too.
  const data = [...(values.data ?? [])];
  const words: string[] = [];
  for (const word of positionals) {
    if (data.length > 0 && looksLikeFile(word)) data.push(word);
    else words.push(word);
  }
  return ok({
    data,
    noCache: values['no-cache'] ?? false,
    config: values.config ?? null,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    locale,
    dateOrder: order ?? null,
    preset: values.preset ?? null,
    period: values.period ?? null,
    command: words.join(' ').trim(),
    help: values.help ?? false,
  });
}

function looksLikeFile(word: string): boolean {
  return (
    /\.(csv|tsv|txt|xlsx?)$/i.test(word) || (!/\s/.test(word) && existsSync(word) && statSync(word).isFile())
  );
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string', multiple: true, short: 'd' },
      'no-cache': { type: 'boolean' },
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      lang: { type: 'string' },
      'date-order': { type: 'string' },
      preset: { type: 'string' },
      period: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
