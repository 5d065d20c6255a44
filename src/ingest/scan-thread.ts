import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MessageQueue } from '../shared/message-queue.ts';
import type { ByteRecords } from './byte-records.ts';
import type { CsvDialect } from './csv.ts';
import { CsvScanner } from './csv-scan.ts';
import { batchBuffers, type ScanBatch, type ScanMessage, type ScanOrder, unpackBatch } from './scan-batch.ts';

/**
 * Files from this size on are scanned on a thread of their own when the machine has a second
 * core. Below it the thread's start and the batches' copies are not paid back (measured on the
 * 1M-lead bench: its 9.5 MB spend file took longer on a thread than on this one).
 */
export const SCAN_THREAD_MIN_BYTES = 32 * 1024 * 1024;
/**
 * Batches the scan thread may post before this thread has taken them: enough to keep it busy
 * while a batch is mapped here, few enough that the file is never held whole (a batch is a
 * read chunk, 256 KB, with its cells' offsets: about 0.5 MB).
 */
const AHEAD = 8;

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js',
  import.meta.url,
);

/** Whether a file is scanned on a thread (IngestOptions.scanThread: false never, else from its size on). */
export function wantsScanThread(size: number, option: false | { minBytes?: number } | undefined): boolean {
  if (option === false) return false;
  return availableParallelism() >= 2 && size >= (option?.minBytes ?? SCAN_THREAD_MIN_BYTES);
}

/**
 * A thread that reads and scans a large UTF-8 CSV file (scan-worker.ts) while this thread maps
 * its records: the byte scanning is about a quarter of mapping a lead file. It gives the same
 * byte batches, in the same order, as csv-scan.ts in byte mode on this thread (file.ts
 * streamByteRecords; test/ingest/scan-thread.property.test.ts compares them).
 *
 * Started as soon as a file is known to be large, so that its modules load while the file's
 * header is settled here; until it says it is ready, this thread reads and scans the file's
 * start itself, then tells it the record boundary to go on from. A thread that fails to start
 * leaves the whole file to this one. Ended by close() (records ends it too, however its
 * batches stop being read).
 */
export class ScanThread {
  readonly #worker: Worker;
  readonly #queue = new MessageQueue<ScanMessage>();
  #ready = false;
  #closed = false;
  #keysClean: boolean | null = null;
  readonly #localBytes: number;
  /** Settles once the thread has loaded its modules (tests wait for it to hand off where they want). */
  readonly ready: Promise<void>;

  /** `localBytes`: the least this thread reads itself before handing off (tests vary where). */
  constructor(options: { localBytes?: number } = {}) {
    this.#localBytes = options.localBytes ?? 0;
    this.#worker = new Worker(WORKER_URL);
    let ready = () => {};
    this.ready = new Promise<void>((resolve) => {
      ready = resolve;
    });
    this.#worker.on('message', (message: ScanMessage) => {
      if (message.type !== 'ready') return this.#queue.push(message);
      this.#ready = true;
      ready();
    });
    this.#worker.once('error', (error) =>
      this.#queue.push({
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
        code: null,
      }),
    );
    this.#worker.once('exit', (code) =>
      this.#queue.push({ type: 'failed', message: `scan thread exited with code ${code}`, code: null }),
    );
    // Not waited for until it has a file: an idle thread does not keep the process up.
    this.#worker.unref();
  }

  /**
   * The data records of the file as byte batches (those up to row `headerLine` left out), each
   * valid until the next is asked for (as csv-scan.ts's); `progress` is told the bytes read. A
   * read error is thrown as the error it was (its code kept: ingestFile names the file and the
   * reason).
   */
  async *records(
    path: string,
    dialect: CsvDialect,
    headerLine: number,
    chunk: number,
    progress?: (bytesRead: number) => void,
    keys: { keyCell: number | null; expected: number } | null = null,
  ): AsyncIterable<ByteRecords> {
    try {
      // The file's start on this thread, until the scan thread is ready.
      const scanner = new CsvScanner(dialect, { bytes: true, skipThrough: headerLine });
      let fed = 0;
      let handOff = -1;
      for await (const data of createReadStream(path, { highWaterMark: chunk })) {
        fed += (data as Buffer).length;
        progress?.(fed);
        yield* scanner.pushBytes(data as Buffer);
        // The next record starts where the scanner's unfinished one does (a BOM told apart first).
        if (this.#ready && fed >= this.#localBytes && !scanner.atFileStart && !this.#closed) {
          handOff = fed - scanner.pending;
          break;
        }
      }
      if (handOff < 0) {
        yield* scanner.endBytes();
        return;
      }
      this.#worker.ref();
      this.#worker.postMessage({
        type: 'scan',
        path,
        dialect,
        headerLine,
        chunk,
        start: { offset: handOff, firstLine: scanner.line + 1 },
        keys: keys?.keyCell == null ? null : { keyCell: keys.keyCell, expected: keys.expected },
        ahead: AHEAD,
      } satisfies ScanOrder);
      // The batch given before: taken once the next is asked for, its buffers go back.
      let taken: ScanBatch | null = null;
      // The thread reads again from the hand off: progress is told only past what was read here.
      let reported = fed;
      for (;;) {
        const message = await this.#queue.next();
        if (message.type === 'end') {
          this.#keysClean = message.keysClean;
          if (message.read > reported) progress?.(message.read);
          return;
        }
        if (message.type === 'failed')
          throw Object.assign(new Error(message.message), { code: message.code ?? undefined });
        if (message.type !== 'batch') continue;
        // Told before the batch is mapped: a sink deferring its keys stops before the first repeat.
        if (message.keysClean === false) this.#keysClean = false;
        const spare = taken;
        this.#worker.postMessage(
          { type: 'took', spare } satisfies ScanOrder,
          spare ? batchBuffers(spare) : [],
        );
        taken = message.batch;
        if (message.batch.read > reported) {
          reported = message.batch.read;
          progress?.(reported);
        }
        yield unpackBatch(message.batch);
      }
    } finally {
      this.close();
    }
  }

  /**
   * With records() given a key cell: false as soon as a record id read so far (those of the
   * batches given included) is not plain or repeats one (key-check.ts), true once the whole file
   * is read on the thread with none such; null when not checked (yet).
   */
  get keysClean(): boolean | null {
    return this.#keysClean;
  }

  /** Whether the thread was ended (close(), or its records done). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Ends the thread (whatever it was doing). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Messages still coming (its exit among them) are not kept.
    this.#queue.stop();
    void this.#worker.terminate();
  }
}
