import type { SourceCoverage } from '../model/coverage.ts';
import { isoFromDay, zonedDay } from '../shared/days.ts';
import type { Db } from './db.ts';

type Row = { origin: string; first: string | number | null; last: string | number | null };

/**
 * The days each source's rows span, per side: leads by creation instant (as days in the
 * workspace zone), spend by its date. One grouped scan of each table (the primary key starts
 * with the origin); read where an answer or a digest needs it, not per row.
 */
export async function dataCoverage(db: Db, timeZone: string): Promise<SourceCoverage[]> {
  const [leads, costs] = await Promise.all([
    db.query<Row>(
      'SELECT origin, MIN(created_at) AS first, MAX(created_at) AS last FROM leads GROUP BY origin',
    ),
    db.query<Row>(
      // A campaign grid's row spans date..end_date: the source reaches its last day.
      'SELECT origin, MIN(date) AS first, MAX(COALESCE(end_date, date)) AS last FROM costs GROUP BY origin',
    ),
  ]);
  const day = (ms: string | number | null) => isoFromDay(zonedDay(Number(ms), timeZone));
  const out: SourceCoverage[] = [];
  for (const r of leads) {
    if (r.first === null || r.last === null) continue;
    out.push({ origin: String(r.origin), side: 'leads', firstDay: day(r.first), lastDay: day(r.last) });
  }
  for (const r of costs) {
    if (r.first === null || r.last === null) continue;
    out.push({ origin: String(r.origin), side: 'spend', firstDay: String(r.first), lastDay: String(r.last) });
  }
  return out.sort((a, b) => a.origin.localeCompare(b.origin) || a.side.localeCompare(b.side));
}
