import type { MessageTable } from '../table.ts';

/** User-facing text of the command area, English and French. */
export const commandMessages = {
  'command.unknown_metric': {
    en: 'Unknown metric "{token}". Type `help` for the list of metrics.',
    fr: 'Indicateur inconnu « {token} ». Tapez `help` pour la liste des indicateurs.',
  },
  'command.unknown_metric_suggest': {
    en: 'Unknown metric "{token}". Did you mean {suggestions}?',
    fr: 'Indicateur inconnu « {token} ». Vouliez-vous dire {suggestions} ?',
  },
  'command.unknown_dimension': {
    en: 'Unknown dimension "{token}". Dimensions: channel, source, campaign, ad, audience, form, keyword, owner, segment, product, country; from ad-platform reports: age, gender, device, placement, hour (audience is the ad set or ad group).',
    fr: 'Dimension inconnue « {token} ». Dimensions : channel, source, campaign, ad, audience, form, keyword, owner, segment, product, country ; issues des rapports publicitaires : age, gender, device, placement, hour (audience est l’ensemble de publicités ou le groupe d’annonces).',
  },
  'command.unknown_dimension_suggest': {
    en: 'Unknown dimension "{token}". Did you mean {suggestions}?',
    fr: 'Dimension inconnue « {token} ». Vouliez-vous dire {suggestions} ?',
  },
  'command.unknown_value': {
    en: 'No {dimension} "{token}" in the data.',
    fr: 'Aucune valeur « {token} » pour {dimension} dans les données.',
  },
  'command.unknown_value_suggest': {
    en: 'No {dimension} "{token}" in the data. Did you mean {suggestions}?',
    fr: 'Aucune valeur « {token} » pour {dimension} dans les données. Vouliez-vous dire {suggestions} ?',
  },
  'command.period_invalid': {
    en: 'Cannot read the period "{token}". Try last-week, last-30d, mtd, 2026-10, 2026-Q3, 2026-W45, 2026 or from=2026-01-01 to=2026-03-31.',
    fr: 'Période illisible « {token} ». Essayez last-week, last-30d, mtd, 2026-10, 2026-Q3, 2026-W45, 2026 ou from=2026-01-01 to=2026-03-31.',
  },
  'command.period_invalid_suggest': {
    en: 'Cannot read the period "{token}". Did you mean {suggestions}?',
    fr: 'Période illisible « {token} ». Vouliez-vous dire {suggestions} ?',
  },
  'command.unknown_word': {
    en: 'Cannot understand "{token}" here.',
    fr: 'Je ne comprends pas « {token} » ici.',
  },
  'command.unknown_word_suggest': {
    en: 'Cannot understand "{token}" here. Did you mean {suggestions}?',
    fr: 'Je ne comprends pas « {token} » ici. Vouliez-vous dire {suggestions} ?',
  },
  'command.date_invalid': {
    en: 'Cannot read the date "{token}": write it as YYYY-MM-DD, for example 2026-03-31.',
    fr: 'Date illisible « {token} » : écrivez-la AAAA-MM-JJ, par exemple 2026-03-31.',
  },
  'command.range_reversed': {
    en: 'The period starts after it ends ({token}).',
    fr: 'La période commence après sa fin ({token}).',
  },
  'command.to_without_from': {
    en: '"{token}" needs a start date too: from=2026-01-01 to=2026-03-31.',
    fr: '« {token} » demande aussi une date de début : from=2026-01-01 to=2026-03-31.',
  },
  'command.period_conflict': {
    en: 'Two periods given ("{token}" and another one): keep one.',
    fr: 'Deux périodes données (« {token} » et une autre) : gardez-en une.',
  },
  'command.duplicate_key': {
    en: '"{token}" is given twice: keep one.',
    fr: '« {token} » est donné deux fois : gardez-en un.',
  },
  'command.one_breakdown': {
    en: 'One breakdown at a time ("{token}"): for example by=campaign.',
    fr: 'Une seule ventilation à la fois (« {token} ») : par exemple by=campaign.',
  },
  'command.no_value': {
    en: 'No value after "{token}".',
    fr: 'Aucune valeur après « {token} ».',
  },
  'command.exclusion_unsupported': {
    en: 'Exclusion filters ("{token}") are not supported: list the values to keep.',
    fr: "Les filtres d'exclusion (« {token} ») ne sont pas pris en charge : listez les valeurs à garder.",
  },
  'command.compare_invalid': {
    en: 'Cannot compare with "{token}": use vs=previous.',
    fr: 'Impossible de comparer avec « {token} » : utilisez vs=previous.',
  },
  'command.view_invalid': {
    en: 'Unknown view "{token}": view=flow counts the events in the period, view=cohort follows the leads created in it.',
    fr: 'Vue inconnue « {token} » : view=flow compte les événements de la période, view=cohort suit les leads créés pendant celle-ci.',
  },
  'command.sort_invalid': {
    en: 'I cannot sort by "{token}": name a metric of the question or name, e.g. sort=cpl, sort=roi-asc, sort=name.',
    fr: 'Je ne sais pas trier par « {token} » : indiquez un indicateur de la question ou name, par ex. sort=cpl, sort=roi-asc, sort=name.',
  },
  'command.sort_invalid_suggest': {
    en: 'I cannot sort by "{token}". Did you mean {suggestions}?',
    fr: 'Je ne sais pas trier par « {token} ». Vouliez-vous dire {suggestions} ?',
  },
  'command.sort_not_asked': {
    en: 'Sort by a metric of the question ({metrics}) or by name: "{token}" is not asked for.',
    fr: 'Triez par un indicateur de la question ({metrics}) ou par nom : « {token} » n’est pas demandé.',
  },
  'command.order_invalid': {
    en: 'Unknown order "{token}": use asc (smallest first) or desc (largest first).',
    fr: 'Ordre inconnu « {token} » : utilisez asc (croissant) ou desc (décroissant).',
  },
  'command.ambiguous_value': {
    en: '"{token}" is a value of several dimensions ({dimensions}): write it as {example}.',
    fr: '« {token} » est une valeur de plusieurs dimensions ({dimensions}) : écrivez par exemple {example}.',
  },
  'command.too_long': {
    en: 'The command is too long ({token} characters, at most {max}).',
    fr: 'La commande est trop longue ({token} caractères, au plus {max}).',
  },
  'command.unreadable': {
    en: 'Cannot understand this command. Type `help` for examples.',
    fr: 'Je ne comprends pas cette commande. Tapez `help` pour des exemples.',
  },
  'command.plan_customers': {
    en: 'plan needs a number of customers, for example: plan customers=50 period=last-90d.',
    fr: 'plan demande un nombre de clients, par exemple : plan customers=50 period=last-90d.',
  },
  'command.number_invalid': {
    en: '"{token}" is not a valid number here.',
    fr: '« {token} » n’est pas un nombre valide ici.',
  },
  'command.alert_rule_invalid': {
    en: 'Write an alert rule as: alerts add cpl > 60 campaign="Spring Sale" channel=#growth (thresholds: 60, +20% against the baseline, or clv/ratio).',
    fr: 'Écrivez une règle d’alerte ainsi : alerts add cpl > 60 campaign="Spring Sale" channel=#growth (seuils : 60, +20% par rapport à la référence, ou clv/ratio).',
  },
  'command.alert_id_missing': {
    en: '"alerts {token}" needs the alert id (type `alerts` to list them).',
    fr: '« alerts {token} » demande l’identifiant de l’alerte (tapez `alerts` pour les lister).',
  },
  'command.duration_invalid': {
    en: 'Cannot read the duration "{token}": use 30m, 24h or 7d.',
    fr: 'Durée illisible « {token} » : utilisez 30m, 24h ou 7d.',
  },
  'command.channel_invalid': {
    en: 'Cannot read the channel "{token}": write #channel.',
    fr: 'Canal Slack illisible « {token} » : écrivez #canal.',
  },
  'command.schedule_word_invalid': {
    en: 'Cannot read "{token}" as a channel, day, time or time zone. Example: digest subscribe #growth monday 09:00 Europe/Paris.',
    fr: 'Je ne lis pas « {token} » comme un canal, un jour, une heure ou un fuseau. Exemple : digest subscribe #growth lundi 09:00 Europe/Paris.',
  },
  'command.timezone_invalid': {
    en: 'Unknown time zone "{token}": use an IANA name such as Europe/Paris or America/New_York.',
    fr: 'Fuseau horaire inconnu « {token} » : utilisez un nom IANA comme Europe/Paris ou America/New_York.',
  },
  'command.week_invalid': {
    en: 'Cannot read the week "{token}": write it as 2026-W45.',
    fr: 'Semaine illisible « {token} » : écrivez-la 2026-W45.',
  },
  'command.help.title': {
    en: 'Ask a KPI question:',
    fr: 'Posez une question KPI :',
  },
  'command.help.usage': {
    en: '<metrics> [filters] [by=<dimension|day|week|month>] [period=<period>] [vs=previous] [view=flow|cohort] [sort=<metric|name>[-asc|-desc]]',
    fr: '<indicateurs> [filtres] [by=<dimension|day|week|month>] [period=<période>] [vs=previous] [view=flow|cohort] [sort=<indicateur|name>[-asc|-desc]]',
  },
  'command.help.examples': { en: 'Examples:', fr: 'Exemples :' },
  'command.help.filters': {
    en: 'Filters: any dimension as key=value or key:value (channel, source, campaign, ad, audience, form, keyword, owner, segment, product, country, age, gender, device, placement, hour; audience = ad set or ad group). Quote values with spaces: campaign="Spring Sale"; several values: campaign=A,B. Case and accents do not matter.',
    fr: 'Filtres : toute dimension en clé=valeur ou clé:valeur (channel, source, campaign, ad, audience, form, keyword, owner, segment, product, country, age, gender, device, placement, hour ; audience = ensemble de publicités ou groupe d’annonces). Mettez entre guillemets les valeurs avec espaces : campaign="Soldes d’été" ; plusieurs valeurs : campaign=A,B. Casse et accents indifférents.',
  },
  'command.help.periods': {
    en: 'Periods: today, yesterday, this-week, last-week, this-month, last-month, this-quarter, last-quarter, mtd, qtd, ytd, last-7d, last-30d, last-90d (any last-Nd), 2026-10, 2026-Q3, 2026-W45, 2026, from=2026-01-01 to=2026-03-31. Default: last-30d.',
    fr: 'Périodes : today, yesterday, this-week, last-week (semaine-dernière), this-month, last-month (mois-dernier), this-quarter, last-quarter, mtd, qtd, ytd, last-7d, last-30d, last-90d (tout last-Nd), 2026-10, 2026-Q3, 2026-W45, 2026, from=2026-01-01 to=2026-03-31. Par défaut : last-30d.',
  },
  'command.help.views': {
    en: 'funnel = the stage counts and conversions. view=flow counts the events dated in the period; view=cohort follows the leads created in it. vs=previous adds the previous period and the change.',
    fr: 'funnel = les volumes et conversions de chaque étape. view=flow compte les événements datés dans la période ; view=cohort suit les leads créés pendant celle-ci. vs=previous ajoute la période précédente et l’écart.',
  },
  'command.help.sort': {
    en: 'Order: a breakdown is sorted by its first metric, largest first (the worst cost, the best return); sort=<metric> picks another metric of the question, sort=<metric>-asc the smallest first, sort=name A→Z (also order=asc|desc; tri=cpl-croissant).',
    fr: 'Ordre : une ventilation est triée par son premier indicateur, du plus grand au plus petit (le pire coût, le meilleur retour) ; sort=<indicateur> choisit un autre indicateur de la question, sort=<indicateur>-asc le plus petit d’abord, sort=name de A à Z (aussi order=asc|desc ; tri=cpl-croissant).',
  },
  'command.help.other': {
    en: 'Other commands: help <metric>, why <metric> (what moved it; help why), plan customers=50, digest [subscribe #channel monday 09:00 | unsubscribe | list], alerts [add cpl > 60 … | remove <id> | snooze <id> 24h], sources, refresh, import [<file> | undo <id>], history [n].',
    fr: 'Autres commandes : help <indicateur>, pourquoi <indicateur> (ce qui l’a fait bouger ; help why), plan customers=50, digest [subscribe #canal lundi 09:00 | unsubscribe | list], alerts [add cpl > 60 … | remove <id> | snooze <id> 24h], sources, refresh, import [<fichier> | undo <id>], history [n].',
  },
  'command.help.metrics': { en: 'Metrics:', fr: 'Indicateurs :' },
  'command.import_undo_id': {
    en: 'Which import? Give its id: `import undo <id>` (the id is in the import’s reply and in `history`).',
    fr: 'Quel import ? Donnez son identifiant : `import undo <id>` (il figure dans la réponse de l’import et dans `history`).',
  },
  'command.history_count': {
    en: 'history takes a number of changes from 1 to {max}, e.g. `history 20`.',
    fr: 'history prend un nombre de changements de 1 à {max}, par ex. `history 20`.',
  },
  'command.help.formula': { en: 'Formula: {formula}', fr: 'Formule : {formula}' },
  'command.help.aliases': { en: 'Also typed as: {aliases}', fr: 'Aussi : {aliases}' },
  'command.help.try': { en: 'Try: {example}', fr: 'Essayez : {example}' },
  'command.help.funnel': {
    en: 'funnel stands for these metrics:',
    fr: 'funnel regroupe ces indicateurs :',
  },
  'command.cli.usage': {
    en: 'Usage: kpi [--data FILE…] [--no-cache] [--preset ID] [--period PERIOD] [--config FILE] [--json] [--verbose] [--lang en|fr] [--date-order dmy|mdy] "<command>"\n  --data FILE…   ingest these CSV exports (presets detected) straight into memory and answer from them (no store written)\n  --preset ID    read the --data files with this preset instead of detecting it\n  --period PERIOD  the days a campaign grid covers when the file does not say (2026-02, 2026-W05, "from=2026-01-27 to=2026-02-23")\n  --config FILE  YAML config (time zone, currency, rates, targets)\n  --json         print one JSON object instead of a table\n  --no-cache     ingest the --data files again instead of reusing the answer cache (~/.cache/kpi)\n  --verbose      print the ingest report of each --data file (else one line, when rows were skipped)\nWithout --data the answer comes from the configured store (DATABASE_URL, or the embedded store under DATA_DIR).\nExample: kpi --data leads.csv spend.csv "cpl by=campaign period=last-30d"\nType kpi help for the command language.',
    fr: 'Usage : kpi [--data FICHIER…] [--no-cache] [--preset ID] [--period PÉRIODE] [--config FICHIER] [--json] [--verbose] [--lang en|fr] [--date-order dmy|mdy] "<commande>"\n  --data FICHIER…  importe ces exports CSV (format détecté) directement en mémoire et répond à partir d’eux (aucune base écrite)\n  --preset ID      lit les fichiers --data avec ce preset au lieu de le détecter\n  --period PÉRIODE les jours couverts par une grille de campagnes quand le fichier ne le dit pas (2026-02, 2026-W05, "from=2026-01-27 to=2026-02-23")\n  --config FICHIER configuration YAML (fuseau, devise, taux, objectifs)\n  --json           affiche un objet JSON au lieu d’un tableau\n  --no-cache       réimporte les fichiers --data au lieu de réutiliser le cache (~/.cache/kpi)\n  --verbose        affiche le rapport d’import de chaque fichier --data (sinon une ligne, s’il y a des lignes ignorées)\nSans --data, la réponse vient de la base configurée (DATABASE_URL, ou la base embarquée sous DATA_DIR).\nExemple : kpi --data leads.csv depenses.csv "cpl by=campaign period=last-30d"\nTapez kpi help pour le langage de commande.',
  },
  'command.cli.ingest_summary': {
    en: '{rows} row(s) skipped in {files}: run again with --verbose for the rows and the reasons.',
    fr: '{rows} ligne(s) ignorée(s) dans {files} : relancez avec --verbose pour les lignes et les raisons.',
  },
  'command.cli.bad_now': {
    en: 'KPI_NOW is not an instant: "{value}" (use e.g. 2026-11-23T09:00:00Z).',
    fr: 'KPI_NOW n’est pas un instant : « {value} » (par exemple 2026-11-23T09:00:00Z).',
  },
  'command.cli.bad_args': {
    en: 'Cannot read the arguments: {reason}',
    fr: 'Arguments illisibles : {reason}',
  },
  'command.cli.no_command': {
    en: 'No command given.',
    fr: 'Aucune commande donnée.',
  },
  'command.cli.config_invalid': {
    en: 'Cannot read the config file {file}: {reason}',
    fr: 'Impossible de lire le fichier de configuration {file} : {reason}',
  },
  'command.demo.sample': {
    en: 'Sample exports (seeded, anchored at today)',
    fr: 'Exports d’exemple (générés, datés d’aujourd’hui)',
  },
  'command.demo.ingest': { en: 'Ingest reports', fr: 'Rapports d’import' },
  'command.demo.alerts': {
    en: 'Alerts that fire on this data',
    fr: 'Alertes déclenchées sur ces données',
  },
  'command.demo.threshold': { en: 'threshold', fr: 'seuil' },
  'command.demo.no_alerts': { en: 'No alert fires.', fr: 'Aucune alerte ne se déclenche.' },
  'command.demo.next': { en: 'Next: connect Slack', fr: 'Ensuite : connecter Slack' },
  'command.demo.next_text': {
    en: 'The same answers, digest and alerts in Slack: create the app from manifest.yml, put its tokens in .env (see .env.example), then KPI_CONFIG=samples/kpi.yaml npm start. README.md, section "Connect a real Slack workspace", walks through it. Try your own exports with: npx kpi --data <files…> "cpl by=campaign"',
    fr: 'Les mêmes réponses, le digest et les alertes dans Slack : créez l’app depuis manifest.yml, mettez ses jetons dans .env (voir .env.example), puis KPI_CONFIG=samples/kpi.yaml npm start. Le README, section « Connect a real Slack workspace », détaille chaque étape. Essayez vos propres exports : npx kpi --data <fichiers…> "cpl by=campaign"',
  },
  'command.cli.config_used': {
    en: 'Config: {path}',
    fr: 'Configuration : {path}',
  },
  'command.cli.file_changed': {
    en: '{file} changed while it was being read (its size or modification time moved); nothing was answered. Run again once it is written.',
    fr: '{file} a changé pendant sa lecture (sa taille ou sa date de modification a bougé) ; aucune réponse n’a été calculée. Relancez une fois le fichier écrit.',
  },
  'command.cli.bad_data': {
    en: 'Some data could not be imported ({files}); nothing was answered.',
    fr: 'Certaines données n’ont pas pu être importées ({files}) ; aucune réponse n’a été calculée.',
  },
  'command.cli.not_in_cli': {
    en: '"{command}" works in Slack (/kpi {command}); the kpi command line does not run it.',
    fr: '« {command} » fonctionne dans Slack (/kpi {command}) ; la ligne de commande kpi ne l’exécute pas.',
  },
  'command.cli.refresh': {
    en: 'The command line reads the store on every run: import new files with npm run ingest, or pass them with --data.',
    fr: 'La ligne de commande relit la base à chaque lancement : importez de nouveaux fichiers avec npm run ingest, ou passez-les avec --data.',
  },
  // How to load data from the command line: the end of kpi.no_data.
  'command.cli.no_data_how': {
    en: 'pass export files with --data, or import them with npm run ingest',
    fr: 'passez des exports avec --data, ou importez-les avec npm run ingest',
  },
  'command.cli.digest_unavailable': { en: 'digest: not available yet', fr: 'digest : pas encore disponible' },
  'command.cli.chart_written': { en: 'Chart: {path}', fr: 'Graphique : {path}' },
  'command.cli.metric': { en: 'Metric', fr: 'Indicateur' },
  'command.cli.value': { en: 'Value', fr: 'Valeur' },
  'command.cli.previous': { en: 'Previous', fr: 'Précédent' },
  'command.cli.previous_short': { en: 'prev', fr: 'préc.' },
  'command.cli.change': { en: 'Change', fr: 'Écart' },
  'command.cli.total': { en: 'Total', fr: 'Total' },
  'command.cli.context_period': { en: 'Period: {period}', fr: 'Période : {period}' },
  'command.cli.context_previous': { en: 'compared with {period}', fr: 'comparée à {period}' },
  'command.cli.context_filters': { en: 'Filters: {filters}', fr: 'Filtres : {filters}' },
  'command.cli.context_cohort': {
    en: 'cohort view: leads created in the period, cohort age {days} days',
    fr: 'vue cohorte : leads créés sur la période, âge de la cohorte {days} jours',
  },
  'command.cli.context_cohort_one': {
    en: 'cohort view: leads created in the period, cohort age {days} day',
    fr: 'vue cohorte : leads créés sur la période, âge de la cohorte {days} jour',
  },
  'command.cli.context_data': {
    en: 'Data: {leads} leads, {costs} cost rows, last import {when}',
    fr: 'Données : {leads} leads, {costs} lignes de coûts, dernier import {when}',
  },
  'command.cli.context_data_undated': {
    en: 'Data: {leads} leads, {costs} cost rows',
    fr: 'Données : {leads} leads, {costs} lignes de coûts',
  },
  'command.cli.sources_empty': {
    en: 'No source imported yet.',
    fr: 'Aucune source importée pour l’instant.',
  },
  'command.cli.sources_header': {
    en: 'Source|Last import|Leads|Cost rows|Rejected|Imports',
    fr: 'Source|Dernier import|Leads|Lignes de coûts|Rejetées|Imports',
  },
  'command.plan.title': {
    en: 'To win {customers} customers at the conversion rates of {period}:',
    fr: 'Pour gagner {customers} clients aux taux de conversion de {period} :',
  },
  'command.plan.stage': { en: 'Stage', fr: 'Étape' },
  'command.plan.rate': { en: 'Observed rate', fr: 'Taux observé' },
  'command.plan.needed': { en: 'Needed upstream', fr: 'Nécessaires en amont' },
  'command.plan.budget': { en: 'Budget', fr: 'Budget' },
} as const satisfies MessageTable;
