/**
 * The `period=` clause of the DM message that carries an upload, in the command grammar's words
 * (`period=2026-02`, `period="from=2026-01-27 to=2026-02-23"`, `période=…`): the days a campaign
 * grid covers when the file does not say, as `--period` is on `npm run ingest`. Slack clients
 * may turn the straight quotes into curly ones; both are read. Null when the message has none.
 */
export function uploadPeriodClause(text: string | undefined): string | null {
  const found = /(?:^|\s)p[eé]riode?=(?:"([^"]*)"|“([^”]*)”|(\S+))/iu.exec(text ?? '');
  if (!found) return null;
  return (found[1] ?? found[2] ?? found[3] ?? '').trim();
}
