import type { Preset } from '../preset.ts';

/**
 * HubSpot contacts export (Contacts > Export, CSV). Columns are named by property label and
 * every value is quoted; datetimes are written "YYYY-MM-DD HH:mm" in the portal's time zone.
 * "Original Source" holds the channel label ("Paid Search", "Organic Search", "Email
 * Marketing", …), read through channelFrom. Older portals label the id "Contact ID".
 */
export const hubspotContacts = {
  id: 'hubspot-contacts',
  label: 'HubSpot contacts export',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Record ID', 'Contact ID'], type: 'text' },
    { field: 'createdAt', headers: ['Create Date'], type: 'datetime' },
    { field: 'email', headers: ['Email'], type: 'text' },
    { field: 'phone', headers: ['Phone Number', 'Mobile Phone Number'], type: 'text' },
    { field: 'stage', headers: ['Lifecycle Stage'], type: 'text' },
    { field: 'channel', headers: ['Original Source'], type: 'text' },
    { field: 'source', headers: ['UTM Source', 'Original Source Drill-Down 1'], type: 'text' },
    { field: 'campaign', headers: ['UTM Campaign', 'Original Source Drill-Down 2'], type: 'text' },
    { field: 'keyword', headers: ['UTM Term'], type: 'text' },
    { field: 'ad', headers: ['UTM Content'], type: 'text' },
    { field: 'form', headers: ['First Conversion'], type: 'text' },
    { field: 'owner', headers: ['Contact owner'], type: 'text' },
    { field: 'country', headers: ['Country/Region', 'Country'], type: 'text' },
    { field: 'segment', headers: ['Segment'], type: 'text' },
    { field: 'product', headers: ['Product Interest', 'Product'], type: 'text' },
    { field: 'mqlAt', headers: ['Became a Marketing Qualified Lead Date'], type: 'datetime' },
    { field: 'sqlAt', headers: ['Became a Sales Qualified Lead Date'], type: 'datetime' },
    { field: 'opportunityAt', headers: ['Became an Opportunity Date'], type: 'datetime' },
    { field: 'customerAt', headers: ['Became a Customer Date'], type: 'datetime' },
    { field: 'amount', headers: ['Total Revenue'], type: 'money' },
    { field: 'customerId', headers: ['Associated Company ID'], type: 'text' },
  ],
  required: ['recordId', 'createdAt', 'stage'],
  summaryPatterns: [],
} as const satisfies Preset;
