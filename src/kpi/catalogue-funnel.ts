import type { MetricSpec } from './catalogue.ts';

type FunnelId =
  | 'leads'
  | 'valid'
  | 'valid_rate'
  | 'mql'
  | 'sql'
  | 'activations'
  | 'customers'
  | 'conv'
  | 'lead_to_valid'
  | 'valid_to_mql'
  | 'mql_to_sql'
  | 'sql_to_customer'
  | 'winrate'
  | 'l2c'
  | 'cycle';

const count = {
  unit: 'count',
  good: 'up',
  revenueSensitive: false,
  rate: false,
  volume: null,
  costBased: false,
} as const;
const pct = { unit: 'percent', good: 'up', revenueSensitive: false, rate: true, costBased: false } as const;

/** Volume and funnel metrics (SPEC section 3; seeds 000, 001, 002, 004). */
export const FUNNEL_METRICS: Record<FunnelId, MetricSpec> = {
  leads: {
    ...count,
    name: { en: 'Leads', fr: 'Leads' },
    short: { en: 'Leads', fr: 'Leads' },
    help: { en: 'Leads created in the period.', fr: 'Leads créés sur la période.' },
    formula: { en: 'leads created in P', fr: 'leads créés sur P' },
    inputs: [],
    aliases: ['lead', 'prospects', 'prospect', 'pistes', 'lead count', 'nombre de leads'],
  },
  valid: {
    ...count,
    name: { en: 'Valid leads', fr: 'Leads valides' },
    short: { en: 'Valid', fr: 'Valides' },
    help: {
      en: 'Leads created in the period with a valid email or phone.',
      fr: 'Leads créés sur la période avec un e-mail ou un téléphone valide.',
    },
    formula: {
      en: 'leads in P with a valid email or phone',
      fr: 'leads de P avec e-mail ou téléphone valide',
    },
    inputs: ['leads'],
    aliases: ['valid leads', 'leads valides', 'valides'],
  },
  valid_rate: {
    ...pct,
    volume: 'leads',
    name: { en: 'Valid rate', fr: 'Taux de leads valides' },
    short: { en: 'Valid %', fr: '% valides' },
    help: { en: 'Share of leads with valid contact details.', fr: 'Part des leads aux coordonnées valides.' },
    formula: { en: 'valid / leads × 100', fr: 'valides / leads × 100' },
    inputs: ['valid', 'leads'],
    aliases: ['validity', 'valid share', 'taux de validite', 'taux valides'],
  },
  mql: {
    ...count,
    name: { en: 'MQLs', fr: 'MQL' },
    short: { en: 'MQL', fr: 'MQL' },
    help: {
      en: 'Marketing-qualified leads (mqlAt in the period).',
      fr: 'Leads qualifiés marketing (mqlAt sur la période).',
    },
    formula: { en: 'leads with mqlAt in P', fr: 'leads avec mqlAt sur P' },
    inputs: [],
    aliases: ['mqls', 'marketing qualified leads', 'leads qualifies marketing'],
  },
  sql: {
    ...count,
    name: { en: 'SQLs', fr: 'SQL' },
    short: { en: 'SQL', fr: 'SQL' },
    help: {
      en: 'Sales-qualified leads (sqlAt in the period).',
      fr: 'Leads qualifiés vente (sqlAt sur la période).',
    },
    formula: { en: 'leads with sqlAt in P', fr: 'leads avec sqlAt sur P' },
    inputs: [],
    aliases: ['sqls', 'sales qualified leads', 'leads qualifies vente'],
  },
  activations: {
    ...count,
    name: { en: 'Activations', fr: 'Actions' },
    short: { en: 'Activations', fr: 'Actions' },
    help: {
      en: 'Sign-ups, trials and other actions in the period.',
      fr: 'Inscriptions, essais et autres actions sur la période.',
    },
    formula: { en: 'leads with activatedAt in P', fr: 'leads avec activatedAt sur P' },
    inputs: [],
    aliases: ['activation', 'actions', 'signups', 'sign ups', 'trials', 'inscriptions', 'essais'],
  },
  customers: {
    ...count,
    name: { en: 'Customers', fr: 'Clients' },
    short: { en: 'Customers', fr: 'Clients' },
    help: {
      en: 'Conversions / sales won in the period.',
      fr: 'Conversions / ventes gagnées sur la période.',
    },
    formula: { en: 'leads with customerAt in P', fr: 'leads avec customerAt sur P' },
    inputs: [],
    // Not "conversions": that word names the ad platforms' count (metric `conversions`).
    aliases: ['customer', 'sales', 'won', 'ventes', 'clients', 'client', 'deals won'],
  },
  conv: {
    ...pct,
    volume: 'leads',
    name: { en: 'Lead conversion rate', fr: 'Taux de conversion des leads' },
    short: { en: 'Conv. %', fr: '% conv.' },
    help: {
      en: 'Share of leads that became customers (35 / 150 = 23.3 %).',
      fr: 'Part des leads devenus clients (35 / 150 = 23,3 %).',
    },
    formula: { en: 'customers / leads × 100', fr: 'clients / leads × 100' },
    inputs: ['customers', 'leads'],
    aliases: ['conversion', 'conversion rate', 'lead conversion', 'taux de conversion', 'cr', 'conv rate'],
  },
  lead_to_valid: {
    ...pct,
    volume: 'leads',
    name: { en: 'Lead → valid', fr: 'Lead → valide' },
    short: { en: 'Lead → valid', fr: 'Lead → valide' },
    help: {
      en: 'Stage conversion from lead to valid lead.',
      fr: 'Conversion de l’étape lead vers lead valide.',
    },
    formula: { en: 'valid / leads × 100', fr: 'valides / leads × 100' },
    inputs: ['valid', 'leads'],
    aliases: ['lead to valid', 'lead valid'],
  },
  valid_to_mql: {
    ...pct,
    volume: 'valid',
    name: { en: 'Valid → MQL', fr: 'Valide → MQL' },
    short: { en: 'Valid → MQL', fr: 'Valide → MQL' },
    help: {
      en: 'Stage conversion from valid lead to MQL.',
      fr: 'Conversion de l’étape lead valide vers MQL.',
    },
    formula: { en: 'MQL / valid × 100', fr: 'MQL / valides × 100' },
    inputs: ['mql', 'valid'],
    aliases: ['valid to mql', 'valid mql'],
  },
  mql_to_sql: {
    ...pct,
    volume: 'mql',
    name: { en: 'MQL → SQL', fr: 'MQL → SQL' },
    short: { en: 'MQL → SQL', fr: 'MQL → SQL' },
    help: { en: 'Stage conversion from MQL to SQL.', fr: 'Conversion de l’étape MQL vers SQL.' },
    formula: { en: 'SQL / MQL × 100', fr: 'SQL / MQL × 100' },
    inputs: ['sql', 'mql'],
    aliases: ['mql to sql', 'mql sql'],
  },
  sql_to_customer: {
    ...pct,
    volume: 'sql',
    name: { en: 'SQL → customer', fr: 'SQL → client' },
    short: { en: 'SQL → cust.', fr: 'SQL → client' },
    help: { en: 'Stage conversion from SQL to customer.', fr: 'Conversion de l’étape SQL vers client.' },
    formula: { en: 'customers / SQL × 100', fr: 'clients / SQL × 100' },
    inputs: ['customers', 'sql'],
    aliases: ['sql to customer', 'sql customer', 'sql to client', 'sql client'],
  },
  winrate: {
    ...pct,
    volume: 'customers',
    name: { en: 'Win rate', fr: 'Taux de réussite' },
    short: { en: 'Win rate', fr: '% gagnées' },
    help: {
      en: 'Deals won among deals closed (won or lost).',
      fr: 'Affaires gagnées parmi les affaires conclues (gagnées ou perdues).',
    },
    formula: { en: 'won / (won + lost) × 100', fr: 'gagnées / (gagnées + perdues) × 100' },
    inputs: ['customers'],
    aliases: ['win rate', 'win ratio', 'taux de reussite', 'taux de closing', 'closing rate'],
  },
  l2c: {
    unit: 'ratio',
    good: 'down',
    revenueSensitive: false,
    rate: true,
    volume: 'customers',
    costBased: false,
    name: { en: 'Lead-to-customer ratio', fr: 'Ratio leads / client' },
    short: { en: 'Leads/cust.', fr: 'Leads/client' },
    help: {
      en: 'How many leads it takes to win one customer.',
      fr: 'Combien de leads il faut pour gagner un client.',
    },
    formula: { en: 'leads / customers', fr: 'leads / clients' },
    inputs: ['leads', 'customers'],
    aliases: ['lead to customer', 'leads per customer', 'lead to customer ratio', 'leads par client'],
  },
  cycle: {
    unit: 'days',
    good: 'down',
    revenueSensitive: false,
    rate: true,
    volume: 'customers',
    costBased: false,
    name: { en: 'Time to convert', fr: 'Délai de conversion' },
    short: { en: 'Time to win', fr: 'Délai' },
    help: {
      en: 'Median days from lead creation to the win, for customers won in the period (mean shown too).',
      fr: 'Médiane des jours entre la création du lead et la vente, pour les clients gagnés sur la période (moyenne aussi).',
    },
    formula: { en: 'median(customerAt − createdAt) in days', fr: 'médiane(customerAt − createdAt) en jours' },
    inputs: ['customers'],
    aliases: ['time to convert', 'sales cycle', 'cycle de vente', 'delai de conversion', 'time to close'],
  },
};
