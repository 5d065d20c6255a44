import { Worker } from 'node:worker_threads';
import type { MessageKey, MessageParams } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Targets } from '../kpi/engine.ts';
import type { Query } from '../kpi/query.ts';
import type { QueryResult } from '../kpi/result.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { encodeSnapshot } from '../kpi/snapshot-file.ts';
import { AppError, type ErrorCode } from '../shared/errors.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import { sharedBytesOf } from './snapshot-shared.ts';

/** Main thread → worker. */
export type PoolRequest =
  | { type: 'snapshot'; version: string; bytes: SharedArrayBuffer }
  | {
      type: 'query';
      id: number;
      version: string;
      query: Query;
      now: number;
      targets: Targets;
      locale?: Locale;
    };

/** Worker → main thread. */
export type PoolResponse =
  | { id: number; ok: true; value: QueryResult }
  | { id: number; ok: false; stale: true }
  | {
      id: number;
      ok: false;
      error: { code: ErrorCode; messageKey: MessageKey; params: MessageParams; detail?: string };
    };

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: QueryResult) => void; reject: (e: unknown) => void }>;
  version: string | null;
}

const WORKER_URL = new URL(
  `./query-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
  import.meta.url,
);

/**
 * Queries in worker threads, so that a slow query never delays an acknowledgement on the main
 * thread. The snapshot goes to the threads once per data version, as bytes in a
 * SharedArrayBuffer (src/kpi/snapshot-file.ts): every thread reads the same columns, none copies
 * them. Each query goes to the thread with the fewest in flight. A thread that dies is replaced
 * and its queries fail (the caller's reply says so). Hand-rolled over worker_threads rather than
 * piscina or tinypool: the snapshot must reach every thread once, which a task queue cannot address.
 */
export class QueryPool {
  readonly #threads: Thread[] = [];
  readonly #logger: Logger;
  #shared: { version: string; bytes: SharedArrayBuffer } | null = null;
  #nextId = 1;
  #closed = false;

  constructor(size: number, logger: Logger = silentLogger) {
    this.#logger = logger;
    for (let i = 0; i < size; i++) this.#threads.push(this.#spawn());
  }

  get size(): number {
    return this.#threads.length;
  }

  #spawn(): Thread {
    const worker = new Worker(WORKER_URL);
    worker.unref();
    const thread: Thread = { worker, pending: new Map(), version: null };
    worker.on('message', (response: PoolResponse) => {
      const waiting = thread.pending.get(response.id);
      if (!waiting) return;
      thread.pending.delete(response.id);
      if (response.ok) waiting.resolve(response.value);
      else if ('stale' in response) waiting.reject(new Error('query thread had another snapshot'));
      else {
        const { code, messageKey, params, detail } = response.error;
        waiting.reject(new AppError(code, messageKey, { params, ...(detail ? { cause: detail } : {}) }));
      }
    });
    worker.on('error', (error) => this.#logger.error({ err: error }, 'query thread failed'));
    worker.on('exit', (code) => {
      for (const { reject } of thread.pending.values()) reject(new Error(`query thread exited (${code})`));
      thread.pending.clear();
      const at = this.#threads.indexOf(thread);
      if (!this.#closed && at >= 0) this.#threads[at] = this.#spawn();
    });
    return thread;
  }

  /** The snapshot's bytes in shared memory, made once per data version. */
  #bytesOf(snapshot: Snapshot): SharedArrayBuffer {
    if (this.#shared?.version === snapshot.dataVersion) return this.#shared.bytes;
    // Loaded from shared bytes already (src/data/snapshot-shared.ts): those, not a copy.
    const loaded = sharedBytesOf(snapshot);
    if (loaded) {
      this.#shared = { version: snapshot.dataVersion, bytes: loaded };
      return loaded;
    }
    const encoded = encodeSnapshot(snapshot);
    const bytes = new SharedArrayBuffer(encoded.byteLength);
    const view = new Uint8Array(bytes);
    let at = 0;
    for (const part of encoded.parts) {
      view.set(part, at);
      at += part.byteLength;
    }
    this.#shared = { version: snapshot.dataVersion, bytes };
    return bytes;
  }

  /** Sends `thread` this snapshot unless it already has it. */
  #give(thread: Thread, snapshot: Snapshot): void {
    if (thread.version === snapshot.dataVersion) return;
    const message: PoolRequest = {
      type: 'snapshot',
      version: snapshot.dataVersion,
      bytes: this.#bytesOf(snapshot),
    };
    thread.worker.postMessage(message);
    thread.version = snapshot.dataVersion;
  }

  /**
   * Hands every thread this snapshot now (at start-up, after an import), so that the first
   * question after it does not encode the snapshot on the event loop amid other requests.
   */
  prepare(snapshot: Snapshot): void {
    for (const thread of this.#threads) this.#give(thread, snapshot);
  }

  /** Runs the engine on `snapshot` in a thread; rejects with the engine's AppError as it would inline. */
  run(
    snapshot: Snapshot,
    query: Query,
    ctx: { now: Date; targets: Targets; locale?: Locale | undefined },
  ): Promise<QueryResult> {
    const thread = this.#threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    if (!thread) return Promise.reject(new Error('no query thread'));
    this.#give(thread, snapshot);
    const id = this.#nextId++;
    return new Promise<QueryResult>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const message: PoolRequest = {
        type: 'query',
        id,
        version: snapshot.dataVersion,
        query,
        now: ctx.now.getTime(),
        targets: ctx.targets,
        ...(ctx.locale ? { locale: ctx.locale } : {}),
      };
      thread.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
  }
}
