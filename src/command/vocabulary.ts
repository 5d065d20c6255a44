import { CHANNELS, channelFrom } from '../model/channel.ts';
import { DIMENSIONS, type Dimension } from '../model/dimension.ts';
import { type Candidate, fold } from './suggest.ts';

/**
 * The display values present in the data, per dimension (the engine builds it from the
 * snapshot). Filter values typed by users are resolved against it.
 */
export type Vocabulary = ReadonlyMap<Dimension, readonly string[]>;

/** Folded value → the canonical display values that fold to it, per dimension. */
interface ValueIndex {
  byFold: Map<string, string[]>;
  candidates: Candidate[];
}

const indexes = new WeakMap<readonly string[], ValueIndex>();

function valuesOf(vocabulary: Vocabulary, dimension: Dimension): readonly string[] | undefined {
  const values = vocabulary.get(dimension);
  // Channels are a fixed taxonomy: every channel is a valid filter, even without data yet.
  if (dimension === 'channel') return [...new Set([...CHANNELS, ...(values ?? [])])];
  return values;
}

function indexOf(values: readonly string[]): ValueIndex {
  const cached = indexes.get(values);
  if (cached) return cached;
  const byFold = new Map<string, string[]>();
  const candidates: Candidate[] = [];
  for (const value of values) {
    const folded = fold(value);
    const same = byFold.get(folded);
    if (same) {
      if (!same.includes(value)) same.push(value);
    } else {
      byFold.set(folded, [value]);
      candidates.push({ folded, label: value });
    }
  }
  const index = { byFold, candidates };
  indexes.set(values, index);
  return index;
}

export type ValueMatch =
  | { kind: 'found'; values: readonly string[] }
  | { kind: 'unchecked'; values: readonly string[] }
  | { kind: 'missing'; candidates: readonly Candidate[] };

/**
 * The canonical values a typed value stands for, ignoring case, accents, punctuation and
 * extra spaces. Several display values may fold alike ("Spring Sale", "spring sale"): all match.
 * A dimension the vocabulary does not list at all is not checked.
 */
export function resolveValue(vocabulary: Vocabulary, dimension: Dimension, typed: string): ValueMatch {
  const values = valuesOf(vocabulary, dimension);
  if (values === undefined) return { kind: 'unchecked', values: [typed.trim().replace(/\s+/g, ' ')] };
  const index = indexOf(values);
  const found = index.byFold.get(fold(typed));
  if (found) return { kind: 'found', values: found };
  if (dimension === 'channel') {
    // Labels such as "Google Ads" or "SEO" name a channel of the taxonomy.
    const channel = channelFrom(typed);
    if (channel !== 'other') return { kind: 'found', values: [channel] };
  }
  return { kind: 'missing', candidates: index.candidates };
}

/** The dimensions whose vocabulary holds the typed value exactly (after folding). */
export function dimensionsHolding(vocabulary: Vocabulary, typed: string): Dimension[] {
  const folded = fold(typed);
  if (folded === '') return [];
  return DIMENSIONS.filter((dimension) => {
    const values = valuesOf(vocabulary, dimension);
    return values !== undefined && indexOf(values).byFold.has(folded);
  });
}

/** A Vocabulary from the engine's `vocabulary(snapshot)` record (dimension → display values). */
export function vocabularyFrom(values: Partial<Readonly<Record<Dimension, readonly string[]>>>): Vocabulary {
  const map = new Map<Dimension, readonly string[]>();
  for (const dimension of DIMENSIONS) {
    const list = values[dimension];
    if (list) map.set(dimension, list);
  }
  return map;
}
