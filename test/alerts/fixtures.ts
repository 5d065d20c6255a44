import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { blankCost, blankLead } from '../support/rows.ts';

/** A lead of the test workspace, created at `createdAt` (ISO), in campaign Spring Sale by default. */
export function lead(id: string, createdAt: string, overrides: Partial<Lead> = {}): Lead {
  return blankLead({
    origin: 'hubspot-contacts',
    recordId: id,
    createdAt: Date.parse(createdAt),
    source: 'google',
    campaign: 'Spring Sale',
    country: 'FR',
    email: `${id}@example.com`,
    currency: 'EUR',
    ...overrides,
  });
}

/** Media spend on a day (YYYY-MM-DD). */
export function cost(id: string, date: string, amount: number, overrides: Partial<Cost> = {}): Cost {
  return blankCost({
    origin: 'google-ads',
    recordId: id,
    date,
    amount,
    source: 'google',
    campaign: 'Spring Sale',
    ...overrides,
  });
}

/** `n` leads spread over the given days at 10:00 UTC. */
export function leadsOver(
  prefix: string,
  n: number,
  days: readonly string[],
  overrides: Partial<Lead> = {},
): Lead[] {
  return Array.from({ length: n }, (_, i) =>
    lead(`${prefix}-${i}`, `${days[i % days.length]}T10:00:00Z`, overrides),
  );
}
