import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileRowMapper,
  DayMemo,
  isIsoDay,
  plainNumber,
  plainNumberAt,
} from '../../src/ingest/compiled-row.ts';
import { parseDateTime, toInstant } from '../../src/ingest/dates.ts';
import { fnv32, hash52 } from '../../src/ingest/id-set.ts';
import { rawIdentity, rawIdentityText } from '../../src/ingest/identity.ts';
import { genericPreset, planColumns } from '../../src/ingest/map.ts';
import type { CellType, Preset } from '../../src/ingest/preset.ts';
import { PRESETS } from '../../src/ingest/presets/index.ts';
import { mapRow, type RowContext, type RowOutcome } from '../../src/ingest/row.ts';

// Cells as exports write them, good and bad, per column type: the fast readers' shapes and
// every shape they hand on to readCell.
const DATES = [
  '2026-03-05',
  '2026-03-05 10:30',
  '2026-03-05T10:30:15',
  '2026-03-29 02:30',
  '2026-10-25 02:30:00',
  '2025-11-02 01:30',
  '2026-02-30',
  '2026-13-01 10:00',
  '1899-12-31',
  '2026-03-05 25:00',
  '2026-03-05 10:60',
  '2026-3-5',
  ' 2026-03-05 ',
  '05/03/2026',
  '03/14/2026',
  '14.03.2026',
  '5 janv. 2026',
  'Jan 5, 2026',
  '2026-03-05T10:30:15Z',
  '2026-03-05 10:30:15+02:00',
  '45000',
  'soon',
  '',
  '--',
];
const NUMBERS = [
  '12',
  '-3.5',
  '0',
  '-0',
  '1,234.56',
  '1.234,56',
  '1234,5',
  '12%',
  '$5',
  '€ 7,5',
  '10 USD',
  'EUR 10',
  '(12)',
  '--',
  '',
  'abc',
  ' 12 ',
  '123456789012345678',
  '-5',
];
const TEXTS = [
  '',
  '  ',
  '--',
  'Paid Search',
  ' cpc ',
  'Total',
  'lead',
  'customer',
  'Marketing Qualified Lead',
  'closed won',
  'Closed Lost',
  'Campaign A',
  'a@b.co',
  'test@test.com',
  'josé.lefèvre@exemple.fr',
  '+33 6 12 34 56 78',
  'USD',
  'EUR',
  'media',
  'tooling',
  'nonsense',
  'rec-1',
  'rec-2',
];
const HOURS = ['13', '7', '13:00:00 - 13:59:59', '25', '', '13h'];

const cellOf = (type: CellType): fc.Arbitrary<unknown> => {
  const pool =
    type === 'date' || type === 'datetime'
      ? DATES
      : type === 'text'
        ? TEXTS
        : type === 'hour'
          ? HOURS
          : NUMBERS;
  // Sheets give numbers and serial dates as numbers; a cell may be missing (a short row).
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constantFrom(45000, 45000.5, 12, -1, 0.25) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
};

/** The header a preset's columns would be found under: each column's first name. */
const headerOf = (preset: Preset): string[] =>
  preset.columns.map((c) => c.headers[0] ?? '').filter((h) => h !== '');

const generic = genericPreset({
  kind: 'lead',
  columns: {
    recordId: 'Lead ID',
    createdAt: 'Created At',
    channel: 'Channel',
    campaign: 'Campaign',
    email: 'Email',
    mqlAt: 'MQL Date',
    customerAt: 'Customer Date',
    lostAt: 'Lost Date',
    amount: 'Amount',
  },
});
const genericCost = genericPreset({
  kind: 'cost',
  columns: { date: 'Date', campaign: 'Campaign', amount: 'Spend', impressions: 'Impressions', kind: 'Kind' },
  types: { impressions: 'number' },
});

const contextArb = fc.record({
  order: fc.constantFrom(null, 'dmy' as const, 'mdy' as const),
  decimal: fc.constantFrom(null, ',' as const, '.' as const),
  timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
  rates: fc.constantFrom<Readonly<Record<string, number>>>({}, { USD: 0.9 }),
  sourceCurrency: fc.constantFrom(null, 'USD' as const),
  grain: fc.constantFrom(null, 'campaign'),
  span: fc.constantFrom(null, { from: '2026-03-01', to: '2026-03-31' }),
});

/** What an outcome says, with the (reused) row copied. */
const settled = (outcome: RowOutcome) =>
  outcome.ok ? { ok: true, row: { ...outcome.row }, inferred: outcome.inferred } : outcome;

