import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../src/ingest/decode.ts';

const text = 'Jour;Campagne;Coût\n01/03/2026;Été;1,5\n';

describe('detectEncoding', () => {
  it.each([
    ['utf8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf8', true],
    ['utf8', Buffer.from(text), 'utf8', false],
    ['utf-16le with BOM', iconv.encode(text, 'utf-16le', { addBOM: true }), 'utf-16le', true],
    ['utf-16le', iconv.encode(text, 'utf-16le'), 'utf-16le', false],
    ['utf-16be with BOM', iconv.encode(`\uFEFF${text}`, 'utf-16be'), 'utf-16be', true],
    ['utf-16be', iconv.encode(text, 'utf-16be'), 'utf-16be', false],
    ['windows-1252', iconv.encode(text, 'windows1252'), 'windows1252', false],
  ])('%s', (_name, bytes, encoding, bom) => {
    expect(detectEncoding(bytes, true)).toEqual({ encoding, bom });
  });

  it('accepts a UTF-8 character cut by the end of the sample', () => {
    const bytes = Buffer.from('abc é');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), false).encoding).toBe('utf8');
  });
});
