import { parseCommand } from '../command/grammar.ts';
import { vocabularyFrom } from '../command/vocabulary.ts';
import { t } from '../i18n/catalogue.ts';
import { formatIngestReport, reportToJson } from '../ingest/report.ts';
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
  const settings = loadSettings(args.config, env, args.data);
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
    const reports = [
      ...(settings.configPath
        ? [`${t(locale, 'command.cli.config_used', { path: settings.configPath })}\n`]
        : []),
      ...session.reports.map((report) => `${formatIngestReport(report, locale)}\n`),
    ];
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
