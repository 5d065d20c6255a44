import type { Preset } from '../preset.ts';

/**
 * HubSpot deals export. One deal is one lead row: "Create Date" is when it entered the
 * pipeline, "Close Date" closes it. `closedAt` is a reader field: with a won stage
 * ("Closed Won") it becomes customerAt and the amount is revenue; with a lost stage it
 * becomes lostAt; an open deal's amount is pipelineAmount.
 */
export const hubspotDeals = {
  id: 'hubspot-deals',
  label: 'HubSpot deals export',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Record ID', 'Deal ID'], type: 'text' },
    { field: 'stage', headers: ['Deal Stage'], type: 'text' },
    { field: 'createdAt', headers: ['Create Date'], type: 'datetime' },
    { field: 'closedAt', headers: ['Close Date'], type: 'datetime' },
    { field: 'amount', headers: ['Amount', 'Amount in company currency'], type: 'money' },
    { field: 'currency', headers: ['Currency'], type: 'text' },
    { field: 'owner', headers: ['Deal owner'], type: 'text' },
    { field: 'channel', headers: ['Original Source Type', 'Original Source'], type: 'text' },
    { field: 'product', headers: ['Pipeline'], type: 'text' },
    { field: 'segment', headers: ['Deal Type'], type: 'text' },
    { field: 'customerId', headers: ['Associated Company IDs', 'Associated Company ID'], type: 'text' },
  ],
  required: ['recordId', 'stage', 'createdAt', 'amount'],
  summaryPatterns: [],
} as const satisfies Preset;
