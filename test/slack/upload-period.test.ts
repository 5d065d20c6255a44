import { describe, expect, it } from 'vitest';
import { parsePending, pendingValue } from '../../src/slack/blocks/import-confirm.ts';
import { uploadPeriodClause } from '../../src/slack/upload-period.ts';

describe('uploadPeriodClause', () => {
  it('reads period= as the grammar writes it, quoted or not, in en and fr', () => {
    expect(uploadPeriodClause('period=2026-02')).toBe('2026-02');
    expect(uploadPeriodClause('Feb grid period=2026-W05 thanks')).toBe('2026-W05');
    expect(uploadPeriodClause('period="from=2026-01-27 to=2026-02-23"')).toBe(
      'from=2026-01-27 to=2026-02-23',
    );
    expect(uploadPeriodClause('période=“from=2026-01-27 to=2026-02-23”')).toBe(
      'from=2026-01-27 to=2026-02-23',
    );
    expect(uploadPeriodClause('periode=2026-02')).toBe('2026-02');
  });

  it('is null when the message has no period= (or only a word ending in it)', () => {
    expect(uploadPeriodClause(undefined)).toBeNull();
    expect(uploadPeriodClause('')).toBeNull();
    expect(uploadPeriodClause('the February grid')).toBeNull();
    expect(uploadPeriodClause('subperiod=2026-02')).toBeNull();
  });
});

describe('a big import waiting for Apply', () => {
  it('keeps the period= of its message in the button value, and none when there was none', () => {
    const pending = {
      file: {
        id: 'F1',
        name: 'Campaign report.csv',
        url: 'https://files.slack.com/x',
        size: 10,
        sha256: 'ab',
      },
      at: 1_700_000_000_000,
      preview: { added: 1, updated: 2, stageDates: 3, existing: 4 },
    };
    expect(parsePending(pendingValue({ ...pending, period: 'from=2026-01-27 to=2026-02-23' }))).toEqual({
      ...pending,
      period: 'from=2026-01-27 to=2026-02-23',
    });
    expect(parsePending(pendingValue(pending))).toEqual(pending);
  });
});
