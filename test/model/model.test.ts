import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignKey } from '../../src/model/campaign.ts';
import { CHANNELS, channelFrom } from '../../src/model/channel.ts';

describe('campaignKey', () => {
  it('joins the spellings a campaign takes across exports and UTMs', () => {
    const spellings = [
      'Spring Sale',
      ' spring  sale ',
      'spring_sale',
      'Spring-Sale',
      'spring%20sale',
      'SPRING+SALE',
    ];
    expect(new Set(spellings.map(campaignKey))).toEqual(new Set(['spring sale']));
  });
  it('folds accents so "Été" and "ete" meet', () => {
    expect(campaignKey('Soldes d’Été 2026')).toBe(campaignKey('soldes d ete 2026'));
  });
  it('keeps distinct campaigns distinct', () => {
    expect(campaignKey('Spring Sale A')).not.toBe(campaignKey('Spring Sale B'));
  });
  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const k = campaignKey(s);
        if (k !== null) expect(campaignKey(k)).toBe(k);
      }),
    );
  });
});

describe('channelFrom', () => {
  it('maps CRM labels to the taxonomy', () => {
    expect(channelFrom('Paid Search')).toBe('paid_search');
    expect(channelFrom('PAID_SOCIAL')).toBe('paid_social');
    expect(channelFrom('Direct Traffic')).toBe('direct');
    expect(channelFrom('Email Marketing')).toBe('email');
    expect(channelFrom('Offline Sources')).toBe('events');
  });
  it('puts anything unknown in other', () => {
    expect(channelFrom('carrier pigeon')).toBe('other');
    expect(channelFrom('')).toBe('other');
    expect(channelFrom(null)).toBe('other');
  });
  it('always lands in the taxonomy', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(CHANNELS).toContain(channelFrom(s));
      }),
    );
  });
});
