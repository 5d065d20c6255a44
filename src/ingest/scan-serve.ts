import { createReadStream } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { ByteRecords } from './byte-records.ts';
import { CsvScanner } from './csv-scan.ts';
import { KeyCheck } from './key-check.ts';
import { batchBuffers, packBatch, type ScanBatch, type ScanMessage, type ScanOrder } from './scan-batch.ts';

/**
 * The scan thread's work (scan-thread.ts; scan-worker.ts is its entry): reads a UTF-8 CSV file
 * from a record boundary and scans it into byte batches (csv-scan.ts byte mode, as file.ts
 * does on the main thread), posting each batch once complete, at most `ahead` batches before
 * the parent has taken them (the file is never held whole in memory), filling again the
 * buffers of the batches taken.
 */
export async function serveScan(
  port: MessagePort,
  order: Extract<ScanOrder, { type: 'scan' }>,
): Promise<void> {
  let ahead = order.ahead;
  let wake: (() => void) | null = null;
  const spares: ScanBatch[] = [];
  port.on('message', (message: ScanOrder) => {
    if (message.type !== 'took') return;
    if (message.spare) spares.push(message.spare);
    ahead++;
    wake?.();
  });
  let read = order.start.offset;
  // The record ids of the whole file, those read by the parent before the hand off included.
  const keys = order.keys ? new KeyCheck(order.keys.keyCell, order.keys.expected) : null;
  const post = async (batches: ByteRecords[]) => {
    for (const batch of batches) {
      keys?.check(batch);
      // Packed before the next push refills the scanner's arrays.
      const packed = packBatch(batch, read, spares.pop());
      const keysClean = keys ? keys.clean : null;
      port.postMessage(
        { type: 'batch', batch: packed, keysClean } satisfies ScanMessage,
        batchBuffers(packed),
      );
      ahead--;
      while (ahead <= 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    }
  };
  try {
    if (keys) await checkHead(keys, order);
    const scanner = new CsvScanner(order.dialect, {
      bytes: true,
      skipThrough: order.headerLine,
      firstLine: order.start.firstLine,
      atFileStart: false,
    });
    const stream = createReadStream(order.path, { highWaterMark: order.chunk, start: order.start.offset });
    for await (const chunk of stream) {
      read += (chunk as Buffer).length;
      await post(scanner.pushBytes(chunk as Buffer));
    }
    await post(scanner.endBytes());
    port.postMessage({ type: 'end', read, keysClean: keys ? keys.clean : null } satisfies ScanMessage);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    port.postMessage({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
      code: typeof code === 'string' ? code : null,
    } satisfies ScanMessage);
  }
}

/** The ids of the records before the hand off (read by the parent; a few chunks), into `keys`. */
async function checkHead(keys: KeyCheck, order: Extract<ScanOrder, { type: 'scan' }>): Promise<void> {
  if (order.start.offset === 0) return;
  const scanner = new CsvScanner(order.dialect, { bytes: true, skipThrough: order.headerLine });
  const head = createReadStream(order.path, {
    highWaterMark: order.chunk,
    start: 0,
    end: order.start.offset - 1,
  });
  for await (const chunk of head) for (const batch of scanner.pushBytes(chunk as Buffer)) keys.check(batch);
  // The hand off is a record boundary: every record before it is complete (no end() needed).
}
