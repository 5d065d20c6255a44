import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../../src/ingest/file.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { buildSnapshot, type Snapshot } from '../../src/kpi/snapshot.ts';
import { isoFromDay } from '../../src/shared/days.ts';

/**
 * A workspace whose CRM export has neither a revenue column nor stage dates: a Salesforce leads
 * report (its real header: no amount, no MQL / SQL dates; US dates) beside a Meta daily export
 * (spend in EUR). `perDay` leads and 160 € of spend (120 € Lead Gen FR, 40 € Retargeting FR) a day
 * from `firstDay` to `lastDay` (epoch days), written to a temporary folder and ingested as a user's
 * files are.
 */
export async function noRevenueWorkspace(
  firstDay: number,
  lastDay: number,
  perDay = 12,
  timeZone = 'Europe/Paris',
): Promise<{ snapshot: Snapshot; files: string[]; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'no-revenue-'));
  const quote = (cells: readonly (string | number)[]) =>
    cells.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',');
  const usDate = (day: number) => {
    const [y, m, d] = isoFromDay(day).split('-');
    return `${m}/${d}/${y}`;
  };
  const header = [
    'Lead ID',
    'First Name',
    'Last Name',
    'Company / Account',
    'Email',
    'Lead Source',
    'Lead Status',
    'Lead Owner',
    'Create Date',
    'Country',
  ];
  const leads = [quote(header)];
  const spend = [
    'Campaign name,Day,Reporting starts,Reporting ends,Amount spent (EUR),Impressions,Link clicks,Leads',
  ];
  let n = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    for (let i = 0; i < perDay; i++) {
      n++;
      const source = i % 3 === 0 ? 'Web' : i % 3 === 1 ? 'Advertisement' : 'Partner Referral';
      leads.push(
        quote([
          `00Q5e0000${String(n).padStart(6, '0')}`,
          `Ana${n}`,
          'Costa',
          `Costa ${n} SARL`,
          `ana${n}@costa-sarl.fr`,
          source,
          'Open - Not Contacted',
          'Claire Dubois',
          usDate(day),
          'France',
        ]),
      );
    }
    const iso = isoFromDay(day);
    spend.push(`Lead Gen FR,${iso},${iso},${iso},120.00,9000,140,5`);
    spend.push(`Retargeting FR,${iso},${iso},${iso},40.00,3000,50,1`);
  }
  const files = [join(dir, 'salesforce-leads.csv'), join(dir, 'meta-ads.csv')];
  await writeFile(files[0]!, `${leads.join('\r\n')}\r\n`);
  await writeFile(files[1]!, `${spend.join('\n')}\n`);
  const sink = new MemorySink();
  for (const file of files) {
    const report = await ingestFile(file, { timeZone, currency: 'EUR' }, sink);
    if (report.error) throw report.error;
    if (report.skipped > 0) throw new Error(`${file}: ${report.skipped} rows rejected`);
  }
  const snapshot = buildSnapshot(sink.leadList(), sink.costList(), {
    timeZone,
    currency: 'EUR',
    dataVersion: 'no-revenue',
  });
  return { snapshot, files, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
