import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { cronExpression, dueRuns, parseTime, scheduledInstants } from '../../src/schedule/due.ts';
import { isoWeekOf } from '../../src/shared/iso-week.ts';

const HOUR = 3600_000;
const monday9Paris = { id: 'channel:C1', day: 1, time: '09:00', timeZone: 'Europe/Paris' };
const monday9NewYork = { id: 'channel:C2', day: 1, time: '09:00', timeZone: 'America/New_York' };

describe('dueRuns', () => {
  it('is due at Monday 09:00 local for the previous ISO week, not a minute before', () => {
    expect(dueRuns(monday9Paris, new Date('2026-11-23T07:59:00Z'), HOUR)).toEqual([]);
    const [run, ...rest] = dueRuns(monday9Paris, new Date('2026-11-23T08:00:00Z'), HOUR);
    expect(rest).toEqual([]);
    expect(run?.runKey).toBe('digest:channel:C1:2026-W47');
    expect(run?.week).toEqual({ year: 2026, week: 47, label: '2026-W47' });
    expect(run?.scheduledAt.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('catches up within the grace window and not after it', () => {
    const grace = 6 * HOUR;
    expect(dueRuns(monday9Paris, new Date('2026-11-23T13:59:00Z'), grace)).toHaveLength(1);
    expect(dueRuns(monday9Paris, new Date('2026-11-23T14:00:00Z'), grace)).toEqual([]);
    expect(dueRuns(monday9Paris, new Date('2026-11-25T10:00:00Z'), grace)).toEqual([]);
  });

  it('skips weeks already posted', () => {
    const now = new Date('2026-11-23T08:30:00Z');
    expect(dueRuns(monday9Paris, now, HOUR, '2026-W47')).toEqual([]);
    expect(dueRuns(monday9Paris, now, HOUR, '2026-W46')).toHaveLength(1);
  });

  it('lists several missed weeks when the grace window is longer than a week, oldest last', () => {
    const runs = dueRuns(monday9Paris, new Date('2026-11-23T09:00:00Z'), 15 * 24 * HOUR);
    expect(runs.map((r) => r.week.label)).toEqual(['2026-W47', '2026-W46', '2026-W45']);
  });

  it('crosses the year boundary with ISO week years', () => {
    const [run] = dueRuns(monday9Paris, new Date('2027-01-04T08:00:00Z'), HOUR);
    expect(run?.week.label).toBe('2026-W53');
    const [next] = dueRuns(monday9Paris, new Date('2027-01-11T08:00:00Z'), HOUR);
    expect(next?.week.label).toBe('2027-W01');
  });
});

describe('DST', () => {
  it('fires at 09:00 Paris time on both sides of the March and October changes', () => {
    expect(scheduledInstants(monday9Paris, new Date('2026-03-23T08:00:00Z'), 1)[0]?.toISOString()).toBe(
      '2026-03-23T08:00:00.000Z',
    );
    // 29 March 2026: clocks go forward; 09:00 CEST is 07:00 UTC.
    expect(dueRuns(monday9Paris, new Date('2026-03-30T06:59:00Z'), HOUR)).toEqual([]);
    expect(scheduledInstants(monday9Paris, new Date('2026-03-30T07:00:00Z'), 1)[0]?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    // 25 October 2026: back to CET.
    expect(scheduledInstants(monday9Paris, new Date('2026-10-26T08:00:00Z'), 1)[0]?.toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('fires at 09:00 New York time across the March change', () => {
    expect(scheduledInstants(monday9NewYork, new Date('2026-03-02T14:00:00Z'), 1)[0]?.toISOString()).toBe(
      '2026-03-02T14:00:00.000Z',
    );
    // 8 March 2026: EDT; 09:00 is 13:00 UTC.
    expect(dueRuns(monday9NewYork, new Date('2026-03-09T12:59:00Z'), HOUR)).toEqual([]);
    expect(scheduledInstants(monday9NewYork, new Date('2026-03-09T13:00:00Z'), 1)[0]?.toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );
  });

  it('reports the right week when the schedule is just after midnight across a DST change', () => {
    const early = { id: 'channel:C3', day: 1, time: '00:30', timeZone: 'Europe/Paris' };
    const [run] = dueRuns(early, new Date('2026-03-29T22:30:00Z'), HOUR);
    expect(run?.week.label).toBe('2026-W13');
  });

  it("gives node-cron an expression that matches 09:00 local in the subscription's zone", () => {
    const expression = cronExpression(monday9Paris);
    expect(expression).toBe('0 9 * * 1');
    const paris = cron.createTask(expression ?? '', () => {}, { timezone: 'Europe/Paris' });
    const newYork = cron.createTask(expression ?? '', () => {}, { timezone: 'America/New_York' });
    try {
      expect(paris.match(new Date('2026-03-23T08:00:00Z'))).toBe(true);
      expect(paris.match(new Date('2026-03-30T07:00:00Z'))).toBe(true);
      expect(paris.match(new Date('2026-03-30T08:00:00Z'))).toBe(false);
      expect(newYork.match(new Date('2026-03-02T14:00:00Z'))).toBe(true);
      expect(newYork.match(new Date('2026-03-09T13:00:00Z'))).toBe(true);
      expect(newYork.match(new Date('2026-03-09T14:00:00Z'))).toBe(false);
    } finally {
      paris.destroy();
      newYork.destroy();
    }
  });
});

describe('edge cases', () => {
  it('parses times and rejects nonsense', () => {
    expect(parseTime('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTime('09h30')).toEqual({ hour: 9, minute: 30 });
    expect(parseTime('24:00')).toBeNull();
    expect(parseTime('noon')).toBeNull();
    expect(cronExpression({ day: 7, time: '18:15', timeZone: 'UTC' })).toBe('15 18 * * 0');
  });

  it('names ISO weeks in the zone, not in UTC', () => {
    // Sunday 23:30 UTC is already Monday in Paris.
    expect(isoWeekOf(new Date('2026-11-22T23:30:00Z'), 'Europe/Paris').label).toBe('2026-W48');
    expect(isoWeekOf(new Date('2026-11-22T23:30:00Z'), 'UTC').label).toBe('2026-W47');
  });
});
