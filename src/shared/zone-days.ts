import { tzOffset } from '@date-fns/tz';
import { DAY_MS } from './days.ts';

/** UTC days from 1970 whose offset is kept in an array (to 2079). */
const STEADY_DAYS = 40_000;
const QUARTER_HOUR = 900_000;
/** Entries each cache keeps before it is emptied (a bound on memory, whatever the dates asked). */
const MAX_ENTRIES = 200_000;

/** The offsets asked of one zone (every ZoneDays of the zone shares them: one Intl call per day per process). */
interface ZoneCache {
  /** Per UTC day: its steady offset (minutes), NaN for a day with a change. */
  readonly dayOffsets: Map<number, number>;
  /** Per quarter hour of a day with a change: its offset (minutes). */
  readonly quarterOffsets: Map<number, number>;
  /** The entries of dayOffsets for days 0 ≤ day < STEADY_DAYS (NaN: not known yet, or a day with a change). */
  readonly steady: Float64Array;
}

const CACHES = new Map<string, ZoneCache>();

/**
 * Zones whose offset is 0 at every instant (tzOffset says so for each): their days need no
 * asking at all.
 */
const UTC_ZONES = new Set([
  'UTC',
  'Etc/UTC',
  'GMT',
  'Etc/GMT',
  'Etc/Universal',
  'Etc/Zulu',
  'Universal',
  'Zulu',
]);

function cacheOf(timeZone: string): ZoneCache {
  let cache = CACHES.get(timeZone);
  if (cache === undefined) {
    cache = {
      dayOffsets: new Map(),
      quarterOffsets: new Map(),
      steady: new Float64Array(STEADY_DAYS).fill(UTC_ZONES.has(timeZone) ? 0 : Number.NaN),
    };
    CACHES.set(timeZone, cache);
  }
  return cache;
}

/**
 * The epoch day of instants in one time zone (what the snapshot stores for every date),
 * with the zone's offsets cached: tzOffset goes through Intl and costs microseconds a call.
 * A UTC day keeps one offset when the zone has the same offset at its start and in its last
 * quarter hour; other days are read per quarter hour (changes happen on quarter-hour
 * boundaries). Every instance of a zone gives the same days, whatever it was asked before: the
 * caches only save the asking (days and quarter hours are kept apart: a key of one is never
 * read as the other's), and are the zone's, shared by its instances (an ingest reads dates
 * through three of them). UTC and its aliases are never asked: their offset is 0.
 */
export class ZoneDays {
  readonly timeZone: string;
  readonly #utc: boolean;
  readonly #cache: ZoneCache;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.#utc = UTC_ZONES.has(timeZone);
    this.#cache = cacheOf(timeZone);
  }

  /** The epoch day of instant `ms` (epoch ms) in the zone. */
  day(ms: number): number {
    const utcDay = Math.floor(ms / DAY_MS);
    // Days since 1970 with one offset all day: an array lookup (most instants land here).
    if (utcDay >= 0 && utcDay < STEADY_DAYS) {
      const steady = this.#cache.steady[utcDay]!;
      if (!Number.isNaN(steady)) return Math.floor((ms + steady * 60_000) / DAY_MS);
    }
    const offset = this.steadyOffset(utcDay);
    return Math.floor((ms + (Number.isNaN(offset) ? this.#quarterOffset(ms) : offset) * 60_000) / DAY_MS);
  }

  /** The zone's offset (minutes) at instant `ms`. */
  offset(ms: number): number {
    const steady = this.steadyOffset(Math.floor(ms / DAY_MS));
    return Number.isNaN(steady) ? this.#quarterOffset(ms) : steady;
  }

  /** The zone's offset (minutes) over the quarter hour of `ms`. */
  #quarterOffset(ms: number): number {
    const quarters = this.#cache.quarterOffsets;
    const slot = Math.floor(ms / QUARTER_HOUR);
    let offset = quarters.get(slot);
    if (offset === undefined) {
      offset = tzOffset(this.timeZone, new Date(slot * QUARTER_HOUR));
      if (quarters.size >= MAX_ENTRIES) quarters.clear();
      quarters.set(slot, offset);
    }
    return offset;
  }

  /**
   * The offset (minutes) `day` reads every instant of UTC day `utcDay` with, when it reads them
   * all with one; NaN for a day it reads per quarter hour.
   */
  steadyOffset(utcDay: number): number {
    if (this.#utc) return 0;
    const { dayOffsets, steady } = this.#cache;
    let offset = dayOffsets.get(utcDay);
    if (offset === undefined) {
      const start = tzOffset(this.timeZone, new Date(utcDay * DAY_MS));
      const end = tzOffset(this.timeZone, new Date((utcDay + 1) * DAY_MS - QUARTER_HOUR));
      offset = start === end ? start : Number.NaN;
      if (dayOffsets.size >= MAX_ENTRIES) dayOffsets.clear();
      dayOffsets.set(utcDay, offset);
      if (utcDay >= 0 && utcDay < STEADY_DAYS) steady[utcDay] = offset;
    }
    return offset;
  }
}
