/** A text file as an export tool writes it: lines, line ending and byte encoding. */
export interface EncodedFile {
  lines: readonly string[];
  encoding: 'utf8' | 'utf8bom' | 'utf16le';
  eol: '\n' | '\r\n';
}

/** The bytes of the file; UTF-16LE and "UTF-8 with BOM" files start with their BOM. */
export function encodeFile(file: EncodedFile): Buffer {
  const text = file.lines.join(file.eol) + file.eol;
  if (file.encoding === 'utf16le') return Buffer.from(`\uFEFF${text}`, 'utf16le');
  return Buffer.from(file.encoding === 'utf8bom' ? `\uFEFF${text}` : text, 'utf8');
}
