import type { Preset } from '../preset.ts';
import { SALESFORCE_FOOTER } from './salesforce-footer.ts';

/**
 * Salesforce "Opportunities" report exported as CSV. "Stage" says won ("Closed Won"), lost
 * ("Closed Lost") or open; `closedAt` ("Close Date") becomes customerAt or lostAt by stage,
 * and "Amount" is revenue when won, pipelineAmount when open. Same footer as every report.
 */
export const salesforceOpportunities = {
  id: 'salesforce-opportunities',
  label: 'Salesforce opportunities report',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Opportunity ID'], type: 'text' },
    { field: 'createdAt', headers: ['Created Date', 'Create Date'], type: 'date' },
    { field: 'stage', headers: ['Stage'], type: 'text' },
    { field: 'closedAt', headers: ['Close Date'], type: 'date' },
    { field: 'amount', headers: ['Amount'], type: 'money' },
    { field: 'currency', headers: ['Amount Currency', 'Opportunity Currency'], type: 'text' },
    { field: 'channel', headers: ['Lead Source'], type: 'text' },
    { field: 'owner', headers: ['Opportunity Owner'], type: 'text' },
    { field: 'campaign', headers: ['Primary Campaign Source', 'Campaign Name'], type: 'text' },
    { field: 'segment', headers: ['Type'], type: 'text' },
    { field: 'customerId', headers: ['Account Name', 'Account ID'], type: 'text' },
    { field: 'country', headers: ['Billing Country'], type: 'text' },
  ],
  required: ['createdAt', 'stage', 'closedAt', 'amount'],
  summaryPatterns: SALESFORCE_FOOTER,
} as const satisfies Preset;
