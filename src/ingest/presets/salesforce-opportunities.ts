import type { Preset } from '../preset.ts';
import { SALESFORCE_FOOTER } from './salesforce-footer.ts';

/**
 * Salesforce "Opportunities" report exported as CSV. "Stage" says won ("Closed Won"), lost
 * ("Closed Lost") or open; `closedAt` ("Close Date") becomes customerAt or lostAt by stage,
 * and "Amount" is revenue when won, pipelineAmount when open. Same footer as every report.
 * A real export (test/fixtures/README.md) writes "Amount Currency" beside "Amount" in a
 * multi-currency org (EUR and GBP rows in one file): it goes through the per-row currency path.
 * Its "Amount (converted)" is in the org's corporate currency, not the workspace's, so it is not
 * read. Dates follow the user's locale ("5-7-2018" in nl), amounts too ("13884,00"). A Data
 * Loader extract names the columns by API name, upper-cased ("ID", "STAGENAME", "AMOUNT",
 * "CLOSEDATE", "CREATEDDATE", "CURRENCYISOCODE"): read too. French labels ("Étape", "Montant",
 * "Date de clôture", "Nom du compte", "Origine de la piste") and stages ("Fermée gagnée" /
 * "Fermée/Gagnée", "Fermée perdue") are read as well.
 */
export const salesforceOpportunities = {
  id: 'salesforce-opportunities',
  label: 'Salesforce opportunities report',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Opportunity ID', 'Id', "ID de l'opportunité"], type: 'text' },
    // A datetime: a report writes the day ("5-7-2018"), a Data Loader extract the instant.
    {
      field: 'createdAt',
      headers: ['Created Date', 'Create Date', 'CreatedDate', 'Date de création'],
      type: 'datetime',
    },
    { field: 'stage', headers: ['Stage', 'StageName', 'Étape'], type: 'text' },
    { field: 'closedAt', headers: ['Close Date', 'CloseDate', 'Date de clôture'], type: 'date' },
    { field: 'amount', headers: ['Amount', 'Montant'], type: 'money' },
    {
      field: 'currency',
      headers: ['Amount Currency', 'Opportunity Currency', 'CurrencyIsoCode'],
      type: 'text',
    },
    { field: 'channel', headers: ['Lead Source', 'LeadSource', 'Origine de la piste'], type: 'text' },
    { field: 'owner', headers: ['Opportunity Owner', "Propriétaire de l'opportunité"], type: 'text' },
    { field: 'campaign', headers: ['Primary Campaign Source', 'Campaign Name'], type: 'text' },
    { field: 'segment', headers: ['Type'], type: 'text' },
    {
      field: 'customerId',
      headers: ['Account Name', 'Account ID', 'AccountId', 'Nom du compte'],
      type: 'text',
    },
    { field: 'country', headers: ['Billing Country', 'Country', 'Pays'], type: 'text' },
  ],
  required: ['createdAt', 'stage', 'closedAt', 'amount'],
  summaryPatterns: SALESFORCE_FOOTER,
} as const satisfies Preset;
