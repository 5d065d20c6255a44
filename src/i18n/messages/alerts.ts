import type { MessageTable } from '../table.ts';

/** User-facing text of the alerts area, English and French. */
export const alertsMessages = {
  'alerts.fired': {
    en: ':rotating_light: *{metric}* is *{value}*, {comparison} the threshold of {threshold} · {scope} · {window}',
    fr: ':rotating_light: *{metric}* vaut *{value}*, {comparison} le seuil de {threshold} · {scope} · {window}',
  },
  'alerts.repeat': {
    en: ':repeat: Still firing: *{metric}* is *{value}* (threshold {threshold}), since {since}.',
    fr: ':repeat: Toujours en alerte : *{metric}* vaut *{value}* (seuil {threshold}), depuis {since}.',
  },
  'alerts.resolved_header': {
    en: ':white_check_mark: Resolved: *{metric}* fired {comparison} the threshold of {threshold} and peaked at *{value}* · {scope} · {window}',
    fr: ':white_check_mark: Résolu : *{metric}* s’est déclenché {comparison} le seuil de {threshold}, avec un pic à *{value}* · {scope} · {window}',
  },
  'alerts.unavailable': {
    en: ':grey_question: *{metric}* is *{na}*: {reason}. The rule neither fires nor recovers until the data has it · {scope} · {window}',
    fr: ':grey_question: *{metric}* est *{na}* : {reason}. La règle ne se déclenche ni ne se rétablit tant que les données ne l’ont pas · {scope} · {window}',
  },
  'alerts.unavailable_threshold': {
    en: ':grey_question: *{metric}* is {value}, but its threshold (CLV / target ratio) is *{na}*: {reason}. The rule neither fires nor recovers until the data has it · {scope} · {window}',
    fr: ':grey_question: *{metric}* vaut {value}, mais son seuil (CLV / ratio cible) est *{na}* : {reason}. La règle ne se déclenche ni ne se rétablit tant que les données ne l’ont pas · {scope} · {window}',
  },
  'alerts.cohort_lag': {
    en: '(leads at the stage in the window, converted within {days} days)',
    fr: '(leads arrivés à l’étape dans la fenêtre, convertis sous {days} jours)',
  },
  'alerts.cohort_lag_one': {
    en: '(leads at the stage in the window, converted within {days} day)',
    fr: '(leads arrivés à l’étape dans la fenêtre, convertis sous {days} jour)',
  },
  'alerts.recovered': {
    en: ':white_check_mark: Recovered: *{metric}* is back to *{value}* (threshold {threshold}).',
    fr: ':white_check_mark: Rétabli : *{metric}* est revenu à *{value}* (seuil {threshold}).',
  },
  'alerts.above': { en: 'above', fr: 'au-dessus de' },
  'alerts.below': { en: 'below', fr: 'en dessous de' },
  'alerts.at_or_above': { en: 'at or above', fr: 'au niveau ou au-dessus de' },
  'alerts.at_or_below': { en: 'at or below', fr: 'au niveau ou en dessous de' },
  'alerts.scope_all': { en: 'all data', fr: 'toutes les données' },
  'alerts.window_days': { en: 'last {days} days', fr: '{days} derniers jours' },
  'alerts.window_days_one': { en: 'last day', fr: 'dernier jour' },
  'alerts.window_other': { en: 'period {period}', fr: 'période {period}' },
  'alerts.relative_threshold': {
    en: '{value} ({change} vs the previous period)',
    fr: '{value} ({change} par rapport à la période précédente)',
  },
  'alerts.target_threshold': { en: '{value} (CLV / {ratio})', fr: '{value} (CLV / {ratio})' },
  'alerts.stale_source.metric': {
    en: 'Hours since the last refresh of {source}',
    fr: 'Heures depuis le dernier rafraîchissement de {source}',
  },
  'alerts.lead_collapse.metric': {
    en: 'Leads yesterday (vs the same weekday, {weeks}-week average)',
    fr: 'Leads hier (vs le même jour, moyenne sur {weeks} semaines)',
  },
  'alerts.button.snooze_24h': { en: 'Snooze 24 h', fr: 'Reporter 24 h' },
  'alerts.button.snooze_7d': { en: 'Snooze 7 days', fr: 'Reporter 7 jours' },
  'alerts.button.mute': { en: 'Mute', fr: 'Couper' },
  'alerts.snoozed': {
    en: '<@{user}> snoozed this alert until {until}.',
    fr: '<@{user}> a reporté cette alerte jusqu’au {until}.',
  },
  'alerts.muted': { en: '<@{user}> muted this alert.', fr: '<@{user}> a coupé cette alerte.' },
  'alerts.list_empty': {
    en: 'No alert rules yet. Add one with `/kpi alerts add cpl > 60 campaign="Spring Sale" channel=#growth`.',
    fr: 'Aucune règle d’alerte. Ajoutez-en une avec `/kpi alerts add cpl > 60 campaign="Spring Sale" channel=#growth`.',
  },
  'alerts.list_header': { en: '*Alert rules*', fr: '*Règles d’alerte*' },
  'alerts.added': {
    en: 'Alert #{seq} added: {rule}, posted to <#{channel}>.',
    fr: 'Alerte n° {seq} ajoutée : {rule}, publiée dans <#{channel}>.',
  },
  'alerts.removed': { en: 'Alert #{seq} removed.', fr: 'Alerte n° {seq} supprimée.' },
  'alerts.not_found': { en: 'There is no alert #{seq}.', fr: 'Il n’y a pas d’alerte n° {seq}.' },
  'alerts.snoozed_rule': {
    en: 'Alert #{seq} snoozed until {until}.',
    fr: 'Alerte n° {seq} reportée jusqu’au {until}.',
  },
  'alerts.muted_rule': { en: 'Alert #{seq} muted.', fr: 'Alerte n° {seq} coupée.' },
  'alerts.unmuted_rule': { en: 'Alert #{seq} unmuted.', fr: 'Alerte n° {seq} réactivée.' },
  'alerts.channel_unknown': {
    en: 'Mention the channel as #channel so that Slack sends its id (plain names cannot be resolved).',
    fr: 'Mentionnez le canal sous la forme #canal pour que Slack envoie son identifiant.',
  },
  'alerts.state.ok': { en: 'ok', fr: 'ok' },
  'alerts.state.pending': { en: 'pending', fr: 'en attente' },
  'alerts.state.firing': { en: 'firing', fr: 'en alerte' },
  'alerts.state.resolved': { en: 'resolved', fr: 'résolue' },
  'alerts.state.snoozed': { en: 'snoozed until {until}', fr: 'reportée jusqu’au {until}' },
  'alerts.state.muted': { en: 'muted', fr: 'coupée' },
} as const satisfies MessageTable;
