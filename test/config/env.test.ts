import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { AppError } from '../../src/shared/errors.ts';

const none = { fileExists: () => false };

function failure(env: NodeJS.ProcessEnv): AppError {
  try {
    loadEnv(env, none);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected loadEnv to fail');
}

describe('loadEnv', () => {
  it('applies defaults on an empty environment', () => {
    const env = loadEnv({}, none);
    expect(env).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info', NODE_ENV: 'development', socketMode: false });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.KPI_CONFIG).toBeUndefined();
  });

  it('treats empty strings as unset and finds ./kpi.yaml when present', () => {
    const env = loadEnv({ DATABASE_URL: '', PORT: ' ' }, { fileExists: (p) => p === './kpi.yaml' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.KPI_CONFIG).toBe('./kpi.yaml');
  });

  it('names the bad variable without echoing its value', () => {
    const error = failure({ PORT: 'eighty' });
    expect(error.code).toBe('env_invalid');
    expect(error.params.variable).toBe('PORT');
    const token = failure({ SLACK_BOT_TOKEN: 'xoxp-secret-123', SLACK_SIGNING_SECRET: 'abcdefgh' });
    expect(token.params.variable).toBe('SLACK_BOT_TOKEN');
    expect(JSON.stringify(token.params)).not.toContain('secret-123');
    expect(failure({ DATABASE_URL: 'mysql://x@y/z' }).params.variable).toBe('DATABASE_URL');
    expect(failure({ SHEETS_API_URL: 'not a url' }).params.variable).toBe('SHEETS_API_URL');
  });

  it('reads booleans as words: "false" is false', () => {
    const env = loadEnv(
      {
        SLACK_SOCKET_MODE: 'false',
        SLACK_APP_TOKEN: 'xapp-1',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 'abcdefgh',
      },
      none,
    );
    expect(env.SLACK_SOCKET_MODE).toBe(false);
    expect(env.socketMode).toBe(false);
    expect(failure({ SLACK_SOCKET_MODE: 'maybe' }).params.variable).toBe('SLACK_SOCKET_MODE');
  });

  it('uses Socket Mode when an app token is set, else needs the signing secret', () => {
    expect(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, none).socketMode).toBe(true);
    expect(failure({ SLACK_BOT_TOKEN: 'xoxb-1' }).params.variable).toBe('SLACK_SIGNING_SECRET');
  });
});
