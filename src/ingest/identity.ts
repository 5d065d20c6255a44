import { hash } from 'node:crypto';

/**
 * The identity of a source row that has no record id: a hash of every cell as the file wrote
 * it, plus what the file states around the rows (`context`: the day or span a campaign grid
 * row covers). Two rows share it only when they are the same row, repeated (the same export
 * appended twice, overlapping date ranges); rows that differ in any column, mapped or not (an
 * age bracket, a gender, an ad set the preset does not read), never do. Trailing blank cells
 * are left out: spreadsheets pad some rows and not others.
 */
export function rawIdentity(cells: readonly unknown[], context: string): string {
  // The one-shot hash (no Hash object per row): the same hex digest, in about half the time.
  return hash('sha1', rawIdentityText(cells, context));
}

/**
 * The text rawIdentity hashes: as telling (two rows share it only when they are the same row),
 * longer. For a sink that keeps no ids and hashes them itself: no SHA-1 per row.
 */
export function rawIdentityText(cells: readonly unknown[], context: string): string {
  let end = cells.length;
  while (end > 0 && isBlank(cells[end - 1])) end--;
  // Each cell length-prefixed and typed: ["a,b"] and ["a", "b"], 1 and "1" stay apart. One
  // string, hashed once: a call into the hash per cell costs more than the concatenation.
  let text = `${context.length}:${context}`;
  for (let i = 0; i < end; i++) {
    const cell = cells[i];
    const value = cell == null ? '' : String(cell);
    text += `|${typeof cell === 'string' ? 's' : typeof cell}${value.length}:${value}`;
  }
  return text;
}

function isBlank(cell: unknown): boolean {
  return cell == null || (typeof cell === 'string' && cell.trim() === '');
}
