import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeCode, escapeMrkdwn, truncate } from '../../src/shared/escape.ts';

describe('escaping data for Slack', () => {
  it.each(['<!channel>', '<@U123>', '*x* <https://evil.example|click>', '<!subteam^S1>', '<#C1>'])(
    '%s cannot ping or link',
    (value) => {
      const out = escapeMrkdwn(value);
      expect(out).not.toMatch(/[<>]/);
      expect(out.replace(/\u200B/g, '')).toContain(
        value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
    },
  );

  it('never leaves a raw control character, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        for (const out of [escapeMrkdwn(value), escapeCode(value)]) {
          expect(out).not.toMatch(/[<>]/);
          expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
          expect(out).not.toContain('\n');
        }
        expect(escapeCode(value)).not.toContain('`');
      }),
    );
  });

  it('truncates by code points with an ellipsis', () => {
    expect(truncate('😀😀😀', 2)).toBe('😀…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});
