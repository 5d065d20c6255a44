import { close, openSync, writev } from 'node:fs';

/**
 * Writes byte parts one after the other into a new file (replacing one there), in as few writev
 * calls as the system allows (IOV_MAX parts each; a short write goes on where it stopped).
 *
 * The file is opened (synchronously) and the first writev queued on the thread pool before this
 * returns: a caller that goes on with synchronous work (kpi-data.ts answering from the snapshot
 * it caches) has the bytes written meanwhile. fs.promises.writeFile with the same parts opens
 * and writes them one per await, each waiting for the caller's thread to be free again.
 */
export function writeParts(path: string, parts: readonly Uint8Array[]): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const done = (failure: Error | null) =>
      close(fd, (closing) => {
        const first = failure ?? closing;
        if (first) reject(first);
        else resolve();
      });
    let rest = parts.filter((p) => p.byteLength > 0);
    const next = (): void => {
      if (rest.length === 0) {
        done(null);
        return;
      }
      writev(fd, rest, (failure, written) => {
        if (failure) {
          done(failure);
          return;
        }
        rest = after(rest, written);
        next();
      });
    };
    next();
  });
}

/** The parts left once `bytes` of them were written. */
function after(parts: readonly Uint8Array[], bytes: number): Uint8Array[] {
  let skip = bytes;
  let i = 0;
  while (i < parts.length && skip >= (parts[i]?.byteLength ?? 0)) skip -= parts[i++]?.byteLength ?? 0;
  const left = parts.slice(i);
  const first = left[0];
  if (first && skip > 0) left[0] = first.subarray(skip);
  return left;
}
