import type { Preset } from '../preset.ts';

/**
 * Pipedrive deals export (Deals > … > Export, CSV). Columns are prefixed by the entity
 * ("Deal - Value") in current exports; older exports and the list view write bare labels.
 * Times are "YYYY-MM-DD HH:mm:ss". "Deal - Won time" and "Deal - Lost time" are the stage
 * dates; "Deal - Source channel" (or a custom "Deal - Source") carries the channel label.
 */
export const pipedriveDeals = {
  id: 'pipedrive-deals',
  label: 'Pipedrive deals export',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Deal - ID', 'ID'], type: 'text' },
    {
      field: 'createdAt',
      headers: ['Deal - Deal created', 'Deal - Add time', 'Deal created', 'Add time'],
      type: 'datetime',
    },
    { field: 'status', headers: ['Deal - Status', 'Status'], type: 'text' },
    { field: 'stage', headers: ['Deal - Stage', 'Stage'], type: 'text' },
    { field: 'amount', headers: ['Deal - Value', 'Value'], type: 'money' },
    {
      field: 'currency',
      headers: ['Deal - Currency of value', 'Deal - Currency', 'Currency of value', 'Currency'],
      type: 'text',
    },
    { field: 'customerAt', headers: ['Deal - Won time', 'Won time'], type: 'datetime' },
    { field: 'lostAt', headers: ['Deal - Lost time', 'Lost time'], type: 'datetime' },
    { field: 'owner', headers: ['Deal - Owner', 'Owner'], type: 'text' },
    {
      field: 'channel',
      headers: ['Deal - Source channel', 'Deal - Source', 'Source channel', 'Source'],
      type: 'text',
    },
    { field: 'campaign', headers: ['Deal - Source Campaign', 'Deal - Campaign'], type: 'text' },
    { field: 'product', headers: ['Deal - Pipeline', 'Pipeline'], type: 'text' },
    { field: 'customerId', headers: ['Deal - Organization', 'Organization'], type: 'text' },
  ],
  required: ['recordId', 'createdAt', 'status', 'amount'],
  summaryPatterns: [],
} as const satisfies Preset;
