import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tmpDir } from './support.ts';

const run = promisify(execFile);
const dir = tmpDir();
const TARGET_BYTES = 200 * 1024 * 1024;
const MAX_RSS_MB = 350;

/** Writes a ~200 MB lead export (quoted fields, a few bad and duplicated rows) without holding it in memory. */
async function generate(path: string): Promise<number> {
  const out = createWriteStream(path);
  out.write('Record ID,Create Date,Campaign,Channel,Email,Phone,Amount\r\n');
  let bytes = 0;
  let rows = 0;
  while (bytes < TARGET_BYTES) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++, rows++) {
      const day = String((rows % 28) + 1).padStart(2, '0');
      const id = rows % 1000 === 999 ? rows - 1 : rows; // a duplicate now and then
      lines.push(
        `${id},2026-03-${day} 10:${String(rows % 60).padStart(2, '0')},"Campaign ${rows % 40}, ""spring""",` +
          `paid search,user${rows}@example-corp.io,+33 6 12 34 ${String(rows % 100).padStart(2, '0')} 78,"1,234.${rows % 100}"`,
      );
    }
    const chunk = `${lines.join('\r\n')}\r\n`;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

describe('a 200 MB file', () => {
  // No timing assertion: on a loaded machine this takes minutes; unloaded, well under one.
  it('is streamed with bounded memory, and nothing is lost', { timeout: 900_000 }, async () => {
    const path = `${dir}/large.csv`;
    const rows = await generate(path);
    const child = new URL('./large-child.ts', import.meta.url).pathname;
    // The child's V8 heap is capped well below the file's size as text: an ingest that held the
    // file (or its rows) in memory would die of heap exhaustion, not just exceed the RSS bound.
    const flags = ['--max-old-space-size=160', '--max-semi-space-size=8'];
    const { stdout } = await run(process.execPath, [...flags, child, path], { maxBuffer: 1 << 20 });
    const result = JSON.parse(stdout) as Record<string, number | string | null>;
    expect(result.error).toBeNull();
    expect(result.rowsRead).toBe(rows);
    expect(Number(result.accepted) + Number(result.merged) + Number(result.skipped)).toBe(rows);
    expect(result.merged).toBe(Math.floor(rows / 1000));
    // Duplicates within a batch are collapsed before the write; across batches the sink upserts.
    expect(result.written).toBeGreaterThanOrEqual(Number(result.accepted));
    expect(result.written).toBeLessThanOrEqual(Number(result.accepted) + Number(result.merged));
    expect(result.maxRssMb).toBeLessThan(MAX_RSS_MB);
  });
});
