import { createStoreSink } from '../../src/data/store-sink.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import type { Db } from '../../src/store/db.ts';
import { blankCost, blankLead } from './rows.ts';

/** A lead with every optional field empty: tests spell out only what matters. */
export function lead(id: string, createdAt: string, fields: Partial<Lead> = {}): Lead {
  return blankLead({
    recordId: id,
    createdAt: Date.parse(createdAt),
    source: 'google',
    email: `${id}@example.com`,
    ...fields,
  });
}

export function cost(id: string, date: string, amount: number, fields: Partial<Cost> = {}): Cost {
  return blankCost({ recordId: id, date, amount, source: 'google', ...fields });
}

/** Leads and spend for a set of campaigns over October 2026: `perCampaign` leads and 100 € a day each. */
export function campaignData(
  campaigns: readonly string[],
  perCampaign = 4,
): { leads: Lead[]; costs: Cost[] } {
  const leads: Lead[] = [];
  const costs: Cost[] = [];
  campaigns.forEach((campaign, c) => {
    for (let i = 0; i < perCampaign; i++) {
      const day = String(1 + ((i * 7 + c) % 28)).padStart(2, '0');
      leads.push(
        lead(`l-${c}-${i}`, `2026-10-${day}T10:00:00Z`, {
          campaign,
          customerAt: i === 0 ? Date.parse(`2026-10-${day}T12:00:00Z`) : null,
          amount: i === 0 ? 1000 : null,
        }),
      );
    }
    costs.push(cost(`c-${c}`, `2026-10-${String(1 + (c % 28)).padStart(2, '0')}`, 100 + c, { campaign }));
  });
  return { leads, costs };
}

/** Imports campaignData(campaigns) into a store as one import of `origin` (answers name it). */
export async function seedCampaigns(db: Db, campaigns: readonly string[], origin: string): Promise<void> {
  const { leads, costs } = campaignData(campaigns);
  const sink = createStoreSink(db);
  await sink.writeLeads(leads);
  await sink.writeCosts(costs);
  await sink.finish({
    origin,
    name: 'seed',
    startedAt: Date.now(),
    finishedAt: Date.now(),
    rowsRead: leads.length + costs.length,
    rowsSkipped: 0,
    report: {},
  });
}
