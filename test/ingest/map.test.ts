import { describe, expect, it } from 'vitest';
import { ColumnMappingSchema, detectPreset, genericPreset, planColumns } from '../../src/ingest/map.ts';
import type { Preset } from '../../src/ingest/preset.ts';
import { TEST_LEADS, TEST_SPEND } from './support.ts';

const LINKEDIN_LIKE: Preset = {
  id: 'li',
  label: 'LinkedIn-like',
  kind: 'cost',
  columns: [
    { field: 'date', headers: ['Data de início'], type: 'date' },
    { field: 'campaign', headers: ['Nome da campanha'], type: 'text' },
    { field: 'amount', headers: ['Total investido'], type: 'money' },
    { field: 'clicks', headers: ['Leads'], type: 'integer' },
  ],
  required: ['date', 'amount'],
};

describe('column plan', () => {
  it('matches headers exactly after trim, NFC and case folding; near-duplicates never match', () => {
    const header = [
      'Leads (e-mail corporativo)',
      ' nome da campanha ',
      'TOTAL INVESTIDO',
      'Leads',
      'Data de in\u0069\u0301cio',
    ];
    const plan = planColumns(LINKEDIN_LIKE, header);
    expect(plan.columns.map((c) => [c.field, c.index])).toEqual([
      ['date', 4],
      ['campaign', 1],
      ['amount', 2],
      ['clicks', 3],
    ]);
    expect(plan.missing).toEqual([]);
  });

  it('takes the currency from a header pattern', () => {
    const plan = planColumns(TEST_SPEND, ['Jour', 'Nom de la campagne', 'Montant dépensé (EUR)']);
    expect(plan.byField.get('amount')).toMatchObject({ index: 2, currency: 'EUR' });
    expect(plan.headerCurrency).toBe('EUR');
  });

  it('detects the preset with the best score, or none', () => {
    expect(detectPreset(['Record ID', 'Create Date', 'Campaign'], [TEST_SPEND, TEST_LEADS])?.preset.id).toBe(
      'test-leads',
    );
    expect(detectPreset(['Day', 'Campaign', 'Cost', 'Clicks'], [TEST_LEADS, TEST_SPEND])?.preset.id).toBe(
      'test-spend',
    );
    expect(detectPreset(['foo', 'bar'], [TEST_LEADS, TEST_SPEND])).toBeNull();
  });
});

describe('generic preset', () => {
  it('is built from a YAML column mapping', () => {
    const mapping = ColumnMappingSchema.parse({
      kind: 'lead',
      columns: { createdAt: 'Date', campaign: 'Campaign', amount: 'Revenue' },
      defaults: { channel: 'paid_social' },
    });
    const preset = genericPreset(mapping);
    expect(preset).toMatchObject({
      id: 'generic',
      kind: 'lead',
      required: ['createdAt'],
      defaults: { channel: 'paid_social' },
    });
    expect(preset.columns.find((c) => c.field === 'amount')?.type).toBe('money');
    expect(planColumns(preset, ['Date', 'Campaign', 'Revenue']).missing).toEqual([]);
  });

  it('rejects unknown fields and a mapping without the required ones, naming them', () => {
    const result = ColumnMappingSchema.safeParse({ kind: 'cost', columns: { day: 'Day', amount: 'Cost' } });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message).join('\n') ?? '';
    expect(messages).toContain('unknown cost field "day"');
    expect(messages).toContain('a column for "date" is required');
  });
});
