/**
 * A HubSpot contacts export of N contacts with the columns and value formats of
 * samples/hubspot-contacts.csv (its header; see test/fixtures/README.md for where HubSpot's
 * header was checked), streamed so memory stays flat. Deterministic; ~210 bytes a contact, so
 * 1 000 000 contacts make the ~210 MB export of issue 10's `kpi --data` check. Contacts are
 * created over 2025-11-01 .. 2026-10-31 (UTC wall clock).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rng } from './generate-bench.ts';

const HEADER =
  '"Record ID","First Name","Last Name","Email","Phone Number","Create Date","Lifecycle Stage","Original Source","UTM Source","UTM Campaign","First Conversion","Contact owner","Country/Region","Segment","Product Interest","Became a Marketing Qualified Lead Date","Became a Sales Qualified Lead Date","Became an Opportunity Date","Became a Customer Date","Total Revenue"';
const FIRST = [
  'Anaïs',
  'Amira',
  'Hugo',
  'Léa',
  'Nathan',
  'Ana',
  'Lucas',
  'Manon',
  'Louis',
  'Zoé',
  'Emma',
  'Jules',
];
const LAST = [
  'Nguyen',
  'Robert',
  'Leroy',
  'Fournier',
  'Lefèvre',
  'Thomas',
  'Richard',
  'Garcia',
  'Martin',
  'Petit',
];
const DOMAINS = ['outlook.fr', 'acme-conseil.fr', 'alpinex.ch', 'gmail.com', 'batiplus.fr'];
const SOURCES: [string, string, string[]][] = [
  ['Paid Search', 'google', ['brand_fr', 'generic-crm-pme', 'competitor_fr']],
  ['Paid Social', 'facebook', ['lookalike_fr', 'retargeting_q4', 'leadgen_webinar']],
  ['Organic Search', '', ['']],
  ['Email Marketing', 'newsletter', ['newsletter_mensuelle']],
  ['Referrals', '', ['programme_partenaires']],
  ['Direct Traffic', '', ['']],
  ['Offline Sources', '', ['webinar_live_demo']],
];
const CONVERSIONS = ['Demo request', 'Ebook', 'Contact us', 'Free trial', 'Webinar', 'Lead form'];
const OWNERS = ['Sofia Almeida', 'Claire Dubois', 'Julien Petit', 'Marc Leroy', 'Thomas Girard'];
const COUNTRIES = ['France', 'Belgium', 'Switzerland', 'Morocco', 'Canada'];
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'];
const PRODUCTS = ['Suite', 'Analytics', 'Starter'];
const START = Date.UTC(2025, 10, 1);
const SPAN_DAYS = 365;
const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

export async function writeHubspotContacts(path: string, contacts: number, seed = 42): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let chunk = `${HEADER}\n`;
  for (let i = 0; i < contacts; i++) {
    const id = 100_000 + i;
    const first = pick(FIRST);
    const last = pick(LAST);
    const email = r() < 0.04 ? '' : `${first.toLowerCase()}.${last.toLowerCase()}${id}@${pick(DOMAINS)}`;
    const phone =
      r() < 0.6
        ? ''
        : `+33 6 ${pad(Math.floor(r() * 100))} ${pad(Math.floor(r() * 100))} ${pad(Math.floor(r() * 100))} ${pad(Math.floor(r() * 100))}`;
    const created = START + Math.floor(r() * SPAN_DAYS * DAY);
    const [channel, utm, campaigns] = pick(SOURCES);
    const stageRoll = r();
    const mql = stageRoll < 0.45 ? created + Math.floor(r() * 6 * DAY) : null;
    const sql = mql !== null && stageRoll < 0.2 ? mql + Math.floor(r() * 8 * DAY) : null;
    const opp = sql !== null && stageRoll < 0.1 ? sql + Math.floor(r() * 10 * DAY) : null;
    const customer = opp !== null && stageRoll < 0.04 ? opp + Math.floor(r() * 20 * DAY) : null;
    const stage = customer
      ? 'Customer'
      : opp
        ? 'Opportunity'
        : sql
          ? 'Sales Qualified Lead'
          : mql
            ? 'Marketing Qualified Lead'
            : 'Lead';
    const revenue = customer ? String(200 + Math.floor(r() * 5000)) : '';
    const cells = [
      String(id),
      first,
      last,
      email,
      phone,
      stamp(created),
      stage,
      channel,
      utm,
      pick(campaigns),
      pick(CONVERSIONS),
      pick(OWNERS),
      pick(COUNTRIES),
      pick(SEGMENTS),
      pick(PRODUCTS),
      mql === null ? '' : stamp(mql),
      sql === null ? '' : stamp(sql),
      opp === null ? '' : stamp(opp),
      customer === null ? '' : stamp(customer),
      revenue,
    ];
    chunk += `"${cells.join('","')}"\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

if (process.argv[1] && /generate-hubspot\.ts$/.test(process.argv[1])) {
  const [path, n] = process.argv.slice(2);
  await writeHubspotContacts(path ?? 'bench/data/hubspot-contacts.csv', Number(n ?? 1_000_000));
}
