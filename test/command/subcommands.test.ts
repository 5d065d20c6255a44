import { describe, expect, it } from 'vitest';
import { vocabularyFrom } from '../../src/command/vocabulary.ts';
import { failure, parse } from './support.ts';

describe('help', () => {
  it('reads help, help <metric> and help funnel', () => {
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('aide')).toEqual({ kind: 'help' });
    expect(parse('help cpl')).toEqual({ kind: 'help', metric: 'cpl' });
    expect(parse('help LTV:CAC')).toEqual({ kind: 'help', metric: 'ltv_cac' });
    expect(parse('help funnel')).toEqual({ kind: 'help', topic: 'funnel' });
    expect(failure('help cpk').suggestions[0]).toBe('cpl');
  });
});

describe('plan', () => {
  it('reads the number of customers, a period and filters', () => {
    expect(parse('plan customers=50')).toEqual({ kind: 'plan', customers: 50, filters: [] });
    expect(parse('plan clients=50 period=last-90d channel=paid_search')).toEqual({
      kind: 'plan',
      customers: 50,
      period: { kind: 'last-days', days: 90 },
      filters: [{ dimension: 'channel', values: ['paid_search'] }],
    });
    expect(parse('plan 50 customers last-quarter')).toMatchObject({
      customers: 50,
      period: { name: 'last-quarter' },
    });
  });

  it('refuses a plan without a positive whole number of customers', () => {
    expect(failure('plan').code).toBe('command_invalid');
    expect(failure('plan customers=-3').code).toBe('command_invalid');
    expect(failure('plan customers=2.5').code).toBe('command_invalid');
  });
});

describe('digest', () => {
  it('previews last week, or a given ISO week', () => {
    expect(parse('digest')).toEqual({ kind: 'digest', action: 'preview' });
    expect(parse('digest preview')).toEqual({ kind: 'digest', action: 'preview' });
    expect(parse('digest week=2026-W45')).toEqual({
      kind: 'digest',
      action: 'preview',
      week: { year: 2026, week: 45 },
    });
    expect(parse('digest 2026-W45')).toEqual({
      kind: 'digest',
      action: 'preview',
      week: { year: 2026, week: 45 },
    });
    expect(parse('digest week=45')).toEqual({
      kind: 'digest',
      action: 'preview',
      week: { year: 2026, week: 45 },
    });
    expect(failure('digest week=2025-W53').code).toBe('period_invalid');
  });

  it('subscribes a channel mention, a plain #channel or me, with day, time and zone', () => {
    expect(parse('digest subscribe <#C0123ABC|growth> monday 09:00 Europe/Paris')).toEqual({
      kind: 'digest',
      action: 'subscribe',
      target: { channel: 'C0123ABC', name: 'growth' },
      day: 'monday',
      time: '09:00',
      timeZone: 'Europe/Paris',
    });
    expect(parse('digest subscribe #growth')).toEqual({
      kind: 'digest',
      action: 'subscribe',
      target: { channel: '#growth', name: 'growth' },
    });
    expect(parse('digest subscribe me lundi 8h30 america/new_york')).toEqual({
      kind: 'digest',
      action: 'subscribe',
      target: { user: 'me' },
      day: 'monday',
      time: '08:30',
      timeZone: 'America/New_York',
    });
    expect(parse('digest subscribe <@U0456> fri 5pm')).toMatchObject({
      target: { user: 'U0456' },
      time: '17:00',
    });
    expect(parse('digest subscribe')).toEqual({ kind: 'digest', action: 'subscribe' });
    expect(parse('digest subscribe day=tuesday time=7:15 tz=UTC')).toMatchObject({
      day: 'tuesday',
      time: '07:15',
    });
  });

  it('refuses what is not a channel, day, time or zone', () => {
    expect(failure('digest subscribe #growth someday').code).toBe('command_invalid');
    expect(failure('digest subscribe Mars/Olympus').messageKey).toBe('command.timezone_invalid');
    expect(failure('digest subscribe 25:00').code).toBe('command_invalid');
    expect(failure('digest subscribe monday tuesday').code).toBe('command_invalid');
  });

  it('unsubscribes and lists', () => {
    expect(parse('digest unsubscribe')).toEqual({ kind: 'digest', action: 'unsubscribe' });
    expect(parse('digest unsubscribe <#C0123|growth>')).toEqual({
      kind: 'digest',
      action: 'unsubscribe',
      target: { channel: 'C0123', name: 'growth' },
    });
    expect(parse('digest list')).toEqual({ kind: 'digest', action: 'list' });
    expect(failure('digest subscrib').suggestions).toContain('subscribe');
  });
});

