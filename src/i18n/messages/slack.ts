import type { MessageTable } from '../table.ts';

/** User-facing text of the slack area, English and French. */
export const slackMessages = {
  'slack.working': { en: 'Working on it…', fr: 'Je calcule…' },
  'slack.share.button': { en: 'Share in channel', fr: 'Partager dans le canal' },
  'slack.share.by': { en: 'Shared by {user}', fr: 'Partagé par {user}' },
  'slack.share.failed': {
    en: 'I could not post in this channel. Invite me to it (/invite) and try again.',
    fr: 'Je ne peux pas publier dans ce canal. Invitez-moi (/invite) puis réessayez.',
  },
  'slack.csv.button': { en: 'Download CSV', fr: 'Télécharger le CSV' },
  'slack.csv.comment': { en: 'The full table: {title}', fr: 'Le tableau complet : {title}' },
  'slack.csv.sent': {
    en: 'The CSV file is on its way in our DM.',
    fr: 'Le fichier CSV arrive dans notre conversation privée.',
  },
  'slack.context.period': { en: 'Period: {period}', fr: 'Période : {period}' },
  'slack.context.vs': { en: 'vs {period}', fr: 'vs {period}' },
  'slack.context.filters': { en: 'Filters: {filters}', fr: 'Filtres : {filters}' },
  'slack.context.freshness': { en: 'Data as of {when}', fr: 'Données au {when}' },
  'slack.context.formula': { en: 'Formula: {formula}', fr: 'Formule : {formula}' },
  'slack.context.cohort': {
    en: 'Cohort view: leads created in the period, cohort {days} days old',
    fr: 'Vue cohorte : leads créés sur la période, cohorte de {days} jours',
  },
  'slack.context.cohort_one': {
    en: 'Cohort view: leads created in the period, cohort {days} day old',
    fr: 'Vue cohorte : leads créés sur la période, cohorte de {days} jour',
  },
  'slack.table.others': {
    en: '+ {count} more rows (download the CSV for the full table)',
    fr: '+ {count} autres lignes (le CSV contient le tableau complet)',
  },
  'slack.table.total': { en: 'Total', fr: 'Total' },
  'slack.answer.total': { en: 'Total', fr: 'Total' },
  'slack.answer.worst': { en: 'Worst {metric}: {group} {value}', fr: 'Pire {metric} : {group} {value}' },
  'slack.answer.best': { en: 'best: {group} {value}', fr: 'meilleur : {group} {value}' },
  'slack.answer.highest': {
    en: 'Highest {metric}: {group} {value}',
    fr: '{metric} le plus élevé : {group} {value}',
  },
  'slack.answer.lowest': { en: 'lowest: {group} {value}', fr: 'le plus bas : {group} {value}' },
  'slack.answer.previous': { en: 'vs {value}', fr: 'vs {value}' },
  'slack.answer.more': {
    en: '+{count} more {groups}: the CSV has them all',
    fr: '+{count} autres {groups} : la liste complète est dans le CSV',
  },
  'slack.answer.earlier': {
    en: '+{count} earlier {groups}: the CSV has them all',
    fr: '+{count} {groups} auparavant : la liste complète est dans le CSV',
  },
  'slack.answer.dropped': {
    en: '{metrics}: in the CSV (a table that fits a phone holds fewer columns)',
    fr: '{metrics} : dans le CSV (un tableau à la largeur d’un téléphone a moins de colonnes)',
  },
  'slack.answer.no_rows': {
    en: 'No {groups} with data in this period.',
    fr: 'Aucune donnée par {groups} sur cette période.',
  },
  'slack.answer.formula': { en: '{short}: {name} = {formula}', fr: '{short} : {name} = {formula}' },
  'slack.chart.button': { en: 'Chart', fr: 'Graphique' },
  'slack.chart.comment': { en: 'The chart: {title}', fr: 'Le graphique : {title}' },
  'slack.chart.sent': {
    en: 'The chart is on its way in our DM.',
    fr: 'Le graphique arrive dans notre conversation privée.',
  },
  'slack.chart.empty': {
    en: 'There is nothing to chart: no group has a number for {metric}.',
    fr: 'Rien à représenter : aucun groupe n’a de valeur pour {metric}.',
  },
  'slack.delta.good': { en: 'better', fr: 'mieux' },
  'slack.delta.bad': { en: 'worse', fr: 'moins bien' },
  'slack.error.title': { en: 'I could not answer that', fr: 'Je n’ai pas pu répondre' },
  'slack.error.did_you_mean': { en: 'Did you mean {suggestions}?', fr: 'Vouliez-vous dire {suggestions} ?' },
  'slack.error.try_help': {
    en: 'Type `/kpi help` for the syntax.',
    fr: 'Tapez `/kpi help` pour la syntaxe.',
  },
  'slack.access.denied': {
    en: 'Sorry, {metric} is restricted to some channels and people. Ask your admin for access.',
    fr: 'Désolé, {metric} est réservé à certains canaux et personnes. Demandez l’accès à votre admin.',
  },
  'slack.reply_failed': {
    en: 'Slack did not take the reply ({host}: {status}).',
    fr: 'Slack n’a pas accepté la réponse ({host} : {status}).',
  },
  'slack.loading': {
    en: ':hourglass_flowing_sand: Loading data, a moment: the answer follows.',
    fr: ':hourglass_flowing_sand: Chargement des données, un instant : la réponse suit.',
  },
  'slack.store_unavailable': {
    en: ':warning: Data store unavailable, retrying: the answer follows if it comes back in the next minutes.',
    fr: ':warning: Base de données indisponible, nouvel essai en cours : la réponse suit si elle revient dans les minutes qui viennent.',
  },
  'slack.not_available': {
    en: 'This command is not available yet.',
    fr: 'Cette commande n’est pas encore disponible.',
  },
  'slack.help.title': { en: '/kpi: ask for a KPI', fr: '/kpi : demander un KPI' },
  'slack.help.usage': {
    en: '`/kpi <metric> [filters] [by=<dimension>] [period=<p>] [vs=previous] [sort=<metric>[-asc]]`, e.g. `/kpi cpl by=campaign period=last-week vs=previous`. A breakdown comes largest first (the worst cost, the best return); `sort=roi-asc` or `sort=name` changes that. `/kpi` alone opens a form.',
    fr: '`/kpi <métrique> [filtres] [by=<dimension>] [period=<p>] [vs=previous] [sort=<métrique>[-asc]]`, par ex. `/kpi cpl by=campaign period=last-week vs=previous`. Une ventilation vient du plus grand au plus petit (le pire coût, le meilleur retour) ; `sort=roi-asc` ou `sort=name` change cet ordre. `/kpi` seul ouvre un formulaire.',
  },
  'slack.help.commands': {
    en: 'Also: `help <metric>`, `why <metric>` (what moved it; `help why`), `sources`, `refresh`, `import`, `history`, `plan customers=50`, `digest`, `alerts`.',
    fr: 'Aussi : `help <métrique>`, `pourquoi <métrique>` (ce qui l’a fait bouger ; `help why`), `sources`, `refresh`, `import`, `history`, `plan customers=50`, `digest`, `alerts`.',
  },
  'slack.help.metrics': { en: 'Metrics', fr: 'Métriques' },
  'slack.help.metric_formula': { en: 'Formula: {formula}', fr: 'Formule : {formula}' },
  'slack.modal.title': { en: 'Ask a KPI', fr: 'Demander un KPI' },
  'slack.modal.submit': { en: 'Answer', fr: 'Répondre' },
  'slack.modal.cancel': { en: 'Cancel', fr: 'Annuler' },
  'slack.modal.metric': { en: 'Metric', fr: 'Métrique' },
  'slack.modal.breakdown': { en: 'Break down by', fr: 'Ventiler par' },
  'slack.modal.period': { en: 'Period', fr: 'Période' },
  'slack.modal.filter': { en: 'Filter: {dimension}', fr: 'Filtre : {dimension}' },
  'slack.modal.compare': { en: 'Compare with the previous period', fr: 'Comparer à la période précédente' },
  'slack.modal.none': { en: 'None', fr: 'Aucune' },
  'slack.home.title': { en: 'This week vs last week', fr: 'Cette semaine vs la semaine dernière' },
  'slack.home.sources': { en: 'Sources', fr: 'Sources' },
  'slack.home.digests': { en: 'Digest subscriptions', fr: 'Abonnements au récapitulatif' },
  'slack.home.alerts': { en: 'Alert rules', fr: 'Règles d’alerte' },
  'slack.home.none': { en: 'None yet.', fr: 'Aucun pour l’instant.' },
  'slack.home.fallback': { en: 'KPI overview', fr: 'Vue d’ensemble des KPI' },
  'slack.sources.title': { en: 'Sources', fr: 'Sources' },
  'slack.sources.row': {
    en: '*{name}*: {rows} rows, {rejected} rejected, updated {when}',
    fr: '*{name}* : {rows} lignes, {rejected} rejetées, mise à jour {when}',
  },
  'slack.sources.refresh': {
    en: 'last refresh {last} · next {next}',
    fr: 'dernière actualisation {last} · prochaine {next}',
  },
  'slack.sources.onChange': { en: 'when it changes', fr: 'à chaque changement' },
  'slack.sources.stale': { en: 'stale', fr: 'périmée' },
  'slack.sources.never': { en: 'never', fr: 'jamais' },
  'slack.sources.empty': {
    en: 'No source yet. Import a CSV (`/kpi import`) or configure a Google Sheet.',
    fr: 'Aucune source. Importez un CSV (`/kpi import`) ou configurez une Google Sheet.',
  },
  'slack.refresh.done': {
    en: 'Refreshed {count} sources: {rows} rows read, {rejected} rejected.',
    fr: '{count} sources relues : {rows} lignes lues, {rejected} rejetées.',
  },
  // How to load data from Slack: the end of kpi.no_data.
  'slack.no_data_how': {
    en: 'run `/kpi refresh` to read the configured sources, or send me a CSV export in a direct message (`/kpi import`)',
    fr: 'lancez `/kpi refresh` pour relire les sources configurées, ou envoyez-moi un export CSV en message privé (`/kpi import`)',
  },
  'slack.import.how': {
    en: 'Send me the CSV file in a direct message, or name a file already shared: `/kpi import <file name>`.',
    fr: 'Envoyez-moi le fichier CSV en message privé, ou nommez un fichier déjà partagé : `/kpi import <nom du fichier>`.',
  },
  'slack.import.not_found': {
    en: 'I could not find a file named {name}.',
    fr: 'Je ne trouve pas de fichier nommé {name}.',
  },
  'slack.import.download_failed': {
    en: 'I could not download {name} from Slack.',
    fr: 'Je n’ai pas pu télécharger {name} depuis Slack.',
  },
  'slack.import.report': {
    en: '*{name}* imported as {preset}: {accepted} rows accepted, {rejected} rejected.',
    fr: '*{name}* importé comme {preset} : {accepted} lignes acceptées, {rejected} rejetées.',
  },
  // A DM upload: the grid's days come from `period=` in the message (no --period in Slack).
  'slack.import.gridNoRange': {
    en: '{file}: a campaign grid (no date per row) whose date range is not stated (range line: {stated}). Send the file again with the days it covers in the message, in the command’s words: `period=2026-02`, `period=2026-W05` or `period="from=2026-01-27 to=2026-02-23"`.',
    fr: '{file} : une grille de campagnes (sans date par ligne) dont la plage de dates n’est pas indiquée (ligne de plage : {stated}). Renvoyez le fichier avec les jours couverts dans le message, comme dans une commande : `period=2026-02`, `period=2026-W05` ou `period="from=2026-01-27 to=2026-02-23"`.',
  },
  'slack.import.periodInvalid': {
    en: '{name} was not imported: `period={period}` in the message is not a period I know. Write it as in a command: `period=2026-02`, `period=2026-W05` or `period="from=2026-01-27 to=2026-02-23"`.',
    fr: '{name} n’a pas été importé : `period={period}` dans le message n’est pas une période connue. Écrivez-la comme dans une commande : `period=2026-02`, `period=2026-W05` ou `period="from=2026-01-27 to=2026-02-23"`.',
  },
  'slack.import.span.message': {
    en: 'each row covers {from} → {to} (period= in the message); a period that cuts it counts its share of days',
    fr: 'chaque ligne couvre {from} → {to} (period= dans le message) ; une période qui la coupe en compte la part de jours',
  },
  'slack.import.rejection': { en: 'Row {row}: {reason}', fr: 'Ligne {row} : {reason}' },
  'slack.plan.title': { en: 'Plan for {target}', fr: 'Plan pour {target}' },
  'slack.plan.row': { en: '*{stage}*: {value}', fr: '*{stage}* : {value}' },
} as const satisfies MessageTable;
