import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

/** The harness's data covers October 2026 only. */
describe('a Slack answer over days after the data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const answer = async (text: string, id: string, user = 'U0001') => {
    await h.command(text, { responseId: id, user });
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    return JSON.stringify(
      MessageSchema.parse(h.slack.responses.find((r) => r.path === `/response/${id}`)?.body),
    );
  };

  it('says where the data stops and shows no −100 % against the month that had data', async () => {
    const text = await answer('leads cpl period=2026-11 vs=previous', 'after');
    expect(text).toMatch(/no leads after 2026-10-\d\d in test/);
    expect(text).toMatch(/no spend after 2026-10-\d\d in test/);
    expect(text).not.toMatch(/−100\s?%/);
    expect(text).toContain('the data does not reach this period');
    // The empty answer names the dates the data covers, in the CLI's words.
    expect(text).toMatch(
      /The data covers leads 2026-10-\d\d → 2026-10-\d\d; spend 2026-10-\d\d → 2026-10-\d\d\./,
    );
  });

  it('names the covered dates before the data starts too, and not when the period holds data', async () => {
    expect(await answer('leads period=2025-03', 'before')).toMatch(/The data covers leads 2026-10-\d\d/);
    expect(await answer('leads from=2026-10-01 to=2026-10-02', 'inside-span')).not.toContain(
      'The data covers',
    );
  });

  it('why over a period running past the data says where the data stops', async () => {
    const text = await answer('why leads from=2026-10-20 to=2026-11-10', 'why-after');
    expect(text).toMatch(/no leads after 2026-10-\d\d in test/);
    const inside = await answer('why leads from=2026-10-08 to=2026-10-14', 'why-inside');
    expect(inside).not.toContain('after 2026-');
  });

  it('in French too', async () => {
    h.slack.locales.set('U_FR_COV', 'fr-FR');
    const text = await answer('leads period=2026-11', 'after-fr', 'U_FR_COV');
    expect(text).toMatch(/pas de leads après le 2026-10-\d\d dans test/);
    expect(text).toMatch(/Les données couvrent leads 2026-10-\d\d → 2026-10-\d\d/);
  });

  it('says nothing of the kind over days the data reaches', async () => {
    // Spend rows stop on 3 October, leads later: both reach 2 October.
    const text = await answer('leads cpl from=2026-10-01 to=2026-10-02', 'inside');
    expect(text).not.toContain('after 2026-');
    expect(text).not.toContain('does not reach');
  });
});
