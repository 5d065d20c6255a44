import type { MessageTable } from '../table.ts';

/** User-facing text of the digest area, English and French. */
export const digestMessages = {
  'digest.step.leads': { en: 'Leads', fr: 'Leads' },
  'digest.step.valid': { en: 'Valid leads', fr: 'Leads valides' },
  'digest.step.mql': { en: 'MQLs', fr: 'MQL' },
  'digest.step.sql': { en: 'SQLs', fr: 'SQL' },
  'digest.step.customers': { en: 'Customers', fr: 'Clients' },
  'digest.chart.title': { en: 'Weekly digest {week}', fr: 'Bilan hebdomadaire {week}' },
  'digest.chart.funnel': { en: 'Funnel this week', fr: 'Entonnoir de la semaine' },
  'digest.chart.trend': { en: 'Last 8 weeks', fr: '8 dernières semaines' },
  'digest.chart.weekShort': { en: 'W{week}', fr: 'S{week}' },
  'digest.chart.alt': {
    en: 'Funnel of week {week} and the 8-week trend of leads, MQLs, SQLs and customers',
    fr: 'Entonnoir de la semaine {week} et tendance sur 8 semaines des leads, MQL, SQL et clients',
  },

  'digest.metric.leads': { en: 'Leads', fr: 'Leads' },
  'digest.metric.mql': { en: 'MQLs', fr: 'MQL' },
  'digest.metric.sql': { en: 'SQLs', fr: 'SQL' },
  'digest.metric.customers': { en: 'Customers', fr: 'Clients' },
  'digest.metric.spend': { en: 'Spend', fr: 'Dépenses' },
  'digest.metric.revenue': { en: 'Revenue', fr: "Chiffre d'affaires" },
  'digest.metric.cpl': { en: 'CPL', fr: 'CPL' },
  'digest.metric.cac': { en: 'CAC', fr: 'CAC' },
  'digest.metric.roi': { en: 'ROI', fr: 'ROI' },
  'digest.metric.ltv_cac': { en: 'LTV:CAC', fr: 'LTV:CAC' },

  'digest.stage.lead_to_valid': { en: 'Lead → valid', fr: 'Lead → valide' },
  'digest.stage.valid_to_mql': { en: 'Valid → MQL', fr: 'Valide → MQL' },
  'digest.stage.mql_to_sql': { en: 'MQL → SQL', fr: 'MQL → SQL' },
  'digest.stage.sql_to_customer': { en: 'SQL → customer', fr: 'SQL → client' },

  'digest.title': {
    en: 'Weekly digest · {week} ({from} → {to})',
    fr: 'Bilan hebdo · {week} ({from} → {to})',
  },
  'digest.attention': { en: 'Needs attention', fr: 'À surveiller' },
  'digest.nothingNotable': {
    en: 'Nothing notable this week: no significant drop, CAC within target, data fresh.',
    fr: 'Rien à signaler cette semaine : aucune baisse significative, CAC dans la cible, données à jour.',
  },
  'digest.moreInThread': { en: '…and {count} more in the thread', fr: '…et {count} de plus dans le fil' },
  'digest.context': {
    en: 'Compared with the previous week and the {weeks}-week baseline. Details in the thread.',
    fr: 'Comparé à la semaine précédente et à la moyenne des {weeks} semaines d’avant. Détails dans le fil.',
  },
  'digest.partial': {
    en: 'This week is not over yet: its numbers are partial and nothing is judged.',
    fr: 'Cette semaine n’est pas terminée : ses chiffres sont partiels et rien n’est jugé.',
  },
  'digest.vsPrevious': { en: 'vs prev. week', fr: 'vs sem. préc.' },
  'digest.baseline': { en: 'baseline {value}', fr: 'référence {value}' },
  'digest.stale': { en: 'stale source', fr: 'source périmée' },
  'digest.summaryFallback': {
    en: 'Weekly digest {week}: {count} item(s) need attention',
    fr: 'Bilan hebdo {week} : {count} point(s) à surveiller',
  },
  'digest.summaryFallbackNone': {
    en: 'Weekly digest {week}: nothing notable this week',
    fr: 'Bilan hebdo {week} : rien à signaler cette semaine',
  },
  'digest.detailsFallback': { en: 'Weekly digest {week}: details', fr: 'Bilan hebdo {week} : détails' },

  'digest.against.previous': { en: 'the previous week', fr: 'la semaine précédente' },
  'digest.against.baseline': { en: 'the {weeks}-week baseline', fr: 'la référence sur {weeks} semaines' },
  'digest.flag.stageDrop': {
    en: '{stage} conversion {lag} fell to {rate} from {reference} ({relative} vs {against}; {p}; n = {volume})',
    fr: 'La conversion {stage} {lag} est tombée à {rate} contre {reference} ({relative} vs {against} ; {p} ; n = {volume})',
  },
  'digest.flag.cacOverall': {
    en: 'CAC {cac} is above CLV / {target} = {maxCac} (LTV:CAC {ratio})',
    fr: 'Le CAC de {cac} dépasse CLV / {target} = {maxCac} (LTV:CAC {ratio})',
  },
  'digest.flag.cacChannel': {
    en: 'Channel {key}: CAC {cac} is above CLV / {target} = {maxCac} (LTV:CAC {ratio})',
    fr: 'Canal {key} : le CAC de {cac} dépasse CLV / {target} = {maxCac} (LTV:CAC {ratio})',
  },
  'digest.flag.cacCampaign': {
    en: 'Campaign {key}: CAC {cac} is above CLV / {target} = {maxCac} (LTV:CAC {ratio})',
    fr: 'Campagne {key} : le CAC de {cac} dépasse CLV / {target} = {maxCac} (LTV:CAC {ratio})',
  },
  'digest.flag.stale': {
    en: 'Source {origin} not refreshed for {hours} h: the numbers built on it are marked stale, not judged',
    fr: 'Source {origin} non actualisée depuis {hours} h : les chiffres qui en dépendent sont marqués périmés, pas jugés',
  },
  'digest.flag.dataEnds': {
    en: 'No {side} after {day} in {origin}: the week’s numbers built on it are n/a or not compared, not judged',
    fr: 'Pas de {side} après le {day} dans {origin} : les chiffres de la semaine qui en dépendent sont n/a ou non comparés, pas jugés',
  },
  'digest.flag.staleNever': {
    en: 'Source {origin} has never been imported: the numbers built on it are marked stale, not judged',
    fr: 'Source {origin} jamais importée : les chiffres qui en dépendent sont marqués périmés, pas jugés',
  },
  'digest.flag.unattributed': {
    en: '{leads} lead(s) and {spend} of spend could not be matched to a campaign',
    fr: '{leads} lead(s) et {spend} de dépenses ne correspondent à aucune campagne',
  },
  'digest.flag.invalid': {
    en: '{share} of the week’s leads are invalid ({invalid} of {leads})',
    fr: '{share} des leads de la semaine sont invalides ({invalid} sur {leads})',
  },

  'digest.section.stages': { en: 'Funnel stage conversions', fr: 'Conversions par étape' },
  'digest.stageLine': {
    en: '{stage}: {rate} {lag} (prev. {previous}, baseline {baseline}), n = {volume}',
    fr: '{stage} : {rate} {lag} (préc. {previous}, référence {baseline}), n = {volume}',
  },
  // One day and several take different words: the renderer picks the key (like kpi.unit.day/days).
  'digest.stageLag': { en: 'within {days} days', fr: 'sous {days} jours' },
  'digest.stageLagOne': { en: 'within {days} day', fr: 'sous {days} jour' },
  'digest.stageLagNone': { en: 'at creation', fr: 'à la création' },
  'digest.stageYoung': {
    en: 'the week’s last leads observed {days} days so far',
    fr: 'derniers leads de la semaine observés depuis {days} jours',
  },
  'digest.stageYoungOne': {
    en: 'the week’s last leads observed {days} day so far',
    fr: 'derniers leads de la semaine observés depuis {days} jour',
  },
  'digest.dropTag': { en: 'drop {relative} ({p})', fr: 'baisse {relative} ({p})' },
  'digest.section.cac': {
    en: 'CAC against CLV over {weeks} weeks ({from} → {to}), target LTV:CAC {target}:1',
    fr: 'CAC face à la CLV sur {weeks} semaines ({from} → {to}), cible LTV:CAC {target}:1',
  },
  'digest.cacLine': {
    en: '{scope}: CAC {cac}, CLV {clv}, LTV:CAC {ratio}, max CAC {maxCac} ({customers} customer(s))',
    fr: '{scope} : CAC {cac}, CLV {clv}, LTV:CAC {ratio}, CAC max {maxCac} ({customers} client(s))',
  },
  'digest.cac.overall': { en: 'Overall', fr: 'Global' },
  'digest.cac.byChannel': { en: 'By channel', fr: 'Par canal' },
  'digest.cac.byCampaign': { en: 'By campaign', fr: 'Par campagne' },
  'digest.stageNa': { en: '{stage}: {na}, {reason}', fr: '{stage} : {na}, {reason}' },
  'digest.clvNa': {
    en: 'CLV n/a: it is modelled from revenue, and {reason}. CAC cannot be judged against it.',
    fr: 'CLV n/d : elle est calculée à partir du chiffre d’affaires, et {reason}. Le CAC ne peut pas être jugé.',
  },
  'digest.campaignsNa': {
    en: 'Profit and ROI n/a: {reason}. Campaigns are not ranked.',
    fr: 'Profit et ROI n/d : {reason}. Les campagnes ne sont pas classées.',
  },
  'digest.clvMissing': {
    en: 'No CLV configured (targets.clv or targets.clvModel): CAC cannot be judged against it.',
    fr: 'Aucune CLV configurée (targets.clv ou targets.clvModel) : le CAC ne peut pas être jugé.',
  },
  'digest.section.campaigns': {
    en: 'Best and worst campaigns by profit (revenue − cost) over {weeks} week(s) ({from} → {to})',
    fr: 'Meilleures et pires campagnes par profit (CA − coûts) sur {weeks} semaine(s) ({from} → {to})',
  },
  'digest.best': { en: 'Best', fr: 'Meilleures' },
  'digest.worst': { en: 'Worst', fr: 'Pires' },
  'digest.campaignLine': {
    en: '{campaign}: profit {profit}, ROI {roi} ({leads} lead(s), {customers} customer(s), cost {cost}, revenue {revenue})',
    fr: '{campaign} : profit {profit}, ROI {roi} ({leads} lead(s), {customers} client(s), coûts {cost}, CA {revenue})',
  },
  'digest.noCampaigns': {
    en: 'No campaign with spend or revenue this week.',
    fr: 'Aucune campagne avec dépenses ou chiffre d’affaires cette semaine.',
  },
  'digest.more': { en: '…and {count} more', fr: '…et {count} de plus' },
  'digest.section.dataQuality': { en: 'Data quality', fr: 'Qualité des données' },
  'digest.dq.invalid': {
    en: 'Invalid leads: {share} ({invalid} of {leads})',
    fr: 'Leads invalides : {share} ({invalid} sur {leads})',
  },
  'digest.dq.unattributed': {
    en: 'Unattributed: {leads} lead(s), {spend} of spend',
    fr: 'Non attribué : {leads} lead(s), {spend} de dépenses',
  },
  'digest.dq.stale': { en: 'Stale sources: {sources}', fr: 'Sources périmées : {sources}' },
  'digest.dq.fresh': {
    en: 'Every source has data to the end of the week.',
    fr: 'Chaque source a des données jusqu’à la fin de la semaine.',
  },
} as const satisfies MessageTable;
