import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runQuery } from '../kpi/engine.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { decodeSnapshot } from '../kpi/snapshot-file.ts';
import { isAppError } from '../shared/errors.ts';
import type { PoolRequest, PoolResponse } from './query-pool.ts';

/*
 * A query thread of the pool (src/data/query-pool.ts). It holds the snapshot as views on the
 * bytes the main thread shares (a SharedArrayBuffer: the columns are not copied), runs the
 * engine, and answers with the result. Its priority is lowered so that, on a small machine,
 * the main thread's acknowledgements come first.
 */
try {
  // Linux: /proc/thread-self -> "<pid>/task/<tid>"; setpriority on a thread id changes that thread only.
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
} catch {
  // Not Linux, or not allowed: the thread keeps the normal priority.
}

let current: { version: string; snapshot: Snapshot } | null = null;
const port = parentPort;
if (!port) throw new Error('query-worker.ts runs as a worker thread');

port.on('message', (message: PoolRequest) => {
  if (message.type === 'snapshot') {
    current = { version: message.version, snapshot: decodeSnapshot(new Uint8Array(message.bytes)) };
    return;
  }
  const reply = (response: PoolResponse) => port.postMessage(response);
  if (!current || current.version !== message.version) {
    reply({ id: message.id, ok: false, stale: true });
    return;
  }
  try {
    const result = runQuery(current.snapshot, message.query, {
      now: new Date(message.now),
      targets: message.targets,
      onlyRequested: true,
      ...(message.locale ? { locale: message.locale } : {}),
    });
    if (result.ok) reply({ id: message.id, ok: true, value: result.value });
    else
      reply({
        id: message.id,
        ok: false,
        error: { code: result.error.code, messageKey: result.error.messageKey, params: result.error.params },
      });
  } catch (error) {
    reply({
      id: message.id,
      ok: false,
      error: isAppError(error)
        ? { code: error.code, messageKey: error.messageKey, params: error.params }
        : { code: 'internal', messageKey: 'common.internal', params: {}, detail: String(error) },
    });
  }
});
