import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/file.ts';
import { AppError } from '../../src/shared/errors.ts';

function failure(yaml: string): AppError {
  try {
    parseConfig(yaml, '/etc/kpi.yaml');
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected parseConfig to fail');
}

const FULL = `
workspace: { timeZone: America/New_York, currency: USD, locale: fr, rates: { EUR: 1.08 } }
targets: { clvModel: { margin: 120, churn: 0.05 } }
sources:
  - { name: hubspot, path: exports/hubspot.csv, preset: hubspot-contacts, dateOrder: dmy }
  - name: generic
    path: exports/*.csv
    mapping: { kind: cost, columns: { date: Day, campaign: Campaign, amount: Cost } }
  - name: sheet
    type: sheets
    spreadsheetId: 1AbCdEfGhIjKlMnOpQrStUvWxYz
    leads: { range: "Leads!A:Z" }
    spend: { range: Spend, preset: google-ads }
    credentials: keys/sa.json
digest:
  subscriptions:
    - { channel: C0123, day: tue, time: "08:30" }
    - { user: U042, timeZone: Europe/Paris }
  adminChannel: C0ADMIN
alerts:
  rules:
    - { metric: cpl, op: ">", threshold: 60, channel: C0123, filters: { campaign: Spring Sale }, window: 14d, renotify: 12h, pendingFor: 2h }
    - { id: cac-vs-clv, metric: cac, op: ">", threshold: { target: clv_ratio }, channel: C0123 }
    - { metric: leads, op: "<", threshold: { relative: -0.5 }, channel: C0123, window: last-week }
  builtIn: { leadCollapse: { ratio: 0.3 } }
access: { channels: [C0REV], usergroups: [S0SALES] }
`;

describe('loadConfig', () => {
  it('gives the defaults without a file', () => {
    const config = loadConfig(undefined);
    expect(config.workspace).toEqual({ timeZone: 'Europe/Paris', currency: 'EUR', locale: 'en' });
    expect(config.targets).toEqual({ ltvCacRatio: 3 });
    expect(config.sources).toEqual([]);
    expect(config.digest).toMatchObject({
      dropThreshold: 0.2,
      alpha: 0.05,
      baselineWeeks: 4,
      subscriptions: [],
    });
    expect(config.alerts.builtIn).toEqual({
      staleSourceHours: 48,
      leadCollapse: { enabled: true, ratio: 0.2, weeks: 4, minBaseline: 10 },
    });
  });

  it('reads a full config with defaults and relative paths resolved against the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-config-'));
    const file = join(dir, 'kpi.yaml');
    writeFileSync(file, FULL);
    const config = loadConfig(file);
    expect(config.workspace).toEqual({
      timeZone: 'America/New_York',
      currency: 'USD',
      locale: 'fr',
      rates: { EUR: 1.08 },
    });
    expect(config.targets.clvModel).toEqual({ kind: 'margin', margin: 120, churn: 0.05 });
    expect(config.sources[0]).toMatchObject({
      type: 'file',
      path: join(dir, 'exports/hubspot.csv'),
      dateOrder: 'dmy',
    });
    expect(config.sources[1]).toMatchObject({ type: 'file', mapping: { kind: 'cost' } });
    expect(config.sources[2]).toMatchObject({ type: 'sheets', credentials: join(dir, 'keys/sa.json') });
    expect(config.digest.subscriptions).toEqual([
      { target: { kind: 'channel', id: 'C0123' }, day: 2, time: '08:30' },
      { target: { kind: 'user', id: 'U042' }, day: 1, time: '09:00', timeZone: 'Europe/Paris' },
    ]);
    const [cpl, cac, leads] = config.alerts.rules;
    expect(cpl).toMatchObject({
      kind: 'metric',
      metric: 'cpl',
      op: '>',
      threshold: 60,
      filters: [{ dimension: 'campaign', values: ['Spring Sale'] }],
      window: { kind: 'last-days', days: 14 },
      renotifyMs: 12 * 3_600_000,
      pendingForMs: 2 * 3_600_000,
      minVolume: 30,
    });
    expect(cpl?.id).toMatch(/^cfg-[0-9a-f]{10}$/);
    expect(cac).toMatchObject({
      id: 'cac-vs-clv',
      threshold: { target: 'clv_ratio' },
      renotifyMs: 86_400_000,
    });
    expect(leads).toMatchObject({
      threshold: { relative: -0.5 },
      window: { kind: 'relative', name: 'last-week' },
    });
    expect(config.alerts.builtIn.leadCollapse).toEqual({
      enabled: true,
      ratio: 0.3,
      weeks: 4,
      minBaseline: 10,
    });
    expect(config.access).toEqual({ channels: ['C0REV'], usergroups: ['S0SALES'] });
  });

  it('derives the same rule id from the same rule', () => {
    const a = parseConfig(FULL, '/a/kpi.yaml').alerts.rules[0]?.id;
    expect(parseConfig(FULL, '/b/kpi.yaml').alerts.rules[0]?.id).toBe(a);
  });

  it.each([
    ['workspace: { timezone: Europe/Paris }', 'workspace.timezone', 'unknown key'],
    ['workspace: { timeZone: Mars/Olympus }', 'workspace.timeZone', 'IANA'],
    ['sources: [{ name: x, path: a.csv, dateOrder: ddmm }]', 'sources.0.dateOrder', ''],
    ['sources: [{ name: s, type: sheets, spreadsheetId: 1AbCdEfGhIjK }]', 'sources.0', 'leads or a spend'],
    ['digest: { subscriptions: [{ channel: C1, time: "9h" }] }', 'digest.subscriptions.0.time', 'HH:mm'],
    ['digest: { subscriptions: [{ channel: C1, user: U1 }] }', 'digest.subscriptions.0', 'channel or a user'],
    ['alerts: { rules: [{ metric: cpx, op: ">", threshold: 1, channel: C1 }] }', 'alerts.rules.0.metric', ''],
    [
      'alerts: { rules: [{ metric: cpl, op: ">", threshold: 1, channel: C1, renotify: soon }] }',
      'alerts.rules.0.renotify',
      'duration',
    ],
    ['targets: { ltvCacRatio: -1 }', 'targets.ltvCacRatio', ''],
    ['digest: { stageLagDays: { sql: 0 } }', 'digest.stageLagDays.sql', ''],
    ['digest: { stageLagDays: { customer: 7.5 } }', 'digest.stageLagDays.customer', ''],
    ['digest: { stageLagDays: { opportunity: 7 } }', 'digest.stageLagDays.opportunity', 'unknown key'],
    ['surprise: 1', 'surprise', 'unknown key'],
    ['workspace: { keepLevel: { google: adgroups } }', 'workspace.keepLevel.google', 'report level'],
    ['workspace: { keepLevel: { facebook: ad+zodiac } }', 'workspace.keepLevel.facebook', 'ad+age+gender'],
  ])('names the bad key: %s', (yaml, path, reason) => {
    const error = failure(yaml);
    expect(error.code).toBe('config_invalid');
    expect(error.messageKey).toBe('config.file_invalid');
    expect(error.params).toMatchObject({ file: '/etc/kpi.yaml', path });
    expect(String(error.params.reason)).toContain(reason);
  });

  it('reads the digest stage lags, each defaulting on its own (14, 14 and 30 days)', () => {
    expect(parseConfig('digest: {}', '/etc/kpi.yaml').digest.stageLagDays).toEqual({
      mql: 14,
      sql: 14,
      customer: 30,
    });
    expect(parseConfig('digest: { stageLagDays: { sql: 21 } }', '/etc/kpi.yaml').digest.stageLagDays).toEqual(
      {
        mql: 14,
        sql: 21,
        customer: 30,
      },
    );
  });

  it('reads keepLevel: platforms by their usual names, levels with their breakdowns in one order', () => {
    const config = parseConfig(
      'workspace: { keepLevel: { Google: ad_group, meta: ad_set+gender+age, microsoft: keyword } }',
      '/etc/kpi.yaml',
    );
    expect(config.workspace.keepLevel).toEqual({
      google: 'ad_group',
      facebook: 'ad_group+age+gender',
      bing: 'keyword',
    });
  });

  it('reports unreadable and unparsable files', () => {
    expect(() => loadConfig('/nonexistent/kpi.yaml')).toThrow(/config\.file_missing/);
    expect(failure('a: [1, 2').messageKey).toBe('config.file_unparsable');
    expect(failure('a: 1\na: 2').messageKey).toBe('config.file_unparsable');
  });
});
