import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, parseCommandUnchecked } from '../../src/command/grammar.ts';
import { catalogue, t } from '../../src/i18n/catalogue.ts';
import { METRIC_IDS, type PeriodSpec, type Query } from '../../src/kpi/query.ts';
import { LEAD_DIMENSIONS } from '../../src/model/lead.ts';
import { NOW, vocabulary } from './support.ts';

const WORDS = [
  'cpl',
  'cac',
  'funnel',
  'help',
  'plan',
  'digest',
  'alerts',
  'add',
  'subscribe',
  'by=',
  'period=',
  'vs=previous',
  'campaign=',
  'source:',
  'from=',
  'to=',
  'view=cohort',
  '"',
  "'",
  '“',
  '”',
  '‘',
  '’',
  '«',
  '»',
  ',',
  '=',
  ':',
  '>',
  '<',
  '&gt;',
  '&lt;',
  '&amp;',
  '<#C1|x>',
  '<@U1>',
  '#growth',
  'me',
  '2026-W53',
  '2026-Q3',
  '2026-13',
  'last-7d',
  'Spring Sale',
  "Soldes d'été",
  'constructor',
  '__proto__',
  'toString',
  '09:00',
  'Europe/Paris',
  '-50%',
  'clv/ratio',
  ' ',
  '  ',
  '\n',
  '\t',
  'é',
  '\u0301',
  '\u0000',
  '😀',
];

/** Text made of the grammar's own pieces, so the property reaches deep paths, plus raw strings. */
const commandText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((parts) => parts.join(' ')),
);

const dateOk = (day: string): boolean => {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
};

function periodOk(period: PeriodSpec): boolean {
  switch (period.kind) {
    case 'relative':
      return true;
    case 'last-days':
      return Number.isInteger(period.days) && period.days >= 1;
    case 'month':
      return period.month >= 1 && period.month <= 12;
    case 'quarter':
      return period.quarter >= 1 && period.quarter <= 4;
    case 'iso-week':
      return period.week >= 1 && period.week <= 53;
    case 'year':
      return Number.isInteger(period.year);
    case 'range':
      return dateOk(period.from) && dateOk(period.to) && period.from <= period.to;
  }
}

function wellFormed(query: Query): boolean {
  const known = new Set<string>(METRIC_IDS);
  const dims = new Set<string>(LEAD_DIMENSIONS);
  return (
    query.metrics.length > 0 &&
    new Set(query.metrics).size === query.metrics.length &&
    query.metrics.every((m) => known.has(m)) &&
    query.filters.every((f) => dims.has(f.dimension) && f.values.length > 0) &&
    new Set(query.filters.map((f) => f.dimension)).size === query.filters.length &&
    (query.by === null || query.by.kind === 'time' || dims.has(query.by.dimension)) &&
    periodOk(query.period)
  );
}

describe('parseCommand on any text', () => {
  it('never throws, and answers a well-formed command or a localized error', () => {
    fc.assert(
      fc.property(commandText, fc.constantFrom('en' as const, 'fr' as const), (text, locale) => {
        // The unchecked parser: the safety net of parseCommand must not hide a bug.
        const result = parseCommandUnchecked(text, { vocabulary, locale, now: NOW });
        if (result.ok) {
          if (result.value.kind === 'query') expect(wellFormed(result.value.query)).toBe(true);
        } else {
          expect(result.error.suggestions.length).toBeLessThanOrEqual(3);
          // Every placeholder of the message is filled (a token may itself contain braces).
          const template = catalogue[result.error.messageKey][locale];
          for (const [, name] of template.matchAll(/\{(\w+)\}/g))
            expect(result.error.params).toHaveProperty(name ?? '');
          expect(t(locale, result.error.messageKey, result.error.params).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('resolves filter values only to values of the vocabulary', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(vocabulary.get('campaign') ?? [])), fc.boolean(), (value, upper) => {
        const typed = upper ? value.toUpperCase() : value.toLowerCase();
        const result = parseCommand(`cpl campaign="${typed}"`, { vocabulary, locale: 'en', now: NOW });
        expect(result.ok && result.value.kind === 'query' && result.value.query.filters[0]?.values).toEqual([
          value,
        ]);
      }),
    );
  });
});
