import type { MetricSpec } from './catalogue.ts';
import type { MetricId } from './query.ts';

type MoneyId = Exclude<
  MetricId,
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
  | 'cycle'
>;

const spendSum = {
  unit: 'money',
  good: 'neutral',
  revenueSensitive: false,
  rate: false,
  volume: null,
  costBased: true,
} as const;
const reach = {
  unit: 'count',
  good: 'up',
  revenueSensitive: false,
  rate: false,
  volume: null,
  costBased: true,
} as const;
const costPer = {
  unit: 'money',
  good: 'down',
  revenueSensitive: false,
  rate: true,
  costBased: true,
} as const;
const rev = { unit: 'money', good: 'up', revenueSensitive: true, costBased: false } as const;

/** Cost, reach and revenue metrics (SPEC section 3; seeds 000–004). */
export const MONEY_METRICS: Record<MoneyId, MetricSpec> = {
  spend: {
    ...spendSum,
    name: { en: 'Spend', fr: 'Dépenses' },
    short: { en: 'Spend', fr: 'Dépenses' },
    help: { en: 'Media cost in the period.', fr: 'Coût média sur la période.' },
    formula: { en: 'sum of media cost in P', fr: 'somme des coûts média sur P' },
    inputs: [],
    aliases: ['ad spend', 'media spend', 'depenses', 'depense', 'budget depense', 'media'],
  },
  cost: {
    ...spendSum,
    name: { en: 'Cost', fr: 'Coût total' },
    short: { en: 'Cost', fr: 'Coût' },
    help: {
      en: 'All costs in the period (media, sales, tooling, other).',
      fr: 'Tous les coûts de la période (média, vente, outils, autres).',
    },
    formula: { en: 'sum of all cost kinds in P', fr: 'somme de tous les coûts sur P' },
    inputs: [],
    aliases: ['costs', 'total cost', 'cout', 'couts', 'cout total'],
  },
  impressions: {
    ...reach,
    name: { en: 'Impressions', fr: 'Impressions' },
    short: { en: 'Impr.', fr: 'Impr.' },
    help: { en: 'Ad impressions in the period.', fr: 'Impressions publicitaires sur la période.' },
    formula: { en: 'sum of impressions in P', fr: 'somme des impressions sur P' },
    inputs: [],
    aliases: ['impr', 'views', 'vues'],
  },
  clicks: {
    ...reach,
    name: { en: 'Clicks', fr: 'Clics' },
    short: { en: 'Clicks', fr: 'Clics' },
    help: { en: 'Ad clicks in the period.', fr: 'Clics sur les annonces sur la période.' },
    formula: { en: 'sum of clicks in P', fr: 'somme des clics sur P' },
    inputs: [],
    aliases: ['click', 'clics', 'clic'],
  },
  ctr: {
    unit: 'percent',
    good: 'up',
    revenueSensitive: false,
    rate: true,
    volume: 'impressions',
    costBased: true,
    name: { en: 'Click-through rate', fr: 'Taux de clic' },
    short: { en: 'CTR', fr: 'CTR' },
    help: { en: 'Share of impressions that were clicked.', fr: 'Part des impressions ayant reçu un clic.' },
    formula: { en: 'clicks / impressions × 100', fr: 'clics / impressions × 100' },
    inputs: ['clicks', 'impressions'],
    aliases: ['click through rate', 'taux de clic', 'taux de clics'],
  },
  cpc: {
    ...costPer,
    volume: 'clicks',
    name: { en: 'Cost per click', fr: 'Coût par clic' },
    short: { en: 'CPC', fr: 'CPC' },
    help: { en: 'Media spend divided by clicks.', fr: 'Dépenses média divisées par les clics.' },
    formula: { en: 'spend / clicks', fr: 'dépenses / clics' },
    inputs: ['spend', 'clicks'],
    aliases: ['cost per click', 'cout par clic'],
  },
  cpm: {
    ...costPer,
    volume: 'impressions',
    name: { en: 'Cost per mille', fr: 'Coût pour mille' },
    short: { en: 'CPM', fr: 'CPM' },
    help: { en: 'Media spend per thousand impressions.', fr: 'Dépenses média pour mille impressions.' },
    formula: { en: 'spend / impressions × 1000', fr: 'dépenses / impressions × 1000' },
    inputs: ['spend', 'impressions'],
    aliases: ['cost per mille', 'cost per thousand', 'cout pour mille', 'cout par mille'],
  },
  cpl: {
    ...costPer,
    volume: 'leads',
    name: { en: 'Cost per lead', fr: 'Coût par lead' },
    short: { en: 'CPL', fr: 'CPL' },
    help: {
      en: 'Media spend divided by leads (10 000 € / 200 = 50 €).',
      fr: 'Dépenses média divisées par les leads (10 000 € / 200 = 50 €).',
    },
    formula: { en: 'spend / leads', fr: 'dépenses / leads' },
    inputs: ['spend', 'leads'],
    aliases: ['cost per lead', 'cout par lead', 'cout par prospect', 'cost/lead'],
  },
  cost_per_mql: {
    ...costPer,
    volume: 'mql',
    name: { en: 'Cost per MQL', fr: 'Coût par MQL' },
    short: { en: 'Cost/MQL', fr: 'Coût/MQL' },
    help: { en: 'Media spend divided by MQLs.', fr: 'Dépenses média divisées par les MQL.' },
    formula: { en: 'spend / MQL', fr: 'dépenses / MQL' },
    inputs: ['spend', 'mql'],
    aliases: ['cpmql', 'cost per mql', 'cout par mql'],
  },
  cost_per_sql: {
    ...costPer,
    volume: 'sql',
    name: { en: 'Cost per SQL', fr: 'Coût par SQL' },
    short: { en: 'Cost/SQL', fr: 'Coût/SQL' },
    help: { en: 'Media spend divided by SQLs.', fr: 'Dépenses média divisées par les SQL.' },
    formula: { en: 'spend / SQL', fr: 'dépenses / SQL' },
    inputs: ['spend', 'sql'],
    aliases: ['cpsql', 'cost per sql', 'cout par sql'],
  },
  cpa: {
    ...costPer,
    volume: 'customers',
    name: { en: 'Cost per acquisition', fr: 'Coût par acquisition' },
    short: { en: 'CPA', fr: 'CPA' },
    help: { en: 'Media spend divided by customers.', fr: 'Dépenses média divisées par les clients.' },
    formula: { en: 'spend / customers', fr: 'dépenses / clients' },
    inputs: ['spend', 'customers'],
    aliases: ['cost per acquisition', 'cost per sale', 'cout par acquisition', 'cout par vente'],
  },
  cac: {
    ...costPer,
    volume: 'customers',
    name: { en: 'Customer acquisition cost', fr: 'Coût d’acquisition client' },
    short: { en: 'CAC', fr: 'CAC' },
    help: {
      en: 'All acquisition cost (media + sales + tooling) per new customer; equals CPA when only media cost is known.',
      fr: 'Coût d’acquisition total (média + vente + outils) par nouveau client ; égal au CPA si seul le média est connu.',
    },
    formula: {
      en: '(media + sales + tooling cost) / customers',
      fr: '(coûts média + vente + outils) / clients',
    },
    inputs: ['cost', 'customers'],
    aliases: ['customer acquisition cost', 'cout d acquisition client', 'cout acquisition client', 'coca'],
  },
  revenue: {
    ...rev,
    rate: false,
    volume: null,
    name: { en: 'Revenue', fr: 'Chiffre d’affaires' },
    short: { en: 'Revenue', fr: 'CA' },
    help: {
      en: 'Won amount of customers won in the period.',
      fr: 'Montant gagné des clients gagnés sur la période.',
    },
    formula: { en: 'sum of amount with customerAt in P', fr: 'somme des montants avec customerAt sur P' },
    inputs: ['customers'],
    aliases: ['sales revenue', 'ca', 'chiffre d affaires', 'recettes', 'revenu', 'revenus', 'turnover'],
  },
  aov: {
    ...rev,
    rate: true,
    volume: 'customers',
    name: { en: 'Average revenue per sale', fr: 'Revenu moyen par vente' },
    short: { en: 'AOV', fr: 'Panier moyen' },
    help: {
      en: 'Revenue divided by sales (average deal size).',
      fr: 'Chiffre d’affaires divisé par les ventes (taille moyenne des affaires).',
    },
    formula: { en: 'revenue / customers', fr: 'chiffre d’affaires / clients' },
    inputs: ['revenue', 'customers'],
    aliases: [
      'average order value',
      'deal size',
      'average deal size',
      'panier moyen',
      'revenu moyen par vente',
      'taille moyenne des transactions',
    ],
  },
  arpc: {
    ...rev,
    rate: true,
    volume: 'customers',
    name: { en: 'Average revenue per customer', fr: 'Revenu moyen par client' },
    short: { en: 'ARPC', fr: 'CA/client' },
    help: {
      en: 'Revenue divided by distinct customers.',
      fr: 'Chiffre d’affaires divisé par les clients distincts.',
    },
    formula: { en: 'revenue / distinct customers', fr: 'chiffre d’affaires / clients distincts' },
    inputs: ['revenue', 'customers'],
    aliases: ['average revenue per customer', 'revenu moyen par client', 'arpu'],
  },
  rpl: {
    ...rev,
    rate: true,
    volume: 'leads',
    name: { en: 'Revenue per lead', fr: 'Revenu par lead' },
    short: { en: 'Rev./lead', fr: 'CA/lead' },
    help: { en: 'Revenue divided by leads.', fr: 'Chiffre d’affaires divisé par les leads.' },
    formula: { en: 'revenue / leads', fr: 'chiffre d’affaires / leads' },
    inputs: ['revenue', 'leads'],
    aliases: ['revenue per lead', 'revenu par lead', 'revenu genere par lead'],
  },
  npl: {
    ...rev,
    rate: true,
    volume: 'leads',
    costBased: true,
    name: { en: 'Net profit per lead', fr: 'Rentabilité nette par lead' },
    short: { en: 'Profit/lead', fr: 'Marge/lead' },
    help: { en: 'Revenue per lead minus cost per lead.', fr: 'Revenu par lead moins coût par lead.' },
    formula: { en: 'rpl − cpl', fr: 'revenu par lead − CPL' },
    inputs: ['rpl', 'cpl'],
    aliases: ['net profit per lead', 'rentabilite nette par lead', 'profit per lead'],
  },
  profit: {
    ...rev,
    rate: false,
    volume: null,
    costBased: true,
    name: { en: 'Profit', fr: 'Profit' },
    short: { en: 'Profit', fr: 'Profit' },
    help: { en: 'Revenue minus all cost.', fr: 'Chiffre d’affaires moins tous les coûts.' },
    formula: { en: 'revenue − cost', fr: 'chiffre d’affaires − coût' },
    inputs: ['revenue', 'cost'],
    aliases: ['margin', 'benefice', 'marge', 'gain'],
  },
  roi: {
    ...rev,
    unit: 'percent',
    rate: true,
    volume: 'customers',
    costBased: true,
    name: { en: 'Return on investment', fr: 'Retour sur investissement' },
    short: { en: 'ROI', fr: 'ROI' },
    help: {
      en: '(Revenue − cost) / cost (5 000 € → 20 000 € = 300 %).',
      fr: '(Recettes − coût) / coût (5 000 € → 20 000 € = 300 %).',
    },
    formula: { en: '(revenue − cost) / cost × 100', fr: '(recettes − coût) / coût × 100' },
    inputs: ['revenue', 'cost'],
    aliases: ['return on investment', 'retour sur investissement', 'rsi'],
  },
  clv: {
    ...rev,
    rate: false,
    volume: null,
    name: { en: 'Customer lifetime value', fr: 'Valeur vie client' },
    short: { en: 'CLV', fr: 'CLV' },
    help: {
      en: 'Configured target, or average order value × purchase frequency × lifetime, or arpc × margin / churn.',
      fr: 'Cible configurée, ou panier moyen × fréquence d’achat × durée de vie, ou revenu moyen par client × marge / attrition.',
    },
    formula: {
      en: 'target | aov × frequency × lifetime | arpc × margin / churn',
      fr: 'cible | panier × fréquence × durée | arpc × marge / attrition',
    },
    inputs: ['aov', 'arpc'],
    aliases: [
      'ltv',
      'cltv',
      'lifetime value',
      'customer lifetime value',
      'valeur vie client',
      'valeur de la duree de vie du client',
    ],
  },
  ltv_cac: {
    ...rev,
    unit: 'ratio',
    rate: true,
    volume: 'customers',
    costBased: true,
    name: { en: 'LTV:CAC', fr: 'LTV:CAC' },
    short: { en: 'LTV:CAC', fr: 'LTV:CAC' },
    help: {
      en: 'Lifetime value over acquisition cost, against a target ratio (3 by default).',
      fr: 'Valeur vie client sur coût d’acquisition, face à un ratio cible (3 par défaut).',
    },
    formula: { en: 'clv / cac', fr: 'CLV / CAC' },
    inputs: ['clv', 'cac'],
    aliases: [
      'ltv:cac',
      'ltv/cac',
      'ltv cac',
      'clv:cac',
      'clv/cac',
      'clv cac',
      'ltv to cac',
      'ratio ltv cac',
    ],
  },
  pipeline: {
    ...rev,
    rate: false,
    volume: null,
    name: { en: 'Marketing-sourced pipeline', fr: 'Pipeline d’origine marketing' },
    short: { en: 'Pipeline', fr: 'Pipeline' },
    help: {
      en: 'Open opportunity value of marketing-channel leads whose opportunity opened in the period.',
      fr: 'Valeur des opportunités ouvertes des leads marketing dont l’opportunité s’est ouverte sur la période.',
    },
    formula: {
      en: 'sum of open pipelineAmount, marketing channels',
      fr: 'somme des pipelineAmount ouverts, canaux marketing',
    },
    inputs: [],
    aliases: ['marketing pipeline', 'pipe', 'pipeline marketing', 'marketing sourced pipeline'],
  },
  contribution: {
    ...rev,
    unit: 'percent',
    good: 'neutral',
    rate: false,
    volume: null,
    name: { en: 'Revenue contribution', fr: 'Contribution au chiffre d’affaires' },
    short: { en: 'Rev. share', fr: 'Part du CA' },
    help: {
      en: 'Share of total revenue brought by each group.',
      fr: 'Part du chiffre d’affaires total apportée par chaque groupe.',
    },
    formula: { en: 'group revenue / total revenue × 100', fr: 'CA du groupe / CA total × 100' },
    inputs: ['revenue'],
    aliases: ['revenue share', 'share of revenue', 'part du ca', 'contribution au ca'],
  },
};
