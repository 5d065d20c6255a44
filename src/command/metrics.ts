import { FUNNEL, findMetric, metricVocabulary } from '../kpi/catalogue.ts';
import { METRIC_IDS, type MetricId } from '../kpi/query.ts';
import { type Candidate, fold } from './suggest.ts';

/** `funnel`: the stage counts and conversions, as the engine's catalogue defines it. */
export const FUNNEL_METRICS: readonly MetricId[] = FUNNEL;

/** Headline numbers answered when the text names filters or a breakdown but no metric. */
export const DEFAULT_METRICS: readonly MetricId[] = ['leads', 'spend', 'cpl', 'customers', 'cac'];

const FUNNEL_WORDS: readonly string[] = ['funnel', 'entonnoir', 'tunnel'];

// Spellings people type, English and French, on top of the catalogue's names and aliases.
// Compared after `metricKey()` folding, so `ltv:cac`, `LTV/CAC` and `ltv-cac` are one spelling.
const ALIASES: ReadonlyMap<string, MetricId> = new Map(
  Object.entries({
    lead: 'leads',
    prospects: 'leads',
    contacts: 'leads',
    valid_leads: 'valid',
    valides: 'valid',
    leads_valides: 'valid',
    validity: 'valid_rate',
    taux_validite: 'valid_rate',
    mqls: 'mql',
    sqls: 'sql',
    activation: 'activations',
    signups: 'activations',
    sign_ups: 'activations',
    trials: 'activations',
    inscriptions: 'activations',
    essais: 'activations',
    customer: 'customers',
    clients: 'customers',
    sales: 'customers',
    ventes: 'customers',
    conversions: 'customers',
    won: 'customers',
    conversion: 'conv',
    conversion_rate: 'conv',
    taux_conversion: 'conv',
    taux_de_conversion: 'conv',
    lead_valid: 'lead_to_valid',
    valid_mql: 'valid_to_mql',
    mql_sql: 'mql_to_sql',
    sql_customer: 'sql_to_customer',
    sql_customers: 'sql_to_customer',
    win_rate: 'winrate',
    taux_de_gain: 'winrate',
    lead_to_customer: 'l2c',
    media_spend: 'spend',
    depenses: 'spend',
    budget: 'spend',
    couts: 'cost',
    total_cost: 'cost',
    cout: 'cost',
    impr: 'impressions',
    clics: 'clicks',
    cost_per_lead: 'cpl',
    cout_par_lead: 'cpl',
    cpmql: 'cost_per_mql',
    cout_par_mql: 'cost_per_mql',
    cpsql: 'cost_per_sql',
    cout_par_sql: 'cost_per_sql',
    cost_per_acquisition: 'cpa',
    cout_par_acquisition: 'cpa',
    customer_acquisition_cost: 'cac',
    cout_acquisition_client: 'cac',
    ca: 'revenue',
    chiffre_affaires: 'revenue',
    chiffre_d_affaires: 'revenue',
    revenu: 'revenue',
    revenus: 'revenue',
    deal_size: 'aov',
    panier_moyen: 'aov',
    revenue_per_lead: 'rpl',
    net_profit_per_lead: 'npl',
    marge: 'profit',
    benefice: 'profit',
    ltv: 'clv',
    lifetime_value: 'clv',
    customer_lifetime_value: 'clv',
    valeur_vie_client: 'clv',
    ltv_to_cac: 'ltv_cac',
    clv_cac: 'ltv_cac',
    ltvcac: 'ltv_cac',
    time_to_convert: 'cycle',
    sales_cycle: 'cycle',
    cycle_de_vente: 'cycle',
    delai: 'cycle',
    contrib: 'contribution',
  } satisfies Record<string, MetricId>),
);

/** Folds a metric spelling: `LTV:CAC` → `ltv_cac`, `Coût par lead` → `cout_par_lead`. */
export function metricKey(text: string): string {
  return fold(text).replace(/ /g, '_');
}

/** The metric a token names, or null. */
export function lookupMetric(token: string): MetricId | null {
  const key = metricKey(token);
  if ((METRIC_IDS as readonly string[]).includes(key)) return key as MetricId;
  // A Map, not an object literal: a token such as `constructor` must not hit the prototype.
  return findMetric(token) ?? ALIASES.get(key) ?? null;
}

export function isFunnelWord(token: string): boolean {
  return FUNNEL_WORDS.includes(metricKey(token));
}

/** Metric ids (and `funnel`) to suggest from. */
export function metricCandidates(): Candidate[] {
  const ids = [...METRIC_IDS, 'funnel'];
  const candidates: Candidate[] = ids.map((id) => ({ folded: fold(id), label: id }));
  for (const [folded, id] of metricVocabulary()) candidates.push({ folded, label: id });
  for (const [alias, id] of ALIASES) candidates.push({ folded: fold(alias), label: id });
  return candidates;
}
