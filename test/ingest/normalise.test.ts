import fc from 'fast-check';
import isEmailModule from 'validator/lib/isEmail.js';
import { describe, expect, it } from 'vitest';
import { parseDateTime, toInstant, toIsoDay } from '../../src/ingest/dates.ts';
import { isValidEmail, isValidPhone, parseHour, parseNumber } from '../../src/ingest/normalise.ts';

const value = (raw: string, decimal: ',' | '.' | null = null) => {
  const parsed = parseNumber(raw, decimal);
  return parsed.ok ? parsed.value : 'invalid';
};

describe('parseNumber', () => {
  it.each([
    ['1 234,56 €', ',', 1234.56],
    ['$1,234.56', null, 1234.56],
    ['1\u202f234,56', null, 1234.56],
    ['1\u00a0234', null, 1234],
    ["1'234.50 CHF", null, 1234.5],
    ['EUR 12,5', ',', 12.5],
    ['(1,234.56)', null, -1234.56],
    ['-12,5 €', ',', -12.5],
    ['−3', null, -3],
    ['12.5%', null, 12.5],
    ['1.234.567,8', null, 1234567.8],
    ['1,234', '.', 1234],
    ['1,234', ',', 1.234],
    ['1,234', null, 1234],
    ['1,5', null, 1.5],
    // A decimal-comma file groups thousands with dots (German, Dutch, pt-BR exports).
    ['1.234', ',', 1234],
    ['12.345', ',', 12345],
    ['€1.234', ',', 1234],
    ['12.5', ',', 'invalid'],
    // Separator unknown: a lone dot is a decimal point, whatever else surrounds the number.
    ['1.234', null, 1.234],
    ['€1.234', null, 1.234],
    ['0.125', null, 0.125],
    ['--', null, null],
    ['-', null, null],
    ['', null, null],
    ['n/a', null, null],
    ['12abc', null, 'invalid'],
    ['1,2,3', null, 'invalid'],
  ] as const)('%j (decimal %s) -> %s', (raw, decimal, expected) => {
    expect(value(raw, decimal)).toBe(expected);
  });

  it('reads the currency and the percent sign', () => {
    expect(parseNumber('1 234,56 €', ',')).toEqual({
      ok: true,
      value: 1234.56,
      currency: 'EUR',
      percent: false,
    });
    expect(parseNumber('R$ 10,00', ',')).toMatchObject({ currency: 'BRL', value: 10 });
    expect(parseNumber('5%', null)).toMatchObject({ percent: true, value: 5 });
  });

  it('round-trips numbers written the French and the US way', () => {
    const fr = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const us = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => {
        const n = cents / 100;
        expect(value(fr.format(n), ',')).toBeCloseTo(n, 2);
        expect(value(`${fr.format(n)} €`, ',')).toBeCloseTo(n, 2);
        expect(value(us.format(n), '.')).toBeCloseTo(n, 2);
        expect(value(`$${us.format(Math.abs(n))}`, '.')).toBeCloseTo(Math.abs(n), 2);
      }),
    );
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<',' | '.' | null>(',', '.', null), (raw, decimal) => {
        parseNumber(raw, decimal);
      }),
    );
  });
});

const iso = (raw: string, order: 'dmy' | 'mdy' | null = null, tz = 'Europe/Paris') => {
  const parts = parseDateTime(raw, order);
  return parts ? new Date(toInstant(parts, tz)).toISOString() : null;
};

