import { parseCommand } from '../command/grammar.ts';
import { vocabularyFrom } from '../command/vocabulary.ts';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { formatIngestReport, type IngestReport, reportToJson } from '../ingest/report.ts';
import { vocabulary } from '../kpi/snapshot.ts';
import { type Answer, errorAnswer } from './kpi-answer.ts';
import type { CliArgs } from './kpi-args.ts';
import { cacheDir } from './kpi-cache.ts';
import { openData } from './kpi-data.ts';
import { answer } from './kpi-run.ts';
import { loadSettings } from './kpi-settings.ts';

/** The answer and what goes beside it in the JSON (`ingest`), plus text for stderr (reports). */
export interface SessionOutcome {
  answer: Answer;
  extra: Record<string, unknown>;
  reports: string[];
}

/**
 * Everything that needs data: settings, the store (temporary with --data), ingest, the snapshot,
 * the grammar with the data's vocabulary, the engine. Throws AppError for user mistakes.
 */
export async function answerFromData(
  args: CliArgs,
  env: NodeJS.ProcessEnv,
  now: Date,
): Promise<SessionOutcome> {
  const locale = args.locale;
  const settings = await loadSettings(args.config, env, args.data);
  const ctx = { commandText: args.command, locale, now, settings };
  const session = await openData({
    files: args.data,
    settings,
    dateOrder: args.dateOrder,
    preset: args.preset,
    period: args.period,
    env,
    cacheDir: args.noCache ? null : cacheDir(env),
  });
  try {
    const extra = args.data.length > 0 ? { ingest: session.reports.map(reportToJson) } : {};
    // The full reports only when asked (--verbose) or when a file could not be read at all;
    // otherwise one line, and only when rows were skipped: the answer is what was asked for.
    const failedReport = session.reports.some((r) => r.error !== null);
    const reports =
      args.verbose || failedReport
        ? [
            ...(settings.configPath
              ? [`${t(locale, 'command.cli.config_used', { path: settings.configPath })}\n`]
              : []),
            ...session.reports.map((report) => `${formatIngestReport(report, locale)}\n`),
          ]
        : ingestSummary(session.reports, locale);
    const failed = session.reports.filter((r) => r.error !== null).map((r) => r.name);
    if (failed.length > 0) {
      const text = t(locale, 'command.cli.bad_data', { files: failed.join(', ') });
      const json = { command: args.command, error: { code: 'bad_data', message: text } };
      return { answer: { text, json, code: 2 }, extra, reports };
    }
    const vocab = vocabularyFrom(vocabulary(session.snapshot));
    const parsed = parseCommand(args.command, {
      vocabulary: vocab,
      locale,
      now,
      timeZone: settings.timeZone,
    });
    const result = parsed.ok ? await answer(parsed.value, session, ctx) : errorAnswer(parsed.error, ctx);
    return { answer: result, extra, reports };
  } finally {
    await session.close();
  }
}

/** One line when --data rows were skipped: how many, in which files, and how to see why. */
function ingestSummary(reports: readonly IngestReport[], locale: Locale): string[] {
  const skipped = reports.filter((r) => r.skipped > 0);
  if (skipped.length === 0) return [];
  const rows = skipped.reduce((sum, r) => sum + r.skipped, 0);
  const files = skipped.map((r) => `${r.name} (${r.skipped})`).join(', ');
  return [t(locale, 'command.cli.ingest_summary', { rows, files })];
}
