import type { Preset } from '../preset.ts';

/**
 * Google Ads campaign report (Reports > download). The "Excel .csv" download is UTF-16LE with
 * a BOM and tabs; the plain ".csv" is UTF-8 with commas. Both open with a title line
 * ("Campaign report") and a date-range line above the header, write "--" for an empty
 * metric and end with "Total: …" rows (account, campaigns, search, display…). "Day" is ISO
 * (2026-11-16); numbers use the account language ("1,234.56" in English). Headers follow
 * the UI language; French labels are listed too.
 */
export const googleAdsCampaigns = {
  id: 'google-ads-campaigns',
  label: 'Google Ads campaign report',
  kind: 'cost',
  columns: [
    { field: 'date', headers: ['Day', 'Jour', 'Date'], type: 'date' },
    { field: 'campaign', headers: ['Campaign', 'Campagne'], type: 'text' },
    { field: 'currency', headers: ['Currency code', 'Code de la devise', 'Currency'], type: 'text' },
    { field: 'amount', headers: ['Cost', 'Coût'], type: 'money' },
    { field: 'impressions', headers: ['Impr.', 'Impressions'], type: 'integer' },
    { field: 'clicks', headers: ['Clicks', 'Clics'], type: 'integer' },
    // Segments a campaign report can be split by (Segment > Device / Time > Hour of day).
    { field: 'device', headers: ['Device', 'Appareil'], type: 'text' },
    { field: 'hour', headers: ['Hour of day', 'Heure de la journée'], type: 'hour' },
  ],
  required: ['date', 'campaign', 'amount'],
  defaults: { channel: 'paid_search', source: 'google', kind: 'media' },
  summaryPatterns: [/^Total ?: /i],
  dateOrder: 'ymd',
} as const satisfies Preset;