describe('the compiled row mapper (property)', () => {
  for (const preset of [...PRESETS, generic, genericCost]) {
    it(`maps every row as mapRow does: ${preset.id} (${preset.kind})`, () => {
      const header = headerOf(preset);
      const plan = planColumns(preset, header);
      const rowArb = fc.tuple(
        ...header.map((_, i) => cellOf(plan.columns.find((c) => c.index === i)?.type ?? 'text')),
      );
      fc.assert(
        fc.property(contextArb, fc.array(rowArb, { minLength: 1, maxLength: 6 }), (c, rows) => {
          const ctx: RowContext = {
            plan,
            origin: preset.id,
            order: c.order,
            decimal: c.decimal,
            timeZone: c.timeZone,
            currency: 'EUR',
            sourceCurrency: c.sourceCurrency,
            rates: c.rates,
            grain: c.grain,
            gridSpan: c.span,
            period: c.span,
          };
          const compiled = compileRowMapper(ctx);
          for (const cells of rows) expect(settled(compiled(cells))).toEqual(settled(mapRow(cells, ctx)));
          // For a sink that hashes keys itself: the same row, a spend row without an id keyed
          // by its identity text's hashes (and no recordId), anything else by its recordId.
          const keyed = compileRowMapper(ctx, 'text');
          for (const cells of rows) {
            const fast = settled(keyed(cells));
            const key = { ...keyed.key };
            const slow = settled(mapRow(cells, ctx));
            if (key.hash !== 0) {
              expect(fast.ok && slow.ok && 'date' in slow.row).toBe(true);
              if (!fast.ok || !slow.ok || !('date' in slow.row)) continue;
              const text = rawIdentityText(cells, slow.row.date);
              expect(slow.row.recordId).toBe(rawIdentity(cells, slow.row.date));
              expect(key).toEqual({ hash: hash52(text), check: fnv32(text) });
              expect(fast).toEqual({ ...slow, row: { ...slow.row, recordId: '' } });
            } else if (fast.ok && slow.ok && fast.row.recordId !== slow.row.recordId) {
              // A lead without an id: keyed by its identity text, not its SHA-1.
              expect(fast.row.recordId).toBe(rawIdentityText(cells, ''));
              expect(slow.row.recordId).toBe(rawIdentity(cells, ''));
              expect({ ...fast, row: { ...fast.row, recordId: slow.row.recordId } }).toEqual(slow);
            } else expect(fast).toEqual(slow);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('reads a plain number as Number does and tells an ISO day as the expressions do', () => {
    const chars = fc.constantFrom('0', '1', '9', '-', '.', ' ', 'a', '٣', '+', 'e');
    const text = fc.oneof(
      fc.array(chars, { maxLength: 34 }).map((c) => c.join('')),
      fc
        .tuple(fc.nat(17), fc.nat(17), fc.boolean(), fc.boolean())
        .map(
          ([whole, fraction, minus, point]) =>
            `${minus ? '-' : ''}${'7'.repeat(whole)}${point ? '.' : ''}${'3'.repeat(fraction)}`,
        ),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...DATES, ...NUMBERS),
      // Any digits, any length of each part: the values Number rounds.
      fc
        .tuple(fc.boolean(), fc.stringMatching(/^\d{1,16}$/), fc.option(fc.stringMatching(/^\d{1,16}$/)))
        .map(
          ([minus, whole, fraction]) =>
            `${minus ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`,
        ),
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .map((x) => x.toFixed(Math.min(15, Math.abs(x) < 1e15 ? 6 : 0))),
    );
    fc.assert(
      fc.property(text, (s) => {
        const plain = /^-?\d{1,15}(\.\d{1,15})?$/.test(s);
        expect(Number.isNaN(plainNumber(s))).toBe(!plain);
        if (plain) expect(Object.is(plainNumber(s), Number(s))).toBe(true);
        // The bytes reader (byte lanes): the same number, read from the cell's UTF-8 bytes inside a record.
        const bytes = Buffer.from(`x,${s},y`);
        const at = plainNumberAt(bytes, 2, bytes.length - 2);
        expect(Object.is(at, plainNumber(s))).toBe(true);
        expect(isIsoDay(s)).toBe(/^\d{4}-\d{2}-\d{2}$/.test(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads an ISO date and time as dates.ts does, NaN for every shape it leaves to it', () => {
    const memo = new DayMemo();
    // Each part at and around its bounds (the readers' edges), and anywhere between.
    const part = (edges: string[], n: number) =>
      fc.oneof(
        fc.constantFrom(...edges),
        fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0')),
      );
    const isoArb = fc
      .tuple(
        part(['1899', '1900', '2024', '2025', '2026', '2200', '2201'], 4),
        part(['00', '01', '02', '04', '12', '13'], 2),
        part(['00', '01', '28', '29', '30', '31', '32'], 2),
        fc.constantFrom('', ' ', 'T', 'x'),
        part(['00', '09', '23', '24'], 2),
        part(['00', '59', '60'], 2),
        fc.constantFrom('', ':00', ':59', ':60'),
      )
      .map(([y, m, d, sep, hh, mi, ss]) =>
        sep === '' ? `${y}-${m}-${d}` : `${y}-${m}-${d}${sep}${hh}:${mi}${ss}`,
      );
    fc.assert(
      fc.property(fc.oneof(isoArb, fc.constantFrom(...DATES)), (cell) => {
        const wall = memo.wall(cell);
        const parts = parseDateTime(cell, null);
        if (!Number.isNaN(wall)) {
          expect(parts).not.toBeNull();
          expect(wall).toBe(toInstant(parts!, 'UTC'));
        } else if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$/.test(cell)) expect(parts).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
