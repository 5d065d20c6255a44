import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ByteRecords } from '../../src/ingest/byte-records.ts';
import { CsvScanner } from '../../src/ingest/csv-scan.ts';
import { KeyCheck } from '../../src/ingest/key-check.ts';

/** The byte batches of a CSV text (csv-scan.ts byte mode), cut into `chunk`-byte reads. */
function batchesOf(text: string, chunk: number, check: (batch: ByteRecords) => void): void {
  const bytes = Buffer.from(text, 'utf8');
  const scanner = new CsvScanner({ delimiter: ',', newline: '\n', quote: '"' }, { bytes: true });
  for (let at = 0; at < bytes.length; at += chunk)
    for (const batch of scanner.pushBytes(bytes.subarray(at, at + chunk))) check(batch);
  for (const batch of scanner.endBytes()) check(batch);
}

const PLAIN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

describe('KeyCheck (property): clean exactly when every id is plain and none repeats', () => {
  it('ids plain or not, repeated or not, records short or quoted', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 300 }).map((i) => `L${i}`),
            fc.constantFrom('', ' L1', 'L1 ', '--', 'é', '"quoted ""x"""', 'a b'),
          ),
          { minLength: 1, maxLength: 200 },
        ),
        fc.integer({ min: 1, max: 500 }),
        (ids, chunk) => {
          const text = ids.map((id, i) => `${i},${id},x`).join('\n');
          const check = new KeyCheck(1, ids.length);
          batchesOf(text, chunk, (batch) => check.check(batch));
          const plain = ids.every((id) => id !== '--' && PLAIN.test(id) && !id.includes('"'));
          expect(check.clean).toBe(plain && new Set(ids).size === ids.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a record without the id cell makes it unknown', () => {
    const check = new KeyCheck(2, 4);
    batchesOf('1,a,L1\n2,b\n3,c,L3\n', 64, (batch) => check.check(batch));
    expect(check.clean).toBe(false);
  });
});
