import { distance } from 'fastest-levenshtein';
import { foldLabel } from '../model/channel.ts';

/** A valid spelling: what it is matched as (`folded`) and what is shown (`label`). */
export interface Candidate {
  folded: string;
  label: string;
}

const MAX_SUGGESTIONS = 3;
/** Longer tokens are cut before computing distances: nobody types a 500-character metric. */
const MAX_TOKEN = 64;

// Keys next to each other on QWERTY and AZERTY rows: a slip of the finger (cpk for cpl) ranks
// above another one-letter difference (cpa).
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'azertyuiop', 'qsdfghjklm', 'wxcvbn'];

function neighbours(a: string, b: string): boolean {
  return ROWS.some((row) => {
    const i = row.indexOf(a);
    const j = row.indexOf(b);
    return i >= 0 && j >= 0 && Math.abs(i - j) === 1;
  });
}

/** 0 when `a` and `b` differ by one adjacent-key substitution, 1 otherwise (a tie-breaker). */
function slipPenalty(a: string, b: string): number {
  if (a.length !== b.length) return 1;
  let diff = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (diff >= 0) return 1;
    diff = i;
  }
  return diff >= 0 && neighbours(a[diff] ?? '', b[diff] ?? '') ? 0 : 1;
}

/** Folding used for every comparison: case, accents, punctuation and spacing ignored. */
export function fold(text: string): string {
  return foldLabel(text);
}

/**
 * Up to three labels closest to `token`: prefix and substring matches first, then by edit
 * distance (fastest-levenshtein) on folded text, keeping only plausible ones.
 */
export function closestMatches(token: string, candidates: readonly Candidate[]): string[] {
  const needle = fold(token).slice(0, MAX_TOKEN);
  if (needle === '') return [];
  const limit = Math.max(1, Math.min(3, Math.floor(needle.length / 3) + 1));
  const scored: { label: string; score: number; slip: number; order: number }[] = [];
  candidates.forEach((candidate, order) => {
    const hay = candidate.folded;
    if (hay === '') return;
    let score: number;
    if (hay.startsWith(needle) || (needle.length >= 3 && needle.startsWith(hay))) score = 0;
    else if (needle.length >= 3 && hay.includes(needle)) score = 0.5;
    else {
      let d = distance(needle, hay.slice(0, MAX_TOKEN * 2));
      // A misspelt start of a longer name (`sprng` for "Spring Sale") is a good match too.
      if (needle.length >= 3 && hay.length > needle.length + 1) {
        for (const length of [needle.length - 1, needle.length, needle.length + 1]) {
          d = Math.min(d, distance(needle, hay.slice(0, length)) + 1);
        }
      }
      if (d > limit) return;
      score = d;
    }
    scored.push({ label: candidate.label, score, slip: slipPenalty(needle, hay), order });
  });
  scored.sort((a, b) => a.score - b.score || a.slip - b.slip || a.order - b.order);
  const labels: string[] = [];
  const best = scored[0]?.score ?? 0;
  for (const entry of scored) {
    // Far worse than the best guess is noise: `revnue` suggests revenue, not contribution.
    if (entry.score >= best + 1) break;
    if (!labels.includes(entry.label)) labels.push(entry.label);
    if (labels.length === MAX_SUGGESTIONS) break;
  }
  return labels;
}
