import type { MessageTable } from '../table.ts';

/** User-facing text of the digest schedule (subscriptions, delivery reports), English and French. */
export const scheduleMessages = {
  'schedule.source_failing': {
    en: ':warning: Source "{source}" failed {failures} times in a row: {error}. Last good refresh: {lastGood}. The bot keeps retrying with backoff.',
    fr: ':warning: La source « {source} » a échoué {failures} fois de suite : {error}. Dernière actualisation réussie : {lastGood}. Le bot continue de réessayer en espaçant les tentatives.',
  },
  'schedule.folder_report': {
    en: 'A file dropped in the watched folder "{source}" was not read in full:',
    fr: 'Un fichier déposé dans le dossier surveillé « {source} » n’a pas été lu en entier :',
  },
  'schedule.day_invalid': {
    en: '“{value}” is not a day of the week. Use monday … sunday (or 1 … 7).',
    fr: '« {value} » n’est pas un jour de la semaine. Utilisez lundi … dimanche (ou 1 … 7).',
  },
  'schedule.time_invalid': {
    en: '“{value}” is not a time. Use HH:MM, for example 09:00.',
    fr: '« {value} » n’est pas une heure. Utilisez HH:MM, par exemple 09:00.',
  },
  'schedule.tz_invalid': {
    en: '“{value}” is not a time zone. Use an IANA name such as Europe/Paris.',
    fr: '« {value} » n’est pas un fuseau horaire. Utilisez un nom IANA comme Europe/Paris.',
  },
  'schedule.subscribed': {
    en: 'The weekly digest will be posted to {target} every {day} at {time} ({timeZone}).',
    fr: 'Le bilan hebdomadaire sera publié dans {target} chaque {day} à {time} ({timeZone}).',
  },
  'schedule.unsubscribed': {
    en: 'The weekly digest will no longer be posted to {target}.',
    fr: 'Le bilan hebdomadaire ne sera plus publié dans {target}.',
  },
  'schedule.not_subscribed': {
    en: '{target} is not subscribed to the weekly digest.',
    fr: '{target} n’est pas abonné au bilan hebdomadaire.',
  },
  'schedule.none': {
    en: 'No digest subscriptions yet. Try `/kpi digest subscribe #channel monday 09:00`.',
    fr: 'Aucun abonnement au bilan. Essayez `/kpi digest subscribe #canal lundi 09:00`.',
  },
  'schedule.delivery_failed': {
    en: ':warning: The weekly digest for {target} (week {week}) could not be delivered after {attempts} attempts: {error}',
    fr: ':warning: Le bilan hebdomadaire pour {target} (semaine {week}) n’a pas pu être publié après {attempts} tentatives : {error}',
  },
  'schedule.alert_delivery_failed': {
    en: ':warning: An alert notification for rule {rule} could not be delivered: {error}',
    fr: ':warning: Une notification d’alerte pour la règle {rule} n’a pas pu être publiée : {error}',
  },
  'schedule.day.1': { en: 'Monday', fr: 'lundi' },
  'schedule.day.2': { en: 'Tuesday', fr: 'mardi' },
  'schedule.day.3': { en: 'Wednesday', fr: 'mercredi' },
  'schedule.day.4': { en: 'Thursday', fr: 'jeudi' },
  'schedule.day.5': { en: 'Friday', fr: 'vendredi' },
  'schedule.day.6': { en: 'Saturday', fr: 'samedi' },
  'schedule.day.7': { en: 'Sunday', fr: 'dimanche' },
} as const satisfies MessageTable;
