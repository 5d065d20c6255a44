import { parseCommand } from '../command/grammar.ts';
import { renderHelpText } from '../command/help.ts';
import { t } from '../i18n/catalogue.ts';
import { toLocale } from '../i18n/locale.ts';
import { isAppError } from '../shared/errors.ts';
import { type Answer, answerWithoutData, errorAnswer } from './kpi-answer.ts';
import { readArgs } from './kpi-args.ts';

/** Where the CLI writes: stdout for answers, stderr for reports and errors in text mode. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Prints an answer: the JSON object alone with --json; else text on stdout (errors on stderr). */
function print(result: Answer, json: boolean, io: Io, extra: Record<string, unknown> = {}): number {
  if (json) io.out(JSON.stringify({ ...result.json, ...extra }, null, 2));
  else if (result.code === 0) io.out(result.text);
  else io.err(result.text);
  return result.code;
}

/**
 * `kpi [--data FILE…] [--config FILE] [--json] [--lang en|fr] [--date-order dmy|mdy] "<command>"`.
 * Returns the exit code: 0 answered, 2 bad command / arguments / data, 1 our fault.
 */
async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io = processIo): Promise<number> {
  const args = readArgs(argv, env);
  if (!args.ok) {
    const { locale, reason } = args.error;
    io.err(`${t(locale, 'command.cli.bad_args', { reason })}\n\n${t(locale, 'command.cli.usage')}`);
    return 2;
  }
  const a = args.value;
  const locale = a.locale;
  if (a.help) {
    io.out(`${t(locale, 'command.cli.usage')}\n\n${renderHelpText(locale)}`);
    return 0;
  }
  if (a.command === '') {
    io.err(`${t(locale, 'command.cli.no_command')}\n\n${t(locale, 'command.cli.usage')}`);
    return 2;
  }
  // The clock: KPI_NOW pins it (reproducible runs, tests of the README's examples on any date).
  const now = env.KPI_NOW ? new Date(env.KPI_NOW) : new Date();
  if (Number.isNaN(now.getTime())) {
    io.err(t(locale, 'command.cli.bad_now', { value: env.KPI_NOW ?? '' }));
    return 2;
  }
  const base = { commandText: a.command, locale };
  // Help, and what only Slack does, need no data: answered before loading the store and engine.
  const early = parseCommand(a.command, { vocabulary: new Map(), locale, now });
  const quick = early.ok ? answerWithoutData(early.value, base) : null;
  if (quick) return print(quick, a.json, io);
  try {
    const { answerFromData } = await import('./kpi-session.ts');
    const outcome = await answerFromData(a, env, now);
    if (!a.json) for (const report of outcome.reports) io.err(report);
    return print(outcome.answer, a.json, io, outcome.extra);
  } catch (error) {
    if (isAppError(error)) return print(errorAnswer(error, base), a.json, io);
    // Our fault: one line for the user, the stack only when asked for.
    io.err(`${t(locale, 'common.internal')} (${error instanceof Error ? error.message : String(error)})`);
    if (env.KPI_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

/** Runs the CLI on this process' arguments and environment, setting its exit code (kpi.ts calls it). */
export function runCli(): Promise<void> {
  return main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${t(toLocale(process.env.LANG), 'common.internal')} (${String(error)})\n`);
      process.exitCode = 1;
    },
  );
}
