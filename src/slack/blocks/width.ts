import stringWidth from 'string-width';

/**
 * The widest code-block line, in characters, that a phone shows without wrapping: 34.
 *
 * How it was chosen (not measured in a Slack client: no phone with Slack runs here):
 * - the narrowest phones in common use are 360 pt wide (Android's 360 dp baseline; iPhone SE
 *   and mini are 375 pt);
 * - Slack's mobile message column starts after the avatar gutter (about 56 pt) and ends 16 pt
 *   from the edge, and a code block takes about 9 pt of border and padding on each side: about
 *   270 pt of text;
 * - code blocks use a monospace font of about 13 pt, Menlo on iOS (derived from DejaVu Sans
 *   Mono) and Roboto Mono on Android, whose glyphs advance 0.60 em: 7.8 pt a character.
 * 270 / 7.8 = 34.6, so 34 characters fit; test/slack/phone-width.test.ts renders the answers'
 * code blocks in DejaVu Sans Mono at 13 px and checks that they fit in 270 px.
 * Slack wraps a longer line, which turns a table into an unreadable grid.
 */
export const PHONE_CODE_WIDTH = 34;

/** The text column of a code block on a 360 pt phone (see PHONE_CODE_WIDTH), in points. */
export const PHONE_CODE_POINTS = 270;
/** The code font size assumed for the phone (points). */
export const PHONE_CODE_FONT_SIZE = 13;

/**
 * Columns a text takes in a monospace font: East Asian wide characters and emoji take two,
 * combining marks none. For text before escaping.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Columns an escaped text takes once Slack shows it: `&lt;`, `&gt;` and `&amp;` take one. */
export function shownWidth(escaped: string): number {
  return stringWidth(escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/** Pads to `width` columns (left-aligned, or right-aligned with `right`). */
export function pad(text: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * Fits a text into `width` columns, ending with "…" when cut; the cut falls after a whole word
 * when one ends in the last third, so "Spring Sale Retargeting" reads "Spring Sale…".
 */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const chars = [...text];
  let used = 0;
  let end = 0;
  while (end < chars.length) {
    const w = stringWidth(chars[end] ?? '');
    if (used + w > width - 1) break;
    used += w;
    end++;
  }
  const cut = chars.slice(0, end).join('');
  const space = cut.lastIndexOf(' ');
  const head = space >= (cut.length * 2) / 3 ? cut.slice(0, space) : cut;
  return `${head.trimEnd()}…`;
}
