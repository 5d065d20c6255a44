import { describe, expect, it } from 'vitest';
import { buildSnapshot, vocabulary } from '../../src/kpi/snapshot.ts';
import { cost, lead } from './rows.ts';

const opts = { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' };

describe('dimension labels', () => {
  it('shows the most readable spelling of a campaign, whatever the order rows arrive in', () => {
    const spellings = ['abm_diretores', 'ABM%20Diretores', 'ABM Diretores', 'abm diretores'];
    for (const order of [spellings, [...spellings].reverse()]) {
      const snapshot = buildSnapshot(
        order.slice(0, 2).map((campaign) => lead({ campaign })),
        order.slice(2).map((campaign) => cost({ campaign })),
        opts,
      );
      expect(vocabulary(snapshot).campaign).toEqual(['ABM Diretores']);
    }
  });

  it('keeps the first spelling on a tie', () => {
    const snapshot = buildSnapshot(
      [lead({ campaign: 'Spring Sale' }), lead({ campaign: 'Spring SALE' })],
      [],
      opts,
    );
    expect(vocabulary(snapshot).campaign).toEqual(['Spring Sale']);
  });
});