describe('parseHour', () => {
  it('reads the hour of day as Google Ads, Microsoft and Meta write it', () => {
    expect(parseHour('0')).toBe('00');
    expect(parseHour('7')).toBe('07');
    expect(parseHour('23')).toBe('23');
    expect(parseHour('13:00')).toBe('13');
    expect(parseHour('13:00:00 - 13:59:59')).toBe('13');
    expect(parseHour('01:00:00 - 01:59:59')).toBe('01');
    expect(parseHour('9h')).toBe('09');
  });

  it('refuses what is not an hour of day', () => {
    for (const raw of ['24', '25:00', 'noon', '2026-11-16', '1.5', ''])
      expect(parseHour(raw), raw).toBeNull();
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-03-05', null, '2026-03-04T23:00:00.000Z'],
    ['2026-03-05T10:30:00Z', null, '2026-03-05T10:30:00.000Z'],
    ['2026-03-05 10:30:00+02:00', null, '2026-03-05T08:30:00.000Z'],
    ['2026/03/05', null, '2026-03-04T23:00:00.000Z'],
    ['05/03/2026', 'dmy', '2026-03-04T23:00:00.000Z'],
    ['03/05/2026', 'mdy', '2026-03-04T23:00:00.000Z'],
    ['05.03.2026', null, '2026-03-04T23:00:00.000Z'],
    ['05/03/2026 14:05', 'dmy', '2026-03-05T13:05:00.000Z'],
    ['3/5/2026 2:05 PM', 'mdy', '2026-03-05T13:05:00.000Z'],
    ['Mar 5, 2026', null, '2026-03-04T23:00:00.000Z'],
    ['March 5, 2026 10:00 AM', null, '2026-03-05T09:00:00.000Z'],
    ['5 mars 2026', null, '2026-03-04T23:00:00.000Z'],
    ['5 janv. 2026', null, '2026-01-04T23:00:00.000Z'],
    ['5 févr. 2026', null, '2026-02-04T23:00:00.000Z'],
    ['5 de março de 2026', null, '2026-03-04T23:00:00.000Z'],
    ['05-Mar-2026', null, '2026-03-04T23:00:00.000Z'],
    ['46086', null, '2026-03-04T23:00:00.000Z'],
    ['46086.25', null, '2026-03-05T05:00:00.000Z'],
    ['20260305', null, '2026-03-04T23:00:00.000Z'],
    ['14/03/2026', null, '2026-03-13T23:00:00.000Z'],
    ['05/03/2026', null, null],
    ['31/02/2026', 'dmy', null],
    ['yesterday', null, null],
  ] as const)('%j (%s) -> %s', (raw, order, expected) => {
    expect(iso(raw, order)).toBe(expected);
  });

  it('a date-only cell is midnight in the workspace time zone; a cost day is tz-free', () => {
    expect(iso('2026-07-01', null, 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
    expect(toIsoDay(parseDateTime('2026-07-01T23:30:00-05:00', null)!)).toBe('2026-07-01');
  });

  it('round-trips random dates written as dd/mm/yyyy, mm/dd/yyyy, ISO and serials', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
          const p2 = (n: number) => String(n).padStart(2, '0');
          const want = `${y}-${p2(m)}-${p2(day)}`;
          const day0 = Date.UTC(1899, 11, 30);
          const serial = Math.round((Date.UTC(y, m - 1, day) - day0) / 86_400_000);
          expect(toIsoDay(parseDateTime(`${p2(day)}/${p2(m)}/${y}`, 'dmy')!)).toBe(want);
          expect(toIsoDay(parseDateTime(`${m}/${day}/${y}`, 'mdy')!)).toBe(want);
          expect(toIsoDay(parseDateTime(want, null)!)).toBe(want);
          expect(toIsoDay(parseDateTime(String(serial), null)!)).toBe(want);
        },
      ),
    );
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<'dmy' | 'mdy' | null>('dmy', 'mdy', null), (raw, order) => {
        parseDateTime(raw, order);
      }),
    );
  });
});

describe('contact validity', () => {
  it.each([
    ['jane.doe@acme.io', true],
    ['test@test.com', false],
    ['a@a.com', false],
    ['noreply@acme.io', false],
    ['n/a', false],
    ['jane@', false],
  ])('email %j -> %s', (email, valid) => {
    expect(isValidEmail(email)).toBe(valid);
  });

  it('reads a non-ASCII local part (léa.lefèvre@…) as validator.isEmail does, its domain checked once', () => {
    const isEmail = isEmailModule.default;
    // Pieces of local parts: letters with accents, other scripts, symbols isEmail allows or
    // refuses, quotes, dots (empty parts), a lone surrogate, and enough of them to pass 64 bytes.
    const piece = fc.oneof(
      {
        arbitrary: fc.constantFrom(
          'é',
          'È',
          'ü',
          'ß',
          '中',
          'a',
          'Z',
          '1',
          '+',
          '_',
          '-',
          'x'.repeat(20),
          'é'.repeat(9),
        ),
        weight: 12,
      },
      { arbitrary: fc.constantFrom('.', '"', ' ', '@', '\u00a0', '\ud800'), weight: 1 },
    );
    const domain = fc.constantFrom(
      'gmail.com',
      'acme-conseil.fr',
      'exämple.fr',
      'b.co',
      'localhost',
      'a..b',
      '-a.com',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }), domain, (pieces, host) => {
        const local = `${pieces.join('')}é`; // never ASCII: not the fast path nor a placeholder word
        const email = `${local}@${host}`;
        let expected: boolean | string;
        try {
          expected = isEmail(email.trim().toLowerCase()); // isValidEmail trims and lowercases first
        } catch (error) {
          expected = String(error);
        }
        let actual: boolean | string;
        try {
          actual = isValidEmail(email);
        } catch (error) {
          actual = String(error);
        }
        expect(actual).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['+33 6 12 34 56 78', true],
    ['(415) 555-0134', true],
    ['0000000000', false],
    ['123456789', false],
    ['n/a', false],
    ['12', false],
  ])('phone %j -> %s', (phone, valid) => {
    expect(isValidPhone(phone)).toBe(valid);
  });
});
