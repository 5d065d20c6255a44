import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';

/** The text encodings real exports come in (iconv-lite names). */
export type TextEncoding = 'utf8' | 'utf-16le' | 'utf-16be' | 'windows1252';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Whether the bytes started with a byte-order mark (stripped by the decoder). */
  bom: boolean;
}

/**
 * Detects the encoding from the first bytes of a file: a BOM when there is one; else the
 * NUL-byte pattern of UTF-16 (ASCII text in UTF-16LE has NULs at odd offsets, BE at even);
 * else UTF-8 when the bytes are valid UTF-8; else Windows-1252 (a superset of Latin-1's
 * printable range, what Excel writes on Western Windows machines).
 */
export function detectEncoding(head: Uint8Array, atEof = false): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const probe = head.subarray(0, Math.min(head.length, 4096));
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < probe.length; i++) {
    if (probe[i] === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  const pairs = Math.floor(probe.length / 2);
  if (pairs > 0 && oddNul > pairs * 0.3 && evenNul < oddNul / 4) return { encoding: 'utf-16le', bom: false };
  if (pairs > 0 && evenNul > pairs * 0.3 && oddNul < evenNul / 4) return { encoding: 'utf-16be', bom: false };
  return { encoding: isValidUtf8(head, atEof) ? 'utf8' : 'windows1252', bom: false };
}

/** Valid UTF-8, allowing a multi-byte sequence cut by the end of the sample. */
function isValidUtf8(bytes: Uint8Array, atEof: boolean): boolean {
  let end = bytes.length;
  if (!atEof) {
    // Back off to the start of the last (possibly incomplete) sequence.
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && ((bytes[end - back - 1] ?? 0) & 0xc0) === 0x80) back++;
    if (end - back - 1 >= 0 && ((bytes[end - back - 1] ?? 0) & 0x80) !== 0) end = end - back - 1;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Decodes a byte sample (BOM stripped); a character cut at the end of the sample is dropped. */
export function decodeSample(bytes: Uint8Array, encoding: TextEncoding): string {
  let end = bytes.length;
  if (encoding !== 'utf8' && encoding !== 'windows1252' && end % 2 === 1) end -= 1;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, end), encoding);
  return text.endsWith('\uFFFD') ? text.slice(0, -1) : text;
}

/** A byte stream decoded to text chunks, streaming (bounded memory), BOM stripped. */
export async function* decodeStream(bytes: Readable, encoding: TextEncoding): AsyncIterable<string> {
  const decoder = iconv.decodeStream(encoding);
  // A read error (EIO, a file removed mid-read) reaches the consumer through the decoder.
  bytes.on('error', (error) => decoder.emit('error', error));
  bytes.pipe(decoder);
  for await (const chunk of decoder) yield typeof chunk === 'string' ? chunk : chunk.toString('utf8');
}
