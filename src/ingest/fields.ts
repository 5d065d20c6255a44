import type { CellType, CostField, LeadField, RecordKind } from './preset.ts';

/** How each canonical lead field is read when a mapping does not say (generic preset). */
export const LEAD_FIELD_TYPES: Readonly<Record<LeadField, CellType>> = {
  recordId: 'text',
  createdAt: 'datetime',
  channel: 'text',
  source: 'text',
  campaign: 'text',
  ad: 'text',
  audience: 'text',
  form: 'text',
  keyword: 'text',
  owner: 'text',
  segment: 'text',
  product: 'text',
  country: 'text',
  email: 'text',
  phone: 'text',
  mqlAt: 'datetime',
  sqlAt: 'datetime',
  opportunityAt: 'datetime',
  customerAt: 'datetime',
  lostAt: 'datetime',
  activatedAt: 'datetime',
  closedAt: 'datetime',
  updatedAt: 'datetime',
  amount: 'money',
  pipelineAmount: 'money',
  currency: 'text',
  customerId: 'text',
  stage: 'text',
  status: 'text',
};

/** How each canonical cost field is read when a mapping does not say (generic preset). */
export const COST_FIELD_TYPES: Readonly<Record<CostField, CellType>> = {
  recordId: 'text',
  date: 'date',
  channel: 'text',
  source: 'text',
  campaign: 'text',
  ad: 'text',
  audience: 'text',
  keyword: 'text',
  country: 'text',
  age: 'text',
  gender: 'text',
  device: 'text',
  placement: 'text',
  hour: 'hour',
  amount: 'money',
  currency: 'text',
  impressions: 'integer',
  clicks: 'integer',
  endDate: 'date',
  platformLeads: 'number',
  conversions: 'number',
  results: 'number',
  resultType: 'text',
};

/** Fields a row cannot do without (the canonical schemas require them). */
export const REQUIRED_FIELDS: Readonly<Record<RecordKind, readonly string[]>> = {
  lead: ['createdAt'],
  cost: ['date', 'amount'],
};

export function fieldTypes(kind: RecordKind): Readonly<Record<string, CellType>> {
  return kind === 'lead' ? LEAD_FIELD_TYPES : COST_FIELD_TYPES;
}
