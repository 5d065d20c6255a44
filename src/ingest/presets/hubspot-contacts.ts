import type { Preset } from '../preset.ts';

/** `Date entered "<Stage> (Lifecycle Stage Pipeline)"` (double or single quotes), the stage in the portal's language. */
const dateEntered = (stages: string): string =>
  `^Date entered ["'“‘](?:${stages})[^"'”’]*\\(Lifecycle Stage Pipeline\\)["'”’]$`;

/**
 * HubSpot contacts export (Contacts > Export, CSV). Columns are named by property label and
 * every value is quoted; datetimes are written "YYYY-MM-DD HH:mm" in the portal's time zone.
 * Labels changed over time and both are read: the channel label ("Paid Search", "Organic
 * Search", "Email Marketing", …) sits in "Original Source" or, today, "Original Traffic Source"
 * (with "… Drill-Down 1 / 2"); stage dates in "Became a … Date" or, today, `Date entered
 * "Marketing Qualified Lead (Lifecycle Stage Pipeline)"`. Revenue is "Total Revenue", "Recent
 * Deal Amount" or "Amount" (the report names the one used). Where several columns could fill a
 * field, the order below decides, and a column empty in every row never wins over a filled one
 * ("Phone Number" before "Mobile Phone Number"). Older portals label the id "Contact ID".
 */
export const hubspotContacts = {
  id: 'hubspot-contacts',
  label: 'HubSpot contacts export',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Record ID', 'Contact ID'], type: 'text' },
    { field: 'createdAt', headers: ['Create Date', 'Create date'], type: 'datetime' },
    { field: 'email', headers: ['Email'], type: 'text' },
    { field: 'phone', headers: ['Phone Number', 'Mobile Phone Number', 'Phone'], type: 'text' },
    { field: 'stage', headers: ['Lifecycle Stage'], type: 'text' },
    { field: 'channel', headers: ['Original Source', 'Original Traffic Source'], type: 'text' },
    {
      field: 'source',
      headers: ['UTM Source', 'Original Source Drill-Down 1', 'Original Traffic Source Drill-Down 1'],
      type: 'text',
    },
    {
      field: 'campaign',
      headers: ['UTM Campaign', 'Original Source Drill-Down 2', 'Original Traffic Source Drill-Down 2'],
      type: 'text',
    },
    { field: 'keyword', headers: ['UTM Term'], type: 'text' },
    { field: 'ad', headers: ['UTM Content'], type: 'text' },
    { field: 'form', headers: ['First Conversion'], type: 'text' },
    { field: 'owner', headers: ['Contact owner'], type: 'text' },
    { field: 'country', headers: ['Country/Region', 'Country'], type: 'text' },
    { field: 'segment', headers: ['Segment'], type: 'text' },
    { field: 'product', headers: ['Product Interest', 'Product'], type: 'text' },
    {
      field: 'mqlAt',
      headers: ['Became a Marketing Qualified Lead Date'],
      headerPattern: dateEntered(
        'Marketing[ -]Qualified[ -]Lead|MQL|Lead qualifi[ée] marketing|Marketing-qualifizierter Lead',
      ),
      type: 'datetime',
    },
    {
      field: 'sqlAt',
      headers: ['Became a Sales Qualified Lead Date'],
      headerPattern: dateEntered(
        'Sales[ -]Qualified[ -]Lead|SQL|Lead qualifi[ée] commercial|Vertriebsqualifizierter Lead',
      ),
      type: 'datetime',
    },
    {
      field: 'opportunityAt',
      headers: ['Became an Opportunity Date'],
      headerPattern: dateEntered('Opportunity|Opportunit[ée]|Opportunit[äa]t|Oportunidade|Oportunidad'),
      type: 'datetime',
    },
    {
      field: 'customerAt',
      headers: ['Became a Customer Date'],
      headerPattern: dateEntered('Customer|Client|Kunde|Cliente'),
      type: 'datetime',
    },
    { field: 'amount', headers: ['Total Revenue', 'Recent Deal Amount', 'Amount'], type: 'money' },
    {
      field: 'customerId',
      headers: ['Associated Company ID', 'Primary Associated Company ID'],
      type: 'text',
    },
  ],
  required: ['recordId', 'createdAt', 'stage'],
  summaryPatterns: [],
} as const satisfies Preset;
