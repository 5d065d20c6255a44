import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../src/model/lead.ts';
import { IMPORT_ACTIONS } from '../../src/slack/blocks/import-confirm.ts';
import type { Db } from '../../src/store/db.ts';
import { iterateLeads } from '../../src/store/leads.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

async function leads(db: Db): Promise<Lead[]> {
  const all: Lead[] = [];
  for await (const page of iterateLeads(db)) all.push(...page);
  return all;
}

/** The sample HubSpot export as rows of fields (every field is quoted there). */
const split = (line: string): string[] => line.slice(1, -1).split('","');
const join = (fields: readonly string[]): string => `"${fields.join('","')}"`;

/**
 * A big rewrite waits for an editor: the counts and Apply / Cancel, over signed requests to the
 * real app (DM uploads, button clicks) with a loopback Slack serving the files.
 */
describe('confirming a big import', () => {
  let h: Harness;
  let header: string[];
  let rows: string[][];
  beforeAll(async () => {
    h = await startHarness({
      settings: { editors: { users: ['U_ED'] }, confirmImports: { share: 0.2, stageDates: 3 } },
    });
    const [head = '', ...lines] = (await readFile('samples/hubspot-contacts.csv', 'utf8')).trim().split('\n');
    header = split(head);
    rows = lines.map(split);
  });
  afterAll(() => h.close());

  const csv = (list: readonly string[][]) => [join(header), ...list.map(join)].join('\n');
  const column = (name: string) => header.indexOf(name);

  let events = 0;
  /** An editor drops `content` in a DM; returns the bot's reply (message params). */
  const upload = async (name: string, content: string) => {
    const file = h.slack.hostFile({ name, content });
    const before = h.slack.callsTo('chat.postMessage').length;
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DED',
        channel_type: 'im',
        user: 'U_ED',
        text: '',
        ts: `1700002${++events}.000100`,
        event_ts: `1700002${events}.000100`,
        files: [{ id: file.id, name, filetype: 'csv', url_private: file.url_private }],
      },
      `EvConfirm${events}`,
    );
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length > before);
    return { file, reply: h.slack.callsTo('chat.postMessage')[before]?.params ?? {} };
  };
  const buttonValue = (reply: Record<string, unknown>, actionId: string): string => {
    const blocks = reply.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
    if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(reply)}`);
    return button.value;
  };
  let clicks = 0;
  /** `user` clicks a button with `value`; returns what the app answered on the response_url. */
  const click = async (user: string, actionId: string, value: string) => {
    const id = `c${++clicks}`;
    const response = await h.interaction({
      type: 'block_actions',
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: `9.9.${id}`,
      team: { id: 'T0001', domain: 'acme' },
      user: { id: user, name: user, team_id: 'T0001' },
      channel: { id: 'DED', name: 'directmessage' },
      container: { type: 'message', message_ts: '1.000001', channel_id: 'DED', is_ephemeral: false },
      message: { type: 'message', ts: '1.000001', text: 'confirm' },
      response_url: h.slack.responseUrl(id),
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'kpi_import_confirm',
          value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: `3.${id}`,
        },
      ],
    });
    expect(response.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    return h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {};
  };

  /** The first 30 contacts with another owner on rows [from, to). */
  const reassigned = (from: number, to: number, owner: string) =>
    rows.slice(0, 30).map((r, i) => {
      const copy = [...r];
      if (i >= from && i < to) copy[column('Contact owner')] = owner;
      return copy;
    });

  it('imports at once below the limits', async () => {
    const { reply } = await upload('base.csv', csv(rows.slice(0, 30)));
    expect(JSON.stringify(reply)).toContain('30 rows added, 0 updated');
    const small = await upload('small.csv', csv(reassigned(0, 5, 'Nora Ops')));
    expect(JSON.stringify(small.reply)).toContain('0 rows added, 5 updated');
  });

  it('asks first when more than 20 % of the stored rows would change: counts, Apply and Cancel, nothing written', async () => {
    const before = await leads(h.db);
    const { reply } = await upload('rewrite.csv', csv(reassigned(0, 12, 'Max Rewrite')));
    const text = JSON.stringify(reply);
    // 5 rows already say Nora Ops: 12 of 30 change (40 %).
    expect(text).toContain('*rewrite.csv* would change 12 of the 30 stored rows of its source (40 %');
    expect(text).toContain('Only an editor can apply it, within 24 hours.');
    expect(await leads(h.db)).toEqual(before);

    const value = buttonValue(reply, IMPORT_ACTIONS.apply);
    const refused = await click('U_NOPE', IMPORT_ACTIONS.apply, value);
    expect(JSON.stringify(refused)).toContain('Only editors can apply a large import');
    expect(refused.replace_original).toBe(false);
    expect(await leads(h.db)).toEqual(before);

    const applied = await click('U_ED', IMPORT_ACTIONS.apply, value);
    expect(applied.replace_original).toBe(true);
    expect(JSON.stringify(applied)).toContain('0 rows added, 12 updated');
    const owners = (await leads(h.db)).filter((l) => l.owner === 'Max Rewrite');
    expect(owners).toHaveLength(12);
    const [change] = await h.db.query<{ details: string }>(
      "SELECT details FROM changes WHERE action = 'import' ORDER BY at DESC LIMIT 1",
    );
    expect(JSON.parse(change?.details ?? '{}')).toMatchObject({
      name: 'rewrite.csv',
      updated: 12,
      confirmed: { updated: 12, existing: 30, added: 0 },
    });

    expect(JSON.stringify(await click('U_ED', IMPORT_ACTIONS.apply, value))).toContain(
      'already applied or cancelled',
    );
  });

  it('cancels: nothing imported, and the same import cannot be applied afterwards', async () => {
    const before = await leads(h.db);
    const { reply } = await upload('cancel-me.csv', csv(reassigned(0, 30, 'Nobody')));
    const cancelled = await click('U_ED', IMPORT_ACTIONS.cancel, buttonValue(reply, IMPORT_ACTIONS.cancel));
    expect(JSON.stringify(cancelled)).toContain(
      '*cancel-me.csv*: cancelled by <@U_ED>, nothing was imported.',
    );
    expect(cancelled.replace_original).toBe(true);
    expect(
      JSON.stringify(await click('U_ED', IMPORT_ACTIONS.apply, buttonValue(reply, IMPORT_ACTIONS.apply))),
    ).toContain('already applied or cancelled');
    expect(await leads(h.db)).toEqual(before);
  });

  it('asks first when more than N stage dates would change, even for few rows', async () => {
    const mql = column('Became a Marketing Qualified Lead Date');
    const dated = rows.slice(0, 30).filter((r) => (r[mql] ?? '') !== '');
    expect(dated.length).toBeGreaterThan(4);
    const moved = new Set(dated.slice(0, 4).map((r) => r[0]));
    const changed = rows.slice(0, 30).map((r) => {
      const copy = [...reassigned(0, 12, 'Max Rewrite')[rows.indexOf(r)]!];
      if (moved.has(r[0])) copy[mql] = '2024-01-01 10:00';
      return copy;
    });
    const { reply } = await upload('dates.csv', csv(changed));
    expect(JSON.stringify(reply)).toContain('would change 4 of the 30 stored rows of its source (13 %');
    expect(JSON.stringify(reply)).toContain('and 4 stage dates (more than 3 asks first)');
  });

  it('refuses an Apply after 24 hours, and a file whose bytes changed since the counts were shown', async () => {
    const { file, reply } = await upload('late.csv', csv(reassigned(0, 30, 'Late Owner')));
    const value = JSON.parse(buttonValue(reply, IMPORT_ACTIONS.apply)) as { t: number };
    const stale = JSON.stringify({ ...value, t: value.t - 25 * 3_600_000 });
    expect(JSON.stringify(await click('U_ED', IMPORT_ACTIONS.apply, stale))).toContain(
      'waited more than 24 hours',
    );

    const hosted = h.slack.files.get(file.id);
    if (hosted) hosted.content = csv(reassigned(0, 30, 'Someone Else'));
    const before = await leads(h.db);
    const swapped = await click('U_ED', IMPORT_ACTIONS.apply, JSON.stringify(value));
    expect(JSON.stringify(swapped)).toContain('changed since its counts were shown');
    expect(await leads(h.db)).toEqual(before);
  });
});
