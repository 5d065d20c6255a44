import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/catalogue.ts';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

/** A store nothing was imported into yet: /kpi says so, as the CLI does, and how to load data. */
describe('a Slack answer from an empty store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: false });
  });
  afterAll(() => h.close());

  const answer = async (text: string, id: string, user = 'U0001') => {
    await h.command(text, { responseId: id, user });
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    return MessageSchema.parse(h.slack.responses.find((r) => r.path === `/response/${id}`)?.body);
  };

  it('says the store holds no data yet and points to /kpi refresh and a file upload', async () => {
    const message = await answer('leads cpl period=last-30d', 'empty-en');
    // The first section under the header: the same catalogue sentence as the CLI's line.
    const text = JSON.stringify(message.blocks?.[1]);
    expect(text).toContain('The store holds no data yet: ');
    expect(text).toContain(t('en', 'kpi.no_data', { how: t('en', 'slack.no_data_how') }));
    expect(text).toContain('/kpi refresh');
    expect(text).toContain('CSV export in a direct message');
    expect(text).not.toContain('--data');
  });

  it('in French too', async () => {
    h.slack.locales.set('U_FR_EMPTY', 'fr-FR');
    const text = JSON.stringify(await answer('leads by=campaign', 'empty-fr', 'U_FR_EMPTY'));
    expect(text).toContain('La base ne contient encore aucune donnée : lancez `/kpi refresh`');
    expect(text).toContain('export CSV en message privé');
  });
});
