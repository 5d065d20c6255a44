import type { Preset, PresetColumn } from '../preset.ts';
import { microsoftAdsCampaigns } from './microsoft-ads-campaigns.ts';

/**
 * Microsoft Advertising ad group and keyword performance reports: the campaign report's format
 * (preamble, bracketed ids, "Total" / "Search total" rows, © line) plus the ad group and keyword
 * columns, built from the campaign preset so they follow its changes.
 */
const AD_GROUP: PresetColumn = { field: 'audience', headers: ['Ad group', 'Ad group name'], type: 'text' };
const KEYWORD: PresetColumn = { field: 'keyword', headers: ['Keyword'], type: 'text' };

const level = (id: string, label: string, columns: readonly PresetColumn[]): Preset => ({
  ...microsoftAdsCampaigns,
  id,
  label,
  columns: [...microsoftAdsCampaigns.columns, ...columns],
  required: [...microsoftAdsCampaigns.required, ...columns.map((c) => c.field)],
});

export const microsoftAdsAdGroups = level(
  'microsoft-ads-ad-groups',
  'Microsoft Advertising ad group performance report',
  [AD_GROUP],
);

export const microsoftAdsKeywords = level(
  'microsoft-ads-keywords',
  'Microsoft Advertising keyword performance report',
  [AD_GROUP, KEYWORD],
);
