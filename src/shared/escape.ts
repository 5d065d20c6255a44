/**
 * Escaping for text that came from data (campaign names, owners, file names…). Slack parses
 * `&`, `<` and `>` as control characters (mentions, links, `<!channel>`) and `* _ ~ \``
 * as formatting: the first three become entities, the others are neutralised with a
 * zero-width space so they show literally and can never close a code block.
 */
const ZWSP = '\u200B';

export function escapeMrkdwn(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`|]/g, (c) => `${ZWSP}${c}${ZWSP}`)
    .replace(/[\r\n\t]+/g, ' ');
}

/** Escaping inside a ``` code block: entities only, and no backtick can end the block. */
export function escapeCode(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, 'ˋ')
    .replace(/[\r\n\t]+/g, ' ');
}

/** Plain-text objects are not parsed by Slack; only control whitespace is flattened. */
export function escapePlain(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ');
}

/** Cuts text to `max` characters (code points), ending with an ellipsis when cut. */
export function truncate(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Slack's three control characters as entities: for error text in a report (no formatting games). */
export const escapeEntities = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
