import type { Preset } from '../preset.ts';

/**
 * Microsoft Advertising campaign performance report (Reports > download CSV). Preamble of
 * "Report Name:", "Report Time:", "Time Zone:" … lines, then the header; ids are written in
 * brackets ("[412345678]") so spreadsheets keep them as text; "Total" / "Search total" rows
 * and a "©2026 Microsoft Corporation. All rights reserved." line close the file. English
 * reports write dates m/d/yyyy.
 */
export const microsoftAdsCampaigns = {
  id: 'microsoft-ads-campaigns',
  label: 'Microsoft Advertising campaign performance report',
  kind: 'cost',
  columns: [
    { field: 'date', headers: ['Day', 'Gregorian date', 'Date', 'Time period'], type: 'date' },
    { field: 'campaign', headers: ['Campaign name', 'Campaign'], type: 'text' },
    { field: 'amount', headers: ['Spend'], type: 'money' },
    { field: 'currency', headers: ['Currency code', 'Currency'], type: 'text' },
    { field: 'impressions', headers: ['Impr.', 'Impressions'], type: 'integer' },
    { field: 'clicks', headers: ['Clicks'], type: 'integer' },
    { field: 'country', headers: ['Country/region', 'Country'], type: 'text' },
    { field: 'device', headers: ['Device type'], type: 'text' },
    { field: 'hour', headers: ['Hour of day'], type: 'hour' },
  ],
  required: ['date', 'campaign', 'amount'],
  defaults: { channel: 'paid_search', source: 'bing', kind: 'media' },
  summaryPatterns: [/^(Search |Audience |Shopping )?total$/i, /^©\s*\d{4} Microsoft Corporation/i],
} as const satisfies Preset;
