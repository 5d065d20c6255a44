/**
 * The command text cut into words. A word is a run of characters up to unquoted whitespace;
 * quoted sections ("…", '…', “…”, ‘…’, «…») keep their spaces and separators. `quoted[i]` says
 * whether `text[i]` came from inside quotes, so `=` `:` `,` are only separators outside them.
 */
export interface Word {
  /** The word's characters with the quote marks removed. */
  text: string;
  /** Per character of `text` (UTF-16 units): true when it was inside quotes. */
  quoted: readonly boolean[];
  /** Offset of the word in the (entity-decoded) command text. */
  start: number;
  /** The word as typed, quotes included. */
  raw: string;
}

/** A slice of a word: value text and where it starts in the command. */
export interface Piece {
  text: string;
  quoted: boolean;
  start: number;
}

const CLOSERS: Readonly<Record<string, string>> = {
  '"': '"”“',
  '“': '”"“',
  '”': '”"',
  '„': '“”"',
  "'": "'’",
  '‘': "’'",
  '’': "’'",
  '«': '»',
};

const isSpace = (c: string): boolean => /\s/u.test(c);

/** Slack escapes `&`, `<` and `>` in slash-command text; undo just those three. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Where the quote opened at `open` closes: a closer followed by a separator or the end. */
function findClose(input: string, open: number): number {
  const closers = CLOSERS[input[open] ?? ''] ?? '';
  let fallback = -1;
  for (let i = open + 1; i < input.length; i++) {
    if (!closers.includes(input[i] ?? '')) continue;
    const next = input[i + 1];
    // An apostrophe inside a value (d'été) is not the end: the end is followed by a separator.
    if (next === undefined || isSpace(next) || next === ',') return i;
    if (fallback < 0) fallback = i;
  }
  return fallback;
}

/** Cuts the (already entity-decoded) text into words. Never throws. */
export function lex(input: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && isSpace(input[i] ?? '')) i++;
    if (i >= input.length) break;
    const start = i;
    let text = '';
    const quoted: boolean[] = [];
    while (i < input.length && !isSpace(input[i] ?? '')) {
      const c = input[i] ?? '';
      const prev = input[i - 1] ?? '';
      const opensQuote = c in CLOSERS && (i === start || '=:,'.includes(prev));
      const close = opensQuote ? findClose(input, i) : -1;
      if (opensQuote && close > i) {
        const inner = input.slice(i + 1, close);
        text += inner;
        for (let k = 0; k < inner.length; k++) quoted.push(true);
        i = close + 1;
      } else if (opensQuote && close < 0 && i + 1 < input.length) {
        // Unclosed quote: forgive it and take the rest of the text as the value.
        const inner = input.slice(i + 1);
        text += inner;
        for (let k = 0; k < inner.length; k++) quoted.push(true);
        i = input.length;
      } else {
        text += c;
        quoted.push(false);
        i++;
      }
    }
    words.push({ text, quoted, start, raw: input.slice(start, i) });
  }
  return words;
}

/** Index of the first unquoted occurrence of `char` in the word, or -1. */
export function indexUnquoted(word: Word, char: string, from = 0): number {
  for (let i = from; i < word.text.length; i++) {
    if (word.text[i] === char && !word.quoted[i]) return i;
  }
  return -1;
}

/** The word's characters from `from` on, split at unquoted commas; blank pieces dropped. */
export function splitList(word: Word, from = 0): Piece[] {
  const pieces: Piece[] = [];
  let begin = from;
  const push = (end: number): void => {
    const slice = word.text.slice(begin, end);
    const lead = slice.length - slice.trimStart().length;
    const text = slice.trim();
    if (text !== '') {
      const quoted = word.quoted.slice(begin, end).some(Boolean);
      pieces.push({ text, quoted, start: word.start + offsetInRaw(word, begin + lead) });
    }
  };
  for (let i = from; i < word.text.length; i++) {
    if (word.text[i] === ',' && !word.quoted[i]) {
      push(i);
      begin = i + 1;
    }
  }
  push(word.text.length);
  return pieces;
}

/** Maps an index in `word.text` to an offset in `word.raw` (quote marks are skipped in text). */
function offsetInRaw(word: Word, index: number): number {
  let raw = 0;
  let text = 0;
  while (text < index && raw < word.raw.length) {
    if (word.raw[raw] === word.text[text]) text++;
    raw++;
  }
  return raw;
}
