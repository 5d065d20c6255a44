import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { explainChange, type WhyRequest, type WhyResult } from '../../src/kpi/why.ts';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { renderWhyReply } from '../../src/slack/blocks/why.ts';
import { createRenderContext } from '../../src/slack/render-context.ts';
import { cost, lead } from '../support/slack-data.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

const json = (value: unknown): string => JSON.stringify(value);
const now = new Date('2026-10-20T12:00:00Z');

/** Campaigns (any names) with 20 leads a week; each spends more in the second week. */
function explained(names: readonly string[], request: Partial<WhyRequest> = {}): WhyResult {
  const leads = names.flatMap((campaign, c) =>
    ['2026-09-29', '2026-10-06'].flatMap((day, w) =>
      Array.from({ length: 20 }, (_, i) => lead(`l${c}-${w}-${i}`, `${day}T10:00:00Z`, { campaign })),
    ),
  );
  const costs = names.flatMap((campaign, c) => [
    cost(`c${c}-0`, '2026-09-29', 100, { campaign }),
    cost(`c${c}-1`, '2026-10-06', 100 + 10 * (c + 1), { campaign }),
  ]);
  const snapshot = buildSnapshot(leads, costs, { timeZone: 'UTC', currency: 'EUR', dataVersion: 't' });
  const result = explainChange(
    snapshot,
    {
      metric: 'cpl',
      filters: [],
      period: { kind: 'iso-week', year: 2026, week: 41 },
      against: 'previous',
      by: 'campaign',
      view: 'flow',
      ...request,
    },
    { now, targets: { ltvCacRatio: 3 } },
  );
  if (!result.ok) throw result.error;
  return result.value;
}

describe('the why reply (Block Kit)', () => {
  it('shows the change, the drivers with bars, the method, the check, and the Share and CSV buttons', () => {
    const result = explained(['Spring Sale', 'Brand', 'Retargeting']);
    const message = MessageSchema.parse(renderWhyReply(result, createRenderContext('en', null), 'why cpl'));
    const text = json(message.blocks);
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Why did CPL move?' },
    });
    expect(text).toContain('*CPL*: €5.00 → €6.00, +€1.00 (+20%) · week 41, 2026 vs week 40, 2026');
    expect(text).toMatch(/Retargeting\s+\+€0\.50/);
    expect(text).toContain('│');
    expect(text).toContain('█');
    expect(text).toContain('shift-share with midpoint weights');
    expect(text).toContain('Check: +€0.50 + €0.33 + €0.17 = +€1.00');
    expect(text).toContain('kpi_share');
    expect(text).toContain('kpi_csv');
    expect(message.text).toContain('mostly Retargeting (+€0.50 of +€1.00)');
  });

  it('answers in French', () => {
    const result = explained(['Soldes d’été', 'Brand']);
    const message = MessageSchema.parse(
      renderWhyReply(result, createRenderContext('fr', null), 'pourquoi cpl'),
    );
    const text = json(message.blocks).replace(/\\u00a0|\u00a0/g, ' ');
    expect(text).toContain('Pourquoi CPL a bougé ?');
    expect(text).toContain('Vérification');
    expect(text).toContain('taux');
    expect(text).toContain('Décomposé par campagne, comme demandé.');
    expect(message.text.replace(/\u00a0/g, ' ')).toContain('surtout Brand');
  });

  it('escapes every name from the data and stays within Slack’s limits, whatever the names', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 12 }),
        (names) => {
          const hostile = ['<!channel>', '<@U123>', '```', ...names];
          const message = renderWhyReply(explained(hostile), createRenderContext('en', null), 'why cpl');
          expect(MessageSchema.safeParse(message).success).toBe(true);
          const text = json(message);
          expect(text).not.toContain('<!channel>');
          expect(text).not.toContain('<@U123>');
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('/kpi why over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const reply = async (text: string, id: string, user = 'U0001') => {
    await h.command(text, { responseId: id, user });
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    return h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {};
  };

  it('answers /kpi why with the drivers, escaped, ephemeral', async () => {
    const body = await reply('why leads period=2026-10 vs=2026-09 by=campaign', 'why');
    expect(body.response_type).toBe('ephemeral');
    const message = MessageSchema.parse(body);
    const text = json(message.blocks);
    expect(text).toContain('Why did Leads move?');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('October 2026 vs September 2026');
  });

  it('answers help why and a misspelt sub-command with did-you-mean', async () => {
    expect(json(await reply('help why', 'help-why'))).toContain('midpoint weights');
    expect(json(await reply('whyy leads', 'whyy'))).toMatch(/why/);
  });

  it('shares a why answer in the channel and sends it as CSV', async () => {
    const action = (id: string, actionId: string) => ({
      type: 'block_actions',
      user: { id: 'U0001', team_id: 'T0001' },
      team: { id: 'T0001' },
      api_app_id: 'A0001',
      trigger_id: `777.${id}`,
      channel: { id: 'C0042' },
      container: { type: 'message', is_ephemeral: true },
      response_url: h.slack.responseUrl(id),
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'kpi_actions',
          value: 'why leads period=2026-10 vs=2026-09 by=campaign',
          action_ts: `1.${id.length}`,
        },
      ],
    });
    expect((await h.interaction(action('share-why', 'kpi_share'))).status).toBe(200);
    await h.slack.waitFor(() =>
      h.slack.callsTo('chat.postMessage').some((c) => c.params.channel === 'C0042'),
    );
    const shared = h.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'C0042');
    expect(json(MessageSchema.parse(shared?.params).blocks)).toContain('Why did Leads move?');

    expect((await h.interaction(action('csv-why', 'kpi_csv'))).status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('files.completeUploadExternal').length > 0);
    const csv = [...h.slack.uploads.values()].join('');
    expect(csv).toContain('dimension,key,label,contribution,share,mix,rate,value,previous\r\n');
    expect(csv).toContain('campaign,Spring Sale,Spring Sale,4,');
  });

  it('refuses revenue to someone outside the allow-list', async () => {
    await h.close();
    h = await startHarness({ settings: { access: { users: ['U_BOSS'] } } });
    expect(json(await reply('why revenue period=2026-10 vs=2026-09', 'why-denied', 'U_OTHER'))).toContain(
      'restricted',
    );
    expect(json(await reply('why revenue period=2026-10 vs=2026-09', 'why-ok', 'U_BOSS'))).toContain(
      'Why did Revenue move?',
    );
  });
});
