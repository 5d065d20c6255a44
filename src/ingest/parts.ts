import type { CsvDialect } from './csv.ts';
import type { TextEncoding } from './decode.ts';
import type { RowContext } from './row.ts';
import type { WriterOptions } from './writer.ts';

/** A file's records as bytes on disk: what a sink needs to map it in byte ranges (IngestSink.mapInParts). */
export interface FileRegion {
  path: string;
  encoding: TextEncoding;
  dialect: CsvDialect;
  /** The header's row number: the records up to it are not data. */
  headerLine: number;
  /** The size the file had when its ingest started. */
  size: number;
}

/** What runIngest settles once per file, that every row is mapped and counted with. */
export interface SettledIngest {
  ctx: RowContext;
  /** The other kind's campaign keys (the writer's unattributed check). */
  otherKeys: ReadonlySet<string>;
  writer: WriterOptions;
}
