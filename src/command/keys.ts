import type { TimeGrain } from '../kpi/query.ts';
import { DIMENSIONS, type Dimension, isDimension } from '../model/dimension.ts';
import { type Candidate, fold } from './suggest.ts';

/** The `key=` words of a query that are not dimensions. */
export type QueryKey = 'by' | 'period' | 'from' | 'to' | 'vs' | 'view' | 'sort' | 'order';

/** Folds a key: case, accents and separators ignored (`Group-By` → `groupby`, `période` → `periode`). */
export function keyFold(text: string): string {
  return fold(text).replace(/ /g, '');
}

const table = <T extends string>(entries: Record<string, T>): ReadonlyMap<string, T> =>
  new Map(Object.entries(entries));

const QUERY_KEYS = table<QueryKey>({
  by: 'by',
  par: 'by',
  group: 'by',
  groupby: 'by',
  breakdown: 'by',
  split: 'by',
  period: 'period',
  periode: 'period',
  p: 'period',
  date: 'period',
  when: 'period',
  quand: 'period',
  from: 'from',
  since: 'from',
  start: 'from',
  du: 'from',
  de: 'from',
  depuis: 'from',
  debut: 'from',
  to: 'to',
  until: 'to',
  end: 'to',
  au: 'to',
  jusqua: 'to',
  fin: 'to',
  vs: 'vs',
  compare: 'vs',
  comparer: 'vs',
  comparaison: 'vs',
  versus: 'vs',
  view: 'view',
  vue: 'view',
  mode: 'view',
  sort: 'sort',
  sortby: 'sort',
  orderby: 'sort',
  rank: 'sort',
  rankby: 'sort',
  tri: 'sort',
  trier: 'sort',
  triepar: 'sort',
  trierpar: 'sort',
  classer: 'sort',
  classement: 'sort',
  order: 'order',
  ordre: 'order',
  direction: 'order',
  sens: 'order',
});

const DIMENSION_KEYS = table<Dimension>({
  canal: 'channel',
  canaux: 'channel',
  medium: 'channel',
  utmmedium: 'channel',
  platform: 'source',
  plateforme: 'source',
  network: 'source',
  reseau: 'source',
  utmsource: 'source',
  campagne: 'campaign',
  utmcampaign: 'campaign',
  annonce: 'ad',
  creative: 'ad',
  creatif: 'ad',
  utmcontent: 'ad',
  // Ad set (Meta) and ad group (Google, Microsoft) are the `audience` dimension.
  adset: 'audience',
  ensembledepublicites: 'audience',
  adgroup: 'audience',
  groupedannonces: 'audience',
  ciblage: 'audience',
  formulaire: 'form',
  kw: 'keyword',
  motcle: 'keyword',
  term: 'keyword',
  utmterm: 'keyword',
  rep: 'owner',
  salesrep: 'owner',
  proprietaire: 'owner',
  commercial: 'owner',
  produit: 'product',
  pays: 'country',
  geo: 'country',
  agegroup: 'age',
  agerange: 'age',
  tranchedage: 'age',
  sex: 'gender',
  sexe: 'gender',
  genre: 'gender',
  appareil: 'device',
  devicetype: 'device',
  impressiondevice: 'device',
  deviceplatform: 'device',
  emplacement: 'placement',
  hourofday: 'hour',
  timeofday: 'hour',
  heure: 'hour',
});

const GRAINS = table<TimeGrain>({
  day: 'day',
  daily: 'day',
  jour: 'day',
  quotidien: 'day',
  week: 'week',
  weekly: 'week',
  semaine: 'week',
  hebdo: 'week',
  month: 'month',
  monthly: 'month',
  mois: 'month',
  mensuel: 'month',
});

/** `s`, `x` plural endings: `campaigns`, `campagnes`, `canaux` (listed), `days`. */
function singular(key: string): string[] {
  return key.length > 3 && /[sx]$/.test(key) ? [key, key.slice(0, -1)] : [key];
}

export function lookupQueryKey(text: string): QueryKey | null {
  return QUERY_KEYS.get(keyFold(text)) ?? null;
}

export function lookupDimension(text: string): Dimension | null {
  for (const key of singular(keyFold(text))) {
    if (isDimension(key)) return key;
    const alias = DIMENSION_KEYS.get(key);
    if (alias) return alias;
  }
  return null;
}

export function lookupGrain(text: string): TimeGrain | null {
  for (const key of singular(keyFold(text))) {
    const grain = GRAINS.get(key);
    if (grain) return grain;
  }
  return null;
}

/** Dimensions and their aliases, to suggest from. */
export function dimensionCandidates(withGrains: boolean): Candidate[] {
  const out: Candidate[] = DIMENSIONS.map((d) => ({ folded: fold(d), label: d }));
  for (const [alias, d] of DIMENSION_KEYS) out.push({ folded: alias, label: d });
  if (withGrains) for (const grain of ['day', 'week', 'month']) out.push({ folded: grain, label: grain });
  return out;
}

/** Every key a query accepts (query keys and dimensions), to suggest from. */
export function keyCandidates(): Candidate[] {
  const out = dimensionCandidates(false);
  for (const key of ['by', 'period', 'from', 'to', 'vs', 'view', 'sort', 'order']) {
    out.push({ folded: key, label: key });
  }
  return out;
}
