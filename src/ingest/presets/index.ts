import type { Preset } from '../preset.ts';
import { googleAdsCampaigns } from './google-ads-campaigns.ts';
import {
  googleAdsAdGroups,
  googleAdsAds,
  googleAdsKeywords,
  googleAdsSearchTerms,
} from './google-ads-levels.ts';
import { hubspotContacts } from './hubspot-contacts.ts';
import { hubspotDeals } from './hubspot-deals.ts';
import { linkedinCampaigns } from './linkedin-campaigns.ts';
import { metaAds } from './meta-ads.ts';
import { microsoftAdsCampaigns } from './microsoft-ads-campaigns.ts';
import { microsoftAdsAdGroups, microsoftAdsKeywords } from './microsoft-ads-levels.ts';
import { pipedriveDeals } from './pipedrive-deals.ts';
import { salesforceLeads } from './salesforce-leads.ts';
import { salesforceOpportunities } from './salesforce-opportunities.ts';

/**
 * Every built-in export format. Detection tries each against a file's header row; the
 * generic preset (column mapping from the YAML config) is built at run time, not listed here.
 */
export const PRESETS: readonly Preset[] = [
  hubspotContacts,
  hubspotDeals,
  salesforceLeads,
  salesforceOpportunities,
  pipedriveDeals,
  googleAdsCampaigns,
  googleAdsAdGroups,
  googleAdsAds,
  googleAdsKeywords,
  googleAdsSearchTerms,
  microsoftAdsCampaigns,
  microsoftAdsAdGroups,
  microsoftAdsKeywords,
  metaAds,
  linkedinCampaigns,
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
