import type { Preset, PresetColumn } from '../preset.ts';
import { googleAdsCampaigns } from './google-ads-campaigns.ts';

/**
 * Google Ads reports below the campaign: the Ad group, Ad, Search keyword and Search terms
 * downloads. Each is the campaign report's format (title and range lines, header, "Total: …"
 * rows, UTF-16LE with tabs or UTF-8 with commas) plus the columns naming its level, so they
 * are built from the campaign preset and follow its changes. The old AdWords downloads write
 * "Impressions" and close with "Total - filtered", "Total - all experiments" and "Total"; the
 * keyword report writes its totals in the third cell ("Total: All but removed keywords").
 */
const AD_GROUP: PresetColumn = {
  field: 'audience',
  headers: ['Ad group', "Groupe d'annonces"],
  type: 'text',
};
const KEYWORD: PresetColumn = { field: 'keyword', headers: ['Keyword', 'Mot clé'], type: 'text' };
// Text ads have an "Ad" (old AdWords) or "Ad name" (display); expanded and responsive ads are
// known by their first headline. No download has an ad id column by default.
const AD: readonly PresetColumn[] = [
  { field: 'ad', headers: ['Ad', 'Ad name', "Nom de l'annonce"], type: 'text' },
  { field: 'ad', headers: ['Headline 1', 'Titre 1'], type: 'text', fallback: true },
];

/** "Total: …" (current UI), "Total - filtered" / "Total - all experiments" / "Total" (old AdWords). */
export const GOOGLE_ADS_TOTALS: readonly RegExp[] = [
  ...googleAdsCampaigns.summaryPatterns,
  /^Total - (?:filtered|all experiments|Display Network|Search Network)\b/i,
  /^Total$/i,
];

const level = (
  id: string,
  label: string,
  columns: readonly PresetColumn[],
  extra: Partial<Preset> = {},
): Preset => ({
  ...googleAdsCampaigns,
  id,
  label,
  columns: [...googleAdsCampaigns.columns, ...columns],
  required: [...googleAdsCampaigns.required, ...new Set(columns.map((c) => c.field))],
  summaryPatterns: GOOGLE_ADS_TOTALS,
  ...extra,
});

export const googleAdsAdGroups = level('google-ads-ad-groups', 'Google Ads ad group report', [AD_GROUP]);

export const googleAdsAds = level('google-ads-ads', 'Google Ads ad report', [AD_GROUP, ...AD]);

/**
 * The old AdWords keyword report has no campaign or ad group column: its spend reaches no
 * campaign (reported as unattributed) and, for the double-count check, meets every campaign of
 * the account on its days.
 */
export const googleAdsKeywords = level(
  'google-ads-keywords',
  'Google Ads keyword report',
  [AD_GROUP, KEYWORD],
  {
    required: [...googleAdsCampaigns.required.filter((f) => f !== 'campaign'), 'keyword'],
  },
);

/** The search terms a keyword matched: keyword and ad group columns too, told apart by "Search term". */
export const googleAdsSearchTerms = level(
  'google-ads-search-terms',
  'Google Ads search terms report',
  [AD_GROUP, KEYWORD],
  { level: 'search_term', signature: ['Search term'] },
);
