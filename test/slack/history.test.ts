import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../src/model/lead.ts';
import type { Db } from '../../src/store/db.ts';
import { iterateLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { postgresHarness } from '../store/fixtures.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

async function leads(db: Db): Promise<Lead[]> {
  const all: Lead[] = [];
  for await (const page of iterateLeads(db)) all.push(...page);
  return all;
}

/**
 * The trail and undo over signed requests to the real app, on both stores: DM uploads by an
 * admin, `/kpi history`, the App Home, `/kpi import undo`.
 */
describe.each([
  ['embedded', false],
  ['postgres', true],
])('history and undo through Slack (%s store)', (_store, postgres) => {
  let h: Harness;
  const store = postgresHarness();
  let header: string;
  let rows: string[];
  beforeAll(async () => {
    // The harness closes the store it is given; the Postgres schema is dropped after.
    const db = postgres ? await store.open() : null;
    if (db) await migrate(db);
    h = await startHarness(db ? { db } : {});
    expect(h.db.dialect).toBe(postgres ? 'postgres' : 'sqlite');
    h.slack.admins.add('U_ADMIN');
    [header = '', ...rows] = (await readFile('samples/hubspot-contacts.csv', 'utf8')).split('\n');
  });
  afterAll(async () => {
    await h.close();
    await store.dispose();
  });

  let n = 0;
  const ask = async (text: string, user: string): Promise<string> => {
    const id = `h${++n}`;
    expect((await h.command(text, { user, responseId: id })).status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    return JSON.stringify(h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {});
  };
  let events = 0;
  const upload = async (name: string, content: string): Promise<string> => {
    const file = h.slack.hostFile({ name, content });
    const before = h.slack.callsTo('chat.postMessage').length;
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DADMIN',
        channel_type: 'im',
        user: 'U_ADMIN',
        text: '',
        ts: `1700001${++events}.000100`,
        event_ts: `1700001${events}.000100`,
        files: [{ id: file.id, name, filetype: 'csv', url_private: file.url_private }],
      },
      `EvHistory${events}`,
    );
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length > before);
    return JSON.stringify(h.slack.callsTo('chat.postMessage')[before]?.params);
  };
  const importId = (reply: string): string => /Import id `([0-9a-f]+)`/.exec(reply)?.[1] ?? '';
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  let first = '';
  let second = '';
  let firstCsv = '';
  let beforeSecond: Lead[] = [];

  it('shows the import id and the rows added and updated in the reply', async () => {
    firstCsv = [header, ...rows.slice(0, 30)].join('\n');
    const reply = await upload('week-1.csv', firstCsv);
    first = importId(reply);
    expect(first).toMatch(/^[0-9a-f]{10}$/);
    expect(reply).toContain('30 rows added, 0 updated');
    expect(reply).toContain(`/kpi import undo ${first}`);
    beforeSecond = await leads(h.db);

    // The next export: the 10 last contacts again, 5 of them with another owner, and 10 new ones.
    const again = rows
      .slice(20, 30)
      .map((row, i) =>
        i < 5 ? row.replace(/"Claire Dubois"|"Julien Petit"|"Sofia Almeida"/, '"Nora Ops"') : row,
      );
    const changed = again.filter((row, i) => row !== rows[20 + i]).length;
    expect(changed).toBeGreaterThan(0);
    const reply2 = await upload('week-2.csv', [header, ...again, ...rows.slice(30, 40)].join('\n'));
    second = importId(reply2);
    expect(reply2).toContain(`10 rows added, ${changed} updated`);
  });

  it('lists the changes with who, the file, its size and hash, and the counts; anyone may read it', async () => {
    const history = await ask('history 5', 'U_NOPE');
    expect(history).toContain('Last changes');
    expect(history).toContain('<@U_ADMIN> imported *week-1.csv*');
    expect(history).toContain(`${(Buffer.byteLength(firstCsv) / 1024).toFixed(1)} KB`);
    expect(history).toContain(`sha256 \`${sha(firstCsv).slice(0, 12)}\``);
    expect(history).toContain(`30 added, 0 updated, 0 skipped · id \`${first}\``);
    expect(history).toContain(`id \`${second}\``);
    expect(history.indexOf(second)).toBeLessThan(history.indexOf(first));
    expect(history).toContain('kept 400 days');
    expect(await ask('historique', 'U_NOPE')).toContain('week-2.csv');
  });

  it("refuses a non-editor's undo, and an undo under a later import on the same rows (listing it)", async () => {
    expect(await ask(`import undo ${second}`, 'U_NOPE')).toContain('Only editors can undo an import');
    const refused = await ask(`import undo ${first}`, 'U_ADMIN');
    expect(refused).toContain('later imports changed some of the same rows');
    expect(refused).toContain(`\`${second}\` *week-2.csv*`);
    expect(await ask('import undo nope', 'U_ADMIN')).toContain('There is no import `nope`');
  });

  it('undoes the later import exactly, bumps the data version and records the undo', async () => {
    const version = await getDataVersion(h.db);
    const reply = await ask(`import undo ${second}`, 'U_ADMIN');
    expect(reply).toContain(`Import \`${second}\` (*week-2.csv*) undone: 10 rows removed, 10 rows back`);
    expect(await leads(h.db)).toEqual(beforeSecond);
    expect(await getDataVersion(h.db)).toBe(version + 1);
    expect(await ask(`import undo ${second}`, 'U_ADMIN')).toContain('was already undone by <@U_ADMIN>');
    expect(await ask('history 1', 'U_NOPE')).toContain(
      `<@U_ADMIN> undid import \`${second}\` (*week-2.csv*)`,
    );
  });

  it('records a refresh, and shows the last five changes on the App Home', async () => {
    expect(await ask('refresh', 'U_ADMIN')).toContain('Refreshed');
    expect(await ask('history 1', 'U_NOPE')).toContain('<@U_ADMIN> refreshed 0 sources');
    const published = h.slack.callsTo('views.publish').length;
    await h.event(
      { type: 'app_home_opened', user: 'U_NOPE', channel: 'DNOPE', tab: 'home', event_ts: '1.2' },
      'EvHomeH',
    );
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > published);
    const home = JSON.stringify(h.slack.callsTo('views.publish')[published]?.params.view);
    expect(home).toContain('Last changes');
    expect(home).toContain('refreshed 0 sources');
    expect(home).toContain(`undid import \`${second}\``);
    // Five at most: the seed import of the harness has no trail entry; four changes so far.
    expect(home.match(/ · <@U_ADMIN> /g)?.length).toBe(4);
  });
});
