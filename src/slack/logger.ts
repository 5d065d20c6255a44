import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../shared/logger.ts';

const LEVELS: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Bolt's and the Web API client's logger interface over our pino logger (so redaction applies). */
export function boltLogger(base: Logger): BoltLogger {
  let logger = base.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    // biome-ignore lint/suspicious/noExplicitAny: Bolt's Logger interface takes any[]
    (...msg: any[]): void => {
      logger[level](
        msg
          .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m)))
          .join(' '),
      );
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel(level: LogLevel) {
      logger.level = level;
    },
    getLevel(): LogLevel {
      return LEVELS.find((l) => l === logger.level) ?? LogLevel.INFO;
    },
    setName(name: string) {
      logger = base.child({ component: name });
    },
  };
}
