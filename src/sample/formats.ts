import { dmy, isoFromDay, localStamp, longEnglish, mdy } from './calendar.ts';
import { lifecycleStage, type SampleLead } from './leads.ts';
import type { SpendRow } from './spend.ts';

/** Every cell quoted (HubSpot, Salesforce, Microsoft Advertising). */
export const quoted = (cells: readonly string[], sep = ','): string =>
  cells.map((c) => (c.includes('"') ? `"${c.replace(/"/g, '""')}"` : `"${c}"`)).join(sep);
/** Quotes only where needed (RFC 4180). */
export const plain = (cells: readonly string[], sep = ','): string =>
  cells.map((c) => (c.includes(sep) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(sep);

const stamp = (minutes: number | null): string =>
  minutes === null ? '' : localStamp(Math.floor(minutes / 1440), minutes % 1440);

export const HUBSPOT_HEADER = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Create Date',
  'Lifecycle Stage',
  'Original Source',
  'UTM Source',
  'UTM Campaign',
  'First Conversion',
  'Contact owner',
  'Country/Region',
  'Segment',
  'Product Interest',
  'Became a Marketing Qualified Lead Date',
  'Became a Sales Qualified Lead Date',
  'Became an Opportunity Date',
  'Became a Customer Date',
  'Total Revenue',
] as const;

const UTM_SOURCE: Readonly<Record<SampleLead['platform'], string>> = {
  google: 'google',
  bing: 'bing',
  facebook: 'facebook',
  linkedin: 'linkedin',
  none: '',
};

/** The cells of one lead in a HubSpot contacts export. */
export function hubspotCells(lead: SampleLead): string[] {
  return [
    String(lead.id),
    lead.firstName,
    lead.lastName,
    lead.email,
    lead.phone,
    stamp(lead.createdAt),
    lifecycleStage(lead),
    lead.originalSource,
    lead.channel === 'email' ? 'newsletter' : UTM_SOURCE[lead.platform],
    lead.utmCampaign ?? '',
    lead.form,
    lead.owner,
    lead.country,
    lead.segment,
    lead.product,
    stamp(lead.mqlAt),
    stamp(lead.sqlAt),
    stamp(lead.opportunityAt),
    stamp(lead.customerAt),
    lead.amount === null ? '' : String(lead.amount),
  ];
}

const EN = [0, 1, 2].map(
  (d) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }),
);
const en = (n: number, decimals: 0 | 2): string => (EN[decimals] as Intl.NumberFormat).format(n);
const euros = (cents: number): string => (cents / 100).toFixed(2);
const comma = (cents: number): string => euros(cents).replace('.', ',');
/** pt-BR money: "1.234,56". */
const ptBr = (cents: number): string => {
  const [int = '0', dec = '00'] = euros(cents).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
};

export const GOOGLE_HEADER = [
  'Campaign',
  'Day',
  'Campaign type',
  'Currency code',
  'Cost',
  'Impr.',
  'Clicks',
  'Avg. CPC',
  'Conversions',
];
export function googleCells(r: SpendRow): string[] {
  const cpc = r.clicks === 0 ? '--' : en(r.cents / 100 / r.clicks, 2);
  return [
    r.campaign,
    isoFromDay(r.day),
    'Search',
    'EUR',
    en(r.cents / 100, 2),
    en(r.impressions, 0),
    en(r.clicks, 0),
    cpc,
    en(r.conversions, 2),
  ];
}
export function googlePreamble(from: number, to: number): string[] {
  return ['Campaign report', `${longEnglish(from)} - ${longEnglish(to)}`];
}
export function googleTotals(rows: readonly SpendRow[]): string[] {
  const cents = rows.reduce((s, r) => s + r.cents, 0);
  const impr = rows.reduce((s, r) => s + r.impressions, 0);
  const clicks = rows.reduce((s, r) => s + r.clicks, 0);
  const conv = rows.reduce((s, r) => s + r.conversions, 0);
  const cells = (label: string): string =>
    [
      label,
      '--',
      '--',
      'EUR',
      en(cents / 100, 2),
      en(impr, 0),
      en(clicks, 0),
      en(cents / 100 / Math.max(1, clicks), 2),
      en(conv, 2),
    ].join('\t');
  return [cells('Total: Account'), cells('Total: Search'), cells('Total: Campaigns')];
}

export const MICROSOFT_HEADER = [
  'Day',
  'Account name',
  'Campaign name',
  'Campaign ID',
  'Currency code',
  'Impr.',
  'Clicks',
  'Spend',
  'Avg. CPC',
  'Conversions',
];
export function microsoftCells(r: SpendRow, id: number): string[] {
  const cpc = r.clicks === 0 ? '0.00' : (r.cents / 100 / r.clicks).toFixed(2);
  return [
    mdy(r.day),
    'Acme FR',
    r.campaign,
    `[${id}]`,
    'EUR',
    String(r.impressions),
    String(r.clicks),
    euros(r.cents),
    cpc,
    String(r.conversions),
  ];
}
export function microsoftPreamble(from: number, to: number, rows: number): string[] {
  return [
    quoted(['Report Name: Campaign performance']),
    quoted([`Report Time: ${mdy(from)} - ${mdy(to)}`]),
    quoted(['Time Zone: (GMT+01:00) Brussels, Copenhagen, Madrid, Paris']),
    quoted(['Report Aggregation: Daily']),
    quoted(['Report Filter:']),
    quoted(['Potential Incomplete Data: false']),
    quoted([`Rows: ${rows}`]),
    '',
  ];
}
export function microsoftTotals(rows: readonly SpendRow[], year: string): string[] {
  const cents = rows.reduce((s, r) => s + r.cents, 0);
  const impr = rows.reduce((s, r) => s + r.impressions, 0);
  const clicks = rows.reduce((s, r) => s + r.clicks, 0);
  const line = (label: string): string =>
    quoted([label, '', '', '', 'EUR', String(impr), String(clicks), euros(cents), '', '']);
  return [
    line('Search total'),
    line('Total'),
    '',
    quoted([`©${year} Microsoft Corporation. All rights reserved.`]),
  ];
}

export const META_FR_HEADER = [
  'Nom de la campagne',
  'Jour',
  'Montant dépensé (EUR)',
  'Impressions',
  'Clics sur un lien',
  'Résultats',
  'Début des rapports',
  'Fin des rapports',
];
export function metaFrCells(r: SpendRow): string[] {
  const day = dmy(r.day);
  return [
    r.campaign,
    day,
    comma(r.cents),
    String(r.impressions),
    String(r.clicks),
    String(r.conversions),
    day,
    day,
  ];
}

export const LINKEDIN_PT_HEADER = [
  'Data de início (em UTC)',
  'Nome da conta',
  'Nome do grupo de campanhas',
  'Nome da campanha',
  'ID da campanha',
  'Moeda',
  'Total investido',
  'Impressões',
  'Cliques',
  'Leads',
  'Leads (e-mail corporativo)',
];
export function linkedinCells(r: SpendRow, id: number): string[] {
  const work = Math.floor(r.conversions * 0.6);
  return [
    dmy(r.day),
    'Acme Brasil',
    'Grupo Principal',
    r.campaign,
    String(id),
    'EUR',
    ptBr(r.cents),
    String(r.impressions),
    String(r.clicks),
    String(r.conversions),
    String(work),
  ];
}
export function linkedinPreamble(from: number, to: number): string[] {
  return [
    'Relatório de desempenho de campanhas (em UTC)',
    `Intervalo de datas do relatório: ${dmy(from)} - ${dmy(to)}`,
  ];
}
