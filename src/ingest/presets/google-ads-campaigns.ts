import type { Preset } from '../preset.ts';

/**
 * Google Ads campaign report: the Campaigns page download ("Campaign report.csv") and the
 * Reports editor's. The "Excel .csv" download is UTF-16LE with a BOM and tabs; the plain ".csv"
 * is UTF-8 with commas. Both open with a title line ("Campaign report") and a range line
 * ("July 8, 2025 - July 31, 2025", "27 January 2026 - 23 February 2026", "All time"), write
 * " --" for an empty metric and end with "Total: …" rows (campaigns, account, search…).
 * With a "Day" segment each row is one day; without one (the Campaigns page default) each row
 * covers the range line's days: a campaign grid. Headers follow the UI language.
 */
export const googleAdsCampaigns = {
  id: 'google-ads-campaigns',
  label: 'Google Ads campaign report',
  kind: 'cost',
  columns: [
    { field: 'date', headers: ['Day', 'Jour', 'Date', 'Dia', 'Tag', 'Día', 'Giorno'], type: 'date' },
    {
      field: 'campaign',
      headers: ['Campaign', 'Campagne', 'Campanha', 'Kampagne', 'Campaña', 'Campagna'],
      type: 'text',
    },
    {
      field: 'currency',
      headers: [
        'Currency code',
        'Code de la devise',
        'Currency',
        'Código da moeda',
        'Währungscode',
        'Código de moneda',
        'Codice valuta',
      ],
      type: 'text',
    },
    { field: 'amount', headers: ['Cost', 'Coût', 'Custo', 'Kosten', 'Coste', 'Costo'], type: 'money' },
    {
      field: 'impressions',
      headers: ['Impr.', 'Impressions', 'Impressões', 'Impressionen', 'Impresiones', 'Impressioni'],
      type: 'integer',
    },
    { field: 'clicks', headers: ['Clicks', 'Clics', 'Cliques', 'Klicks', 'Clic'], type: 'integer' },
    {
      field: 'conversions',
      headers: ['Conversions', 'Conversões', 'Conversiones', 'Conversioni', 'Conv.'],
      type: 'number',
    },
    // Segments a campaign report can be split by (Segment > Device / Time > Hour of day).
    { field: 'device', headers: ['Device', 'Appareil'], type: 'text' },
    { field: 'hour', headers: ['Hour of day', 'Heure de la journée'], type: 'hour' },
  ],
  required: ['campaign', 'amount'],
  defaults: { channel: 'paid_search', source: 'google', kind: 'media' },
  summaryPatterns: [/^Total ?: /i],
  dateOrder: 'ymd',
} as const satisfies Preset;
