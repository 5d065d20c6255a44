import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { blankCost, blankLead } from '../support/rows.ts';

/** Test rows: a lead or cost with defaults, overridden where the test cares. */
let seq = 0;

export function lead(over: Partial<Lead> = {}): Lead {
  seq++;
  return blankLead({
    recordId: `L${seq}`,
    createdAt: Date.UTC(2026, 9, 5, 10),
    channel: 'paid_social',
    source: 'facebook',
    ...over,
  });
}

export function cost(over: Partial<Cost> = {}): Cost {
  seq++;
  return blankCost({
    recordId: `C${seq}`,
    date: '2026-10-05',
    amount: 0,
    channel: 'paid_social',
    source: 'facebook',
    ...over,
  });
}

export const times = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));
