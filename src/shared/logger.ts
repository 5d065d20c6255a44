/**
 * The one logger type of the code base. The app's pino logger (src/shared/log.ts) satisfies it;
 * tests pass `silentLogger` or a recording fake.
 */
export interface Logger {
  /** The minimum level written (`debug`, `info`, …): the Bolt adapter reads and sets it. */
  level: string;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  /** A logger whose every line carries `bindings` (e.g. `{ component: 'bolt' }`). */
  child(bindings: Record<string, unknown>): Logger;
  /** Writes out what is buffered before the process exits (pino has it; fakes need not). */
  flush?(): void;
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = {
  level: 'silent',
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
