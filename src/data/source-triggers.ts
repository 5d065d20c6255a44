import { stat } from 'node:fs/promises';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config, FileSourceConfig } from '../config/file.ts';
import { errorText } from '../shared/errors.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import { type SourceRefresher, triggerOf } from './source-refresh.ts';
import { jobsFromConfig, workspaceOptions } from './sources.ts';

export interface SourceTriggers {
  /** The next scheduled read of a source (epoch ms), or null (on-change, off). */
  nextRun(name: string): number | null;
  /** Scans the on-change sources once now (the interval does it by itself). */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Which files of a watched folder are complete: a file is read once its size and mtime held
 * still between two scans (an export still being copied onto a network share is not), and
 * the same (size, mtime) is not looked at again by this process.
 */
export function createSettledCheck(): (path: string, size: number, mtimeMs: number) => boolean {
  const lastSeen = new Map<string, string>();
  const done = new Set<string>();
  return (path, size, mtimeMs) => {
    const signature = `${size}:${mtimeMs}`;
    if (done.has(`${path}\u0000${signature}`)) return false;
    if (lastSeen.get(path) !== signature) {
      lastSeen.set(path, signature);
      return false;
    }
    done.add(`${path}\u0000${signature}`);
    return true;
  };
}

/**
 * Starts each source's own trigger: a node-cron task in the workspace time zone for cron
 * refreshes (every replica fires; the lease and the "fresh since" check let one read), and a
 * polling scan every `refresh.scanEvery` for on-change files and folders. Polling, not file
 * system events: inotify / FSEvents do not see files written by another machine on SMB or NFS
 * shares, where exports are dropped, and a poll sees every file whatever the file system.
 */
export function startSourceTriggers(
  refresher: SourceRefresher,
  config: Config,
  options: { logger?: Logger } = {},
): SourceTriggers {
  const logger = options.logger ?? silentLogger;
  const tasks = new Map<string, ScheduledTask>();
  const watched = config.sources.filter((s) => triggerOf(s).kind === 'on-change');
  const settled = createSettledCheck();
  let stopped = false;

  for (const source of config.sources) {
    const trigger = triggerOf(source);
    if (trigger.kind !== 'cron') continue;
    const task = cron.schedule(
      trigger.expression,
      async () => {
        try {
          // Every replica fires; one that comes after another replica read the source for this
          // same tick finds it fresh (read within half the period, at most a minute) and skips.
          const period = task.msToNext() ?? 120_000;
          await refresher.refresh(source, { maxAgeMs: Math.min(60_000, period / 2) });
        } catch (error) {
          logger.error({ source: source.name, error: errorText(error) }, 'scheduled refresh failed');
        }
      },
      { timezone: config.workspace.timeZone, name: `source ${source.name}`, noOverlap: true },
    );
    tasks.set(source.name, task);
  }

  let scanning: Promise<void> | null = null;
  const scan = (): Promise<void> => {
    if (scanning) return scanning;
    scanning = (async () => {
      for (const source of watched) {
        if (stopped) return;
        try {
          if (source.type === 'folder') await refresher.refresh(source, { force: true, settled });
          else if (source.type === 'file' && (await changed(source)))
            await refresher.refresh(source, { force: true });
        } catch (error) {
          logger.error({ source: source.name, error: errorText(error) }, 'watched source scan failed');
        }
      }
    })().finally(() => {
      scanning = null;
    });
    return scanning;
  };
  // A plain file source re-read when any of its files changed (size or mtime) since the last scan.
  const signatures = new Map<string, string>();
  const changed = async (source: FileSourceConfig): Promise<boolean> => {
    const jobs = await jobsFromConfig({ ...config, sources: [source] }, workspaceOptions(config));
    const parts: string[] = [];
    for (const job of jobs) {
      const info = await stat(job.path).catch(() => null);
      parts.push(`${job.path}:${info ? `${info.size}:${info.mtimeMs}` : 'missing'}`);
    }
    const signature = parts.join('|');
    const before = signatures.get(source.name);
    signatures.set(source.name, signature);
    return before !== undefined && before !== signature;
  };
  const interval = watched.length > 0 ? setInterval(() => void scan(), config.refresh.scanEvery) : null;
  interval?.unref();
  if (watched.length > 0) void scan();

  return {
    nextRun(name) {
      return tasks.get(name)?.getNextRun()?.getTime() ?? null;
    },
    scan,
    async stop() {
      stopped = true;
      if (interval) clearInterval(interval);
      for (const task of tasks.values()) await task.destroy();
      tasks.clear();
      await scanning;
    },
  };
}
