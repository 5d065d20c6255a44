import type { Snapshot } from './snapshot.ts';

/** Where snapshots come from: the store's data version and a full load at that version. */
export interface SnapshotSource {
  dataVersion(): Promise<string>;
  load(dataVersion: string): Promise<Snapshot>;
}

/**
 * Keeps the current snapshot and rebuilds it when the store's data version changes.
 * Concurrent callers share one rebuild; a failed rebuild, or a store that cannot be asked its
 * version, keeps serving the old snapshot (and is retried on the next call) when there is one.
 */
export class SnapshotCache {
  readonly #source: SnapshotSource;
  #current: Snapshot | null = null;
  #loading: Promise<Snapshot> | null = null;
  #loadingVersion: string | null = null;

  constructor(source: SnapshotSource) {
    this.#source = source;
  }

  /** The snapshot at the store's current data version. */
  async get(): Promise<Snapshot> {
    let version: string;
    try {
      version = await this.#source.dataVersion();
    } catch (error) {
      // The store cannot say its version (down for a moment): the snapshot in memory still answers.
      if (this.#current) return this.#current;
      throw error;
    }
    if (this.#current && this.#current.dataVersion === version) return this.#current;
    if (this.#loading && this.#loadingVersion === version) return this.#loading;
    this.#loadingVersion = version;
    const loading = this.#source.load(version);
    this.#loading = loading;
    try {
      const snapshot = await loading;
      if (this.#loading === loading) this.#current = snapshot;
      return snapshot;
    } catch (error) {
      if (this.#current) return this.#current;
      throw error;
    } finally {
      if (this.#loading === loading) {
        this.#loading = null;
        this.#loadingVersion = null;
      }
    }
  }

  /** The last snapshot built, without asking the store (null before the first `get`). */
  peek(): Snapshot | null {
    return this.#current;
  }
}