describe('alerts', () => {
  it('lists, removes, snoozes, mutes', () => {
    expect(parse('alerts')).toEqual({ kind: 'alerts', action: 'list' });
    expect(parse('alerts list')).toEqual({ kind: 'alerts', action: 'list' });
    expect(parse('alerts remove 12')).toEqual({ kind: 'alerts', action: 'remove', id: '12' });
    expect(parse('alerts snooze 12')).toEqual({
      kind: 'alerts',
      action: 'snooze',
      id: '12',
      durationMs: 86_400_000,
    });
    expect(parse('alerts snooze 12 7d')).toEqual({
      kind: 'alerts',
      action: 'snooze',
      id: '12',
      durationMs: 604_800_000,
    });
    expect(parse('alerts mute 12')).toEqual({ kind: 'alerts', action: 'mute', id: '12' });
    expect(failure('alerts remove').messageKey).toBe('command.alert_id_missing');
    expect(failure('alerts snooze 12 soon').messageKey).toBe('command.duration_invalid');
  });

  it('adds a rule with filters and a Slack channel', () => {
    expect(parse('alerts add cpl > 60 campaign="Spring Sale" channel=#growth')).toEqual({
      kind: 'alerts',
      action: 'add',
      rule: {
        metric: 'cpl',
        op: '>',
        threshold: 60,
        filters: [{ dimension: 'campaign', values: ['Spring Sale'] }],
        channel: { channel: '#growth', name: 'growth' },
      },
    });
  });

  it('reads Slack-escaped operators, every threshold kind and the rule options', () => {
    expect(
      parse('alerts add cpl &gt;= 60€ channel=<#C9|growth> window=7d renotify=24h for=2h'),
    ).toMatchObject({
      rule: {
        op: '>=',
        threshold: 60,
        channel: { channel: 'C9', name: 'growth' },
        window: { kind: 'last-days', days: 7 },
        renotifyMs: 86_400_000,
        pendingMs: 7_200_000,
      },
    });
    expect(parse('alerts add leads<-50%')).toMatchObject({
      rule: { op: '<', threshold: { relative: -0.5 } },
    });
    expect(parse('alerts add cac > clv/ratio')).toMatchObject({
      rule: { threshold: { target: 'clv_ratio' } },
    });
    expect(parse('alerts add ctr <1,5%')).toMatchObject({ rule: { metric: 'ctr', threshold: 1.5 } });
    expect(parse('alerts add cpl > 60 channel=paid_search')).toMatchObject({
      rule: { filters: [{ dimension: 'channel', values: ['paid_search'] }] },
    });
  });

  it('explains a rule it cannot read', () => {
    expect(failure('alerts add cpk > 60').code).toBe('unknown_metric');
    expect(failure('alerts add cpl').messageKey).toBe('command.alert_rule_invalid');
    expect(failure('alerts add cpl > lots').messageKey).toBe('command.alert_rule_invalid');
    expect(failure('alerts add cpl > 60 campaign=nope').code).toBe('unknown_value');
  });
});

describe('other sub-commands', () => {
  it('reads sources, refresh and import', () => {
    expect(parse('sources')).toEqual({ kind: 'sources' });
    expect(parse('refresh')).toEqual({ kind: 'refresh' });
    expect(parse('import')).toEqual({ kind: 'import' });
    expect(parse('import leads export.csv')).toEqual({ kind: 'import', fileRef: 'leads export.csv' });
    expect(parse('import <https://example.com/a.csv|a.csv>')).toEqual({
      kind: 'import',
      fileRef: 'https://example.com/a.csv',
    });
    expect(failure('refresh now').code).toBe('command_invalid');
  });
});

describe('vocabularyFrom', () => {
  it("turns the engine's record into the grammar's map", () => {
    const map = vocabularyFrom({ campaign: ['A'], source: [] });
    expect([...map.keys()]).toEqual(['source', 'campaign']);
  });
});
