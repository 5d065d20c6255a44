import type { Preset } from '../preset.ts';

/**
 * Microsoft Advertising campaigns: the report download (a "Report Name:", "Report Time:",
 * "Time Zone:" … preamble, then the header, a "Day" column, m/d/yyyy in English) and the
 * Campaigns page grid (no preamble, no date: each row covers the range the grid showed, so
 * `--period` / `sources[].period` must say it). Ids are written in brackets ("[412345678]") so
 * spreadsheets keep them as text; "-" marks an empty metric; "Search total", "Audience total",
 * "Performance Max total" and "Total" rows, and a "©2026 Microsoft Corporation. All rights
 * reserved." line, are not records.
 */
export const microsoftAdsCampaigns = {
  id: 'microsoft-ads-campaigns',
  label: 'Microsoft Advertising campaigns',
  kind: 'cost',
  columns: [
    { field: 'date', headers: ['Day', 'Gregorian date', 'Date', 'Time period'], type: 'date' },
    { field: 'campaign', headers: ['Campaign name', 'Campaign'], type: 'text' },
    { field: 'amount', headers: ['Spend'], type: 'money' },
    { field: 'currency', headers: ['Currency code', 'Currency'], type: 'text' },
    { field: 'impressions', headers: ['Impr.', 'Impressions'], type: 'integer' },
    { field: 'clicks', headers: ['Clicks'], type: 'integer' },
    { field: 'conversions', headers: ['Conv.', 'Conversions'], type: 'number' },
    { field: 'country', headers: ['Country/region', 'Country'], type: 'text' },
    { field: 'device', headers: ['Device type'], type: 'text' },
    { field: 'hour', headers: ['Hour of day'], type: 'hour' },
  ],
  required: ['campaign', 'amount'],
  defaults: { channel: 'paid_search', source: 'bing', kind: 'media' },
  summaryPatterns: [
    /^(?:(?:Search|Audience|Shopping|Performance Max|Overall) )?total$/i,
    /(?:^|[,;\t"])\s*(?:Search|Audience|Shopping|Performance Max|Overall) total\s*(?:[,;\t"]|$)/i,
    // The grand total of the grid: "Total" in the campaign column after a "-" status.
    /^"?-?"?\s*[,;\t]\s*"?total"?\s*(?:[,;\t]|$)/i,
    /^©\s*\d{4} Microsoft Corporation/i,
  ],
} as const satisfies Preset;
