import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteDict } from '../../src/ingest/byte-dict.ts';

/**
 * The values, one after the other in one buffer (after a few bytes of padding, so cells start
 * anywhere), each with its start and end.
 */
function laidOut(values: readonly string[], pad: number): { bytes: Buffer; cells: [number, number][] } {
  const parts: Buffer[] = [Buffer.alloc(pad, 0x2c)];
  const cells: [number, number][] = [];
  let at = pad;
  for (const value of values) {
    const b = Buffer.from(value, 'utf8');
    parts.push(b, Buffer.from(','));
    cells.push([at, at + b.length]);
    at += b.length + 1;
  }
  return { bytes: Buffer.concat(parts), cells };
}

// Short and long values (a slot holds up to 12 bytes as words), with repeats, near misses
// (same length, one byte apart; a prefix; a zero byte against padding) and non-ASCII text.
const value = fc.oneof(
  fc.constantFrom(
    '',
    'a',
    'CH',
    'email',
    'paid_social',
    'Campaign 37',
    'Campaign 38',
    'example0.com',
    'example1.com',
    'example0.co',
    'example0.com.',
    'é',
    '日本',
    'a\u0000',
    'a\u0000\u0000\u0000',
    'Campaign 37 (retargeting)',
    'Campaign 37 (retargetinh)',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer({ min: 0, max: 2000 }).map((n) => `owner${n}`),
);

describe('ByteDict (property): codes as a Map of the decoded texts, in first-seen order', () => {
  it('gives each value the code a Map<string, number> gives its text, and that text', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 1500, size: 'max' }),
        fc.integer({ min: 0, max: 7 }),
        (values, pad) => {
          const { bytes, cells } = laidOut(values, pad);
          const dict = new ByteDict();
          const model = new Map<string, number>();
          for (const [start, end] of cells) {
            const text = bytes.toString('utf8', start, end);
            let expected = model.get(text);
            if (expected === undefined) {
              expected = model.size;
              model.set(text, expected);
            }
            const code = dict.code(bytes, start, end);
            expect(code).toBe(expected);
            expect(dict.texts[code]).toBe(text);
          }
          expect(dict.size).toBe(model.size);
          expect(dict.texts).toEqual([...model.keys()]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
