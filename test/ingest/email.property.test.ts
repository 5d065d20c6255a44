import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailValidGeneral, isValidEmail } from '../../src/ingest/normalise.ts';

// Addresses made of what the fast path reads (lowercase, digits, . _ + -, one @) and of what
// sends it to the general path (capitals, blanks, a second @, other symbols, accents), with the
// placeholder words and domains, x runs, and first parts around 64 characters.
const piece = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      'a',
      'lead',
      '1',
      '.',
      '_',
      '+',
      '-',
      'x',
      'xxx',
      'mail',
      'email',
      'test',
      'no-reply',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'noreply',
      'do-not-reply',
      'n',
      'na',
      'abc',
      'asdf',
      'example',
      'fake',
      'none',
      'null',
      'x'.repeat(30),
      'y'.repeat(64),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('A', ' ', '@', '/', '"', 'é', '\u00a0', '!', '..') },
);
const host = fc.oneof(
  fc.constantFrom(
    'gmail.com',
    'example0.com',
    'test.com',
    'test.org',
    'mail.com',
    'email.com',
    'lead.io',
    'a.co',
    'x',
    '',
    '-a.com',
    'a..b',
    'exämple.fr',
    'Acme.fr',
    'b.c0m',
  ),
  fc.array(piece, { maxLength: 4 }).map((p) => `${p.join('')}.com`),
);

describe('isValidEmail (property): the fast path says what the general one does', () => {
  it('on addresses of every shape', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), host, fc.boolean(), (local, domain, sameName) => {
        const l = local.join('');
        const email = sameName ? `${l}@${l}${domain === '' ? '' : `.${domain}`}` : `${l}@${domain}`;
        expect(isValidEmail(email)).toBe(emailValidGeneral(email));
      }),
      { numRuns: 20_000 },
    );
  });

  it('on known cases', () => {
    for (const [email, valid] of [
      ['lead1@example1.com', true],
      ['mail@mail.com', true],
      ['email@email.com', true],
      ['test@test.com', false],
      ['fake@fake.net', false],
      ['xxxxx@acme.io', false],
      ['a@acme.io', false],
      ['no-reply@acme.io', false],
      ['.a@acme.io', false],
      ['a..b@acme.io', false],
      [`${'y'.repeat(65)}@acme.io`, false],
      [`${'y'.repeat(64)}@acme.io`, true],
    ] as const) {
      expect([email, isValidEmail(email)]).toEqual([email, valid]);
      expect(emailValidGeneral(email)).toBe(valid);
    }
  });
});
