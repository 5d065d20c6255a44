import type { Preset } from '../preset.ts';

/**
 * LinkedIn Campaign Manager export (Analyze > Export, CSV). UTF-16LE with tabs; headers in
 * the account's language; dd/mm/yyyy and decimal commas outside English. Some exports open
 * with a report title and a date-range line, some start at the header. Near-duplicate
 * headers sit side by side ("Leads" / "Leads (e-mail corporativo)", "Start Date (in UTC)" /
 * "Campaign Start Date", "Campaign Name" / "Campaign Group Name"): matched exactly.
 */
export const linkedinCampaigns = {
  id: 'linkedin-campaigns',
  label: 'LinkedIn Campaign Manager export',
  kind: 'cost',
  columns: [
    {
      field: 'date',
      headers: ['Start Date (in UTC)', 'Data de início (em UTC)', 'Date de début (en UTC)'],
      type: 'date',
      // A row of a report over a range is dated by the range's start: it counts on that day
      // unless --period / sources[].period says the report covers a longer span.
      spanStart: true,
    },
    { field: 'campaign', headers: ['Campaign Name', 'Nome da campanha', 'Nom de la campagne'], type: 'text' },
    { field: 'amount', headers: ['Total Spent', 'Total investido', 'Montant total dépensé'], type: 'money' },
    { field: 'currency', headers: ['Currency', 'Moeda', 'Devise'], type: 'text' },
    { field: 'impressions', headers: ['Impressions', 'Impressões'], type: 'integer' },
    { field: 'clicks', headers: ['Clicks', 'Cliques', 'Clics'], type: 'integer' },
    // LinkedIn's own lead count (Lead Gen Forms). "Leads (Work Email)" / "Leads (e-mail
    // corporativo)" is a subset of it and never matches (headers are matched exactly).
    { field: 'platformLeads', headers: ['Leads', 'Prospects'], type: 'number' },
  ],
  required: ['date', 'campaign', 'amount'],
  defaults: { channel: 'paid_social', source: 'linkedin', kind: 'media' },
  summaryPatterns: [/^Total$/i],
} as const satisfies Preset;
