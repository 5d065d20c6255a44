import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreSink } from '../../src/data/store-sink.ts';
import type { Query } from '../../src/kpi/query.ts';
import type { Lead } from '../../src/model/lead.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { createKpiServices } from '../../src/slack/kpi-services.ts';
import type { KpiServices } from '../../src/slack/services.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { campaignData, lead } from '../support/slack-data.ts';

/**
 * Identical /kpi questions share one computation (src/slack/kpi-services.ts `run`): the same
 * question, language and data version within one minute get the same answer object; new data,
 * another language or the next minute get a new one, computed over what is there then.
 */
describe('answers shared by identical questions', () => {
  let dir: string;
  let db: Db;
  let services: KpiServices;
  const clock = new ManualClock('2026-11-10T09:00:10Z');

  const write = async (leads: Lead[], name: string) => {
    const sink = createStoreSink(db);
    await sink.writeLeads(leads);
    await sink.finish({
      origin: 'test',
      name,
      startedAt: clock.now().getTime(),
      finishedAt: clock.now().getTime(),
      rowsRead: leads.length,
      rowsSkipped: 0,
      report: {},
    });
  };
  const question = (text: string): Query => {
    const parsed = services.parse(text, 'en');
    if (!parsed.ok || parsed.value.kind !== 'query') throw new Error(`${text} did not parse as a question`);
    return parsed.value.query;
  };
  const leadsOf = (answer: Awaited<ReturnType<KpiServices['run']>>) => answer.total.values.leads?.value;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-sharing-'));
    db = await openStore({ DATA_DIR: dir });
    await write(campaignData(['Spring Sale', 'Brand']).leads, 'seed');
    services = createKpiServices({ db, clock, timeZone: 'Europe/Paris', currency: 'EUR' });
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('computes a question asked by many at once, or again within the minute, once', async () => {
    const q = question('leads period=2026-10');
    const answers = await Promise.all(Array.from({ length: 20 }, () => services.run(q, 'en')));
    expect(new Set(answers).size).toBe(1);
    expect(leadsOf(answers[0] as (typeof answers)[0])).toBe(8);
    clock.advance(30_000);
    expect(await services.run(question('leads period=2026-10'), 'en')).toBe(answers[0]);
    // Another question, or the same in another language, is its own computation.
    expect(await services.run(question('cpl period=2026-10'), 'en')).not.toBe(answers[0]);
    expect(await services.run(q, 'fr')).not.toBe(answers[0]);
  });

  it('answers over the new data once an import changed the data version', async () => {
    const q = question('leads period=2026-10');
    const before = await services.run(q, 'en');
    await write([lead('late-1', '2026-10-20T10:00:00Z', { campaign: 'Brand' })], 'late');
    const after = await services.run(q, 'en');
    expect(after).not.toBe(before);
    expect(leadsOf(after)).toBe((leadsOf(before) ?? 0) + 1);
  });

  it('computes again in the next minute (now enters the answer)', async () => {
    const q = question('leads period=2026-10');
    const first = await services.run(q, 'en');
    clock.advance(60_000);
    const next = await services.run(q, 'en');
    expect(next).not.toBe(first);
    expect(leadsOf(next)).toBe(leadsOf(first));
    expect(next.generatedAt).toBeGreaterThan(first.generatedAt);
  });
});
