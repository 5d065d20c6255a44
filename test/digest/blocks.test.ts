import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/digest/blocks.ts';
import { digestToJson } from '../../src/digest/json.ts';
import { renderDigestText } from '../../src/digest/text.ts';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { digestFixture } from './fixture.ts';

const HOSTILE = [
  '<!channel>',
  '<!here|here> & <@U123>',
  '*bold* _it_ ~s~ `code` ```block```',
  '<https://evil.example|click me>',
  'x'.repeat(5000),
  'line\nbreak\ttab',
  '',
  '🎉'.repeat(300),
];

const allText = (value: unknown): string => JSON.stringify(value);

describe('renderDigest', () => {
  it('fits Block Kit limits and sets the text fallback', () => {
    const { summary, details } = renderDigest(digestFixture(), 'en');
    expect(MessageSchema.safeParse(summary).success).toBe(true);
    expect(details.map((message) => MessageSchema.parse(message).text)).toEqual([
      'Weekly digest 2026-W46: details',
    ]);
    expect(summary.text).toBe('Weekly digest 2026-W46: 8 item(s) need attention');
  });

  it('escapes hostile campaign names and stays within limits with many campaigns', () => {
    const digest = digestFixture((i) => HOSTILE[i % HOSTILE.length] ?? '', 400);
    for (const locale of ['en', 'fr'] as const) {
      const { summary, details } = renderDigest(digest, locale);
      for (const message of [summary, ...details]) {
        const parsed = MessageSchema.safeParse(message);
        expect(parsed.success, parsed.error?.message).toBe(true);
        const text = allText(message);
        expect(text).not.toContain('<!channel>');
        expect(text).not.toContain('<!here');
        expect(text).not.toContain('<@U123>');
        expect(text).not.toContain('<https://evil');
      }
    }
  });

  it('keeps any campaign name within limits (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 400 }), { minLength: 1, maxLength: 60 }), (names) => {
        const digest = digestFixture((i) => names[i] ?? '', names.length);
        const { summary, details } = renderDigest(digest, 'fr');
        for (const message of [summary, ...details])
          expect(MessageSchema.safeParse(message).success).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('says "nothing notable" when nothing is flagged', () => {
    const digest = { ...digestFixture(), flags: [], nothingNotable: true };
    const { summary } = renderDigest(digest, 'fr');
    expect(allText(summary)).toContain('Rien à signaler');
    expect(summary.text).toContain('rien à signaler');
    expect(renderDigestText(digest, 'en')).toContain('Nothing notable this week');
  });
});

describe('renderDigestText and digestToJson', () => {
  it('prints every section as plain text', () => {
    const text = renderDigestText(digestFixture(), 'en');
    expect(text).toContain('MQL → SQL');
    expect(text).toContain('Data quality');
    expect(text).toContain('Campaign 0');
    expect(text).not.toContain('*');
  });

  it('lists the flagged items as objects with their kind', () => {
    const json = JSON.parse(JSON.stringify(digestToJson(digestFixture())));
    expect(json.kind).toBe('digest');
    expect(json.label).toBe('2026-W46');
    const kinds = new Set(json.flagged.map((flag: { kind: string }) => flag.kind));
    expect([...kinds].sort()).toEqual([
      'cac_over_target',
      'invalid_leads',
      'stage_drop',
      'stale_source',
      'unattributed',
    ]);
  });
});

describe('stage lag wording', () => {
  // digest.stageLagDays may be 1: "within 1 day" / "sous 1 jour", never "1 days" / "1 jours".
  const withLag = (lagDays: number, observedDays = 30) => {
    const digest = digestFixture();
    return {
      ...digest,
      stages: digest.stages.map((stage) => (stage.lagDays > 0 ? { ...stage, lagDays, observedDays } : stage)),
    };
  };

  it.each([
    [1, 'en', 'within 1 day (', 'within 1 days'],
    [1, 'fr', 'sous 1 jour (', 'sous 1 jours'],
    [14, 'en', 'within 14 days (', 'within 14 day ('],
    [14, 'fr', 'sous 14 jours (', 'sous 14 jour ('],
  ] as const)('says %i day(s) in %s, in the text and in Block Kit', (days, locale, want, never) => {
    const digest = withLag(days);
    const text = renderDigestText(digest, locale);
    expect(text).toContain(want);
    expect(text).not.toContain(never);
    const blocks = allText(renderDigest(digest, locale));
    expect(blocks).toContain(want);
    expect(blocks).not.toContain(never);
  });

  it.each([
    [1, 'en', 'observed 1 day so far'],
    [1, 'fr', 'observés depuis 1 jour)'],
    [5, 'en', 'observed 5 days so far'],
    [5, 'fr', 'observés depuis 5 jours)'],
  ] as const)('says the week was observed %i day(s) in %s', (observed, locale, want) => {
    expect(renderDigestText(withLag(14, observed), locale)).toContain(want);
  });
});
