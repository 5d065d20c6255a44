import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/file.ts';
import { canonicalTimeZone } from '../../src/shared/time-zone.ts';
import { failure, parse } from '../command/support.ts';

/** Zones whose names hold digits or signs (the old check refused them) and links to other zones. */
const ALIASES: readonly [string, string][] = [
  ['CET', canonical('CET')],
  ['US/Eastern', 'America/New_York'],
  ['europe/paris', 'Europe/Paris'],
  ['EST5EDT', canonical('EST5EDT')],
  ['GMT0', canonical('GMT0')],
  ['Etc/GMT+1', 'Etc/GMT+1'],
  ['America/Argentina/Buenos_Aires', canonical('America/Argentina/Buenos_Aires')],
  ['America/Port-au-Prince', 'America/Port-au-Prince'],
];

/** What the runtime itself calls a zone: the validator must agree with it. */
function canonical(zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

describe('the one time-zone check', () => {
  it('accepts every zone the runtime lists, unchanged', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    expect(zones.length).toBeGreaterThan(300);
    for (const zone of zones) expect(canonicalTimeZone(zone), zone).toBe(canonical(zone));
  });

  it.each(ALIASES)('accepts the alias %s and names it %s', (alias, name) => {
    expect(canonicalTimeZone(alias)).toBe(name);
    expect(canonicalTimeZone(`  ${alias} `)).toBe(name);
  });

  it('names CET by its canonical zone, the same in kpi.yaml and in /kpi digest subscribe', () => {
    const name = canonical('CET');
    const config = parseConfig('workspace: { timeZone: CET }\n', '/etc/kpi.yaml');
    expect(config.workspace.timeZone).toBe(name);
    expect(parse('digest subscribe #growth monday 09:00 CET')).toMatchObject({ timeZone: name });
    expect(parse('digest subscribe #growth tz=cet')).toMatchObject({ timeZone: name });
    expect(parse('digest subscribe #growth tz=EST5EDT')).toMatchObject({ timeZone: canonical('EST5EDT') });
  });

  it('refuses offsets, unknown names and text that is no zone, in both places', () => {
    for (const text of ['+01:00', 'UTC+1', 'Mars/Olympus', 'Europe/', '', '../etc/passwd', '1Europe/Paris']) {
      expect(canonicalTimeZone(text), text).toBeNull();
    }
    expect(() => parseConfig('workspace: { timeZone: Mars/Olympus }\n', '/etc/kpi.yaml')).toThrow(
      /time zone/i,
    );
    expect(failure('digest subscribe tz=Mars/Olympus').messageKey).toBe('command.timezone_invalid');
  });

  it('never throws, and what it accepts the runtime accepts as the same zone', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const zone = canonicalTimeZone(text);
        if (zone !== null) expect(canonical(zone)).toBe(zone);
      }),
    );
  });
});
