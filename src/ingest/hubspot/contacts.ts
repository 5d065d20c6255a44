import type { Channel } from '../../model/channel.ts';
import type { Preset } from '../preset.ts';
import type { HubSpotRecord } from './client.ts';

/** The contact properties a pull asks for (internal names of the CRM v3 API). */
export const CONTACT_PROPERTIES = [
  'createdate',
  'lastmodifieddate',
  'lifecyclestage',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'hs_analytics_source_data_2',
  'email',
  'phone',
  'mobilephone',
  'hubspot_owner_id',
  'country',
  'associatedcompanyid',
  'total_revenue',
  'recent_deal_amount',
  'hs_lifecyclestage_marketingqualifiedlead_date',
  'hs_lifecyclestage_salesqualifiedlead_date',
  'hs_lifecyclestage_opportunity_date',
  'hs_lifecyclestage_customer_date',
  'hs_lifecyclestage_evangelist_date',
] as const;

/**
 * HubSpot's internal "Original Source" values (hs_analytics_source) in our channel taxonomy.
 * The export files print the labels ("Paid Search", "Offline Sources"); the API the values.
 * OFFLINE goes where the label "Offline Sources" goes in the file presets, so that the same
 * portal read from an export or from the API gives the same channels.
 */
export const HUBSPOT_SOURCES: Readonly<Record<string, Channel>> = {
  ORGANIC_SEARCH: 'organic_search',
  PAID_SEARCH: 'paid_search',
  EMAIL_MARKETING: 'email',
  SOCIAL_MEDIA: 'organic_social',
  PAID_SOCIAL: 'paid_social',
  REFERRALS: 'referral',
  AI_REFERRALS: 'referral',
  OTHER_CAMPAIGNS: 'other',
  DIRECT_TRAFFIC: 'direct',
  OFFLINE: 'events',
};

/** The channel of a contact's original source value; unknown values go through the label aliases. */
export function hubspotChannel(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  return HUBSPOT_SOURCES[value.toUpperCase()] ?? value;
}

/** The row layout a pulled contact is written in, one canonical field per column. */
const HEADER = [
  'recordId',
  'createdAt',
  'stage',
  'channel',
  'source',
  'campaign',
  'email',
  'phone',
  'owner',
  'country',
  'customerId',
  'mqlAt',
  'sqlAt',
  'opportunityAt',
  'customerAt',
  'amount',
  'pipelineAmount',
] as const;
type Column = (typeof HEADER)[number];

export const CONTACT_HEADER: readonly string[] = HEADER;

const TYPES: Readonly<Record<Column, 'text' | 'datetime' | 'money'>> = {
  recordId: 'text',
  createdAt: 'datetime',
  stage: 'text',
  channel: 'text',
  source: 'text',
  campaign: 'text',
  email: 'text',
  phone: 'text',
  owner: 'text',
  country: 'text',
  customerId: 'text',
  mqlAt: 'datetime',
  sqlAt: 'datetime',
  opportunityAt: 'datetime',
  customerAt: 'datetime',
  amount: 'money',
  pipelineAmount: 'money',
};

/**
 * Contacts pulled from the CRM API, mapped by the same reader as the files: the API gives ISO
 * 8601 instants and plain decimal numbers, so the date order is fixed and nothing is guessed.
 */
export const hubspotApiContacts: Preset = {
  id: 'hubspot-api-contacts',
  label: 'HubSpot CRM contacts (API)',
  kind: 'lead',
  columns: HEADER.map((field) => ({ field, headers: [field], type: TYPES[field] })),
  required: ['recordId', 'createdAt'],
  dateOrder: 'ymd',
};

/** What a contact's row needs besides its own properties. */
export interface ContactExtras {
  owners: ReadonlyMap<string, string>;
  /** Won and open deal amounts per contact id, when the source reads deals. */
  deals?: ReadonlyMap<string, DealTotals>;
}

/** What a contact's deals add up to. */
export interface DealTotals {
  won: number;
  open: number;
  /** The earliest close date of a won deal (ISO), or null. */
  wonAt: string | null;
}

/** The deal properties the totals need. */
export const DEAL_PROPERTIES = [
  'amount',
  'closedate',
  'dealstage',
  'hs_is_closed_won',
  'hs_is_closed',
] as const;

/** Adds a deal to its contact's totals: won, lost (nothing) or open. */
export function addDeal(totals: DealTotals, deal: HubSpotRecord): void {
  const p = deal.properties;
  const amount = Number(p.amount ?? '');
  const value = Number.isFinite(amount) ? amount : 0;
  if (p.hs_is_closed_won === 'true') {
    totals.won += value;
    if (p.closedate && (totals.wonAt === null || p.closedate < totals.wonAt)) totals.wonAt = p.closedate;
  } else if (p.hs_is_closed !== 'true') {
    totals.open += value;
  }
}

const blank = (v: string | null | undefined): string => (v == null ? '' : v);

/** One contact as a row of CONTACT_HEADER cells. */
export function contactRow(record: HubSpotRecord, extras: ContactExtras): string[] {
  const p = record.properties;
  const owner = p.hubspot_owner_id ? (extras.owners.get(p.hubspot_owner_id) ?? p.hubspot_owner_id) : '';
  // Revenue: the won deals when the source reads them, else the contact's own rollup of its won
  // deals ("Total Revenue"), else the last won deal's amount.
  const deal = extras.deals?.get(record.id);
  const rollup = p.total_revenue || blank(p.recent_deal_amount);
  const revenue = deal && deal.won > 0 ? String(deal.won) : rollup;
  const cells: Record<Column, string> = {
    recordId: record.id,
    createdAt: blank(p.createdate),
    stage: blank(p.lifecyclestage),
    channel: blank(hubspotChannel(p.hs_analytics_source)),
    source: blank(p.hs_analytics_source_data_1),
    campaign: blank(p.hs_analytics_source_data_2),
    email: blank(p.email),
    phone: p.phone || blank(p.mobilephone),
    owner,
    country: blank(p.country),
    customerId: blank(p.associatedcompanyid),
    mqlAt: blank(p.hs_lifecyclestage_marketingqualifiedlead_date),
    sqlAt: blank(p.hs_lifecyclestage_salesqualifiedlead_date),
    opportunityAt: blank(p.hs_lifecyclestage_opportunity_date),
    customerAt:
      p.hs_lifecyclestage_customer_date || p.hs_lifecyclestage_evangelist_date || blank(deal?.wonAt),
    amount: revenue,
    // With deals read, an open pipeline of 0 is known to be 0 (not "the revenue column").
    pipelineAmount: deal ? String(deal.open) : extras.deals ? '0' : '',
  };
  return HEADER.map((c) => cells[c]);
}
