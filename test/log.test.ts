import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText } from '../src/shared/log.ts';

function capture(secrets: string[]) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ destination, secrets, level: 'debug' }) };
}

describe('log redaction', () => {
  const secret = 'my-signing-secret-123';

  it('redacts known keys, token-shaped strings and configured secrets, in fields and messages', () => {
    const { lines, logger } = capture([secret]);
    logger.info({ token: 'xoxb-1-2-3', headers: { authorization: 'Bearer abc' } }, 'plain');
    logger.warn(`failed with xoxb-111-222-abcDEF and xapp-1-A1-999 and ${secret}`);
    logger.error({ err: new Error(`boom ${secret} xoxp-9-9`) }, 'oops');
    logger.info({ nested: { deep: [`a ${secret} b`] } }, 'deep');
    const all = lines.join('');
    expect(all).not.toMatch(/xox[abposr]-|xapp-/);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('Bearer abc');
    expect(all).toContain('[redacted]');
  });

  it('scrubs any token embedded anywhere in a string (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('xoxb', 'xoxp', 'xoxa', 'xoxr', 'xoxs', 'xoxo', 'xapp'),
        fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
        fc.string(),
        (a, kind, body, b) => {
          expect(scrubText(`${a}${kind}-${body}${b}`, [])).not.toContain(`${kind}-${body}`);
        },
      ),
    );
  });
});

describe('live-source tokens', () => {
  it('scrubs HubSpot and Meta tokens from any string', async () => {
    const { scrubText } = await import('../src/shared/log.ts');
    const text = scrubText(
      'GET https://graph.facebook.com/v23.0/act_1/insights?access_token=EAAGm0PX4ZCpsBAKZBZCv1234567890abcdef failed; Bearer pat-na1-11111111-2222-3333-4444-555555555555',
      [],
    );
    expect(text).not.toContain('EAAGm0PX4ZCps');
    expect(text).not.toContain('pat-na1-1111');
    expect(text.match(/\[redacted\]/g)).toHaveLength(2);
  });
});
