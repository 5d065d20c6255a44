import type { MessageTable } from '../table.ts';

/** User-facing text of the kpi area, English and French. */
export const kpiMessages = {
  'kpi.period.invalid': {
    en: 'I cannot read the period “{period}”. Try today, last-week, last-30d, mtd, 2026-10, 2026-Q3 or 2026-W05.',
    fr: 'Je ne comprends pas la période « {period} ». Essayez today, last-week, last-30d, mtd, 2026-10, 2026-Q3 ou 2026-W05.',
  },
  'kpi.query.unknown_metric': { en: 'Unknown metric “{metric}”.', fr: 'Indicateur inconnu « {metric} ».' },
  'kpi.query.unknown_dimension': {
    en: 'Unknown dimension “{dimension}”.',
    fr: 'Dimension inconnue « {dimension} ».',
  },
  'kpi.none': { en: '(none)', fr: '(aucun)' },
  'kpi.unit.day': { en: 'day', fr: 'jour' },
  'kpi.unit.days': { en: 'days', fr: 'jours' },
  'kpi.unit.points': { en: '{value} pts', fr: '{value} pts' },
  'kpi.na.no_leads': { en: 'no leads in the period', fr: 'aucun lead sur la période' },
  'kpi.na.no_valid': { en: 'no valid leads in the period', fr: 'aucun lead valide sur la période' },
  'kpi.na.no_mql': { en: 'no MQLs in the period', fr: 'aucun MQL sur la période' },
  'kpi.na.no_sql': { en: 'no SQLs in the period', fr: 'aucun SQL sur la période' },
  'kpi.na.no_customers': { en: 'no customers in the period', fr: 'aucun client sur la période' },
  'kpi.na.no_closed': {
    en: 'no deals won or lost in the period',
    fr: 'aucune affaire gagnée ou perdue sur la période',
  },
  'kpi.na.no_lost_data': {
    en: 'the data carries no lost dates, so the win rate cannot be computed',
    fr: 'les données ne comportent aucune date de perte : le taux de gain ne peut pas être calculé',
  },
  'kpi.na.no_spend': { en: 'no media spend in the period', fr: 'aucune dépense média sur la période' },
  'kpi.na.no_cost': { en: 'no cost in the period', fr: 'aucun coût sur la période' },
  'kpi.na.no_clicks': { en: 'no clicks in the period', fr: 'aucun clic sur la période' },
  'kpi.na.no_impressions': { en: 'no impressions in the period', fr: 'aucune impression sur la période' },
  'kpi.na.no_revenue': { en: 'no revenue in the period', fr: 'aucun chiffre d’affaires sur la période' },
  'kpi.na.zero_denominator': { en: 'division by zero', fr: 'division par zéro' },
  'kpi.na.no_cost_dimension': {
    en: 'spend is not recorded by this dimension',
    fr: 'les dépenses ne sont pas ventilées selon cette dimension',
  },
  'kpi.na.no_lead_dimension': {
    en: 'leads do not carry this dimension (an ad-platform breakdown such as age or placement)',
    fr: 'les leads ne portent pas cette dimension (une ventilation des plateformes publicitaires, comme l’âge ou l’emplacement)',
  },
  'kpi.na.clv_not_configured': {
    en: 'no CLV target configured and not enough data to compute it',
    fr: 'aucune CLV cible configurée et pas assez de données pour la calculer',
  },
  'kpi.na.not_requested': { en: 'not computed for this question', fr: 'non calculé pour cette question' },
  'kpi.na.not_applicable': { en: 'not applicable here', fr: 'sans objet ici' },
} as const satisfies MessageTable;
