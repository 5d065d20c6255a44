import type { MessageTable } from '../table.ts';

/** User-facing text of the ingest area, English and French. */
export const ingestMessages = {
  'ingest.skip.date': { en: 'not a date: "{value}"', fr: 'date illisible : « {value} »' },
  'ingest.skip.dateOrder': {
    en: 'the date "{value}" contradicts the date order of the file ({order})',
    fr: 'la date « {value} » contredit l’ordre des dates du fichier ({order})',
  },
  'ingest.skip.number': { en: 'not a number: "{value}"', fr: 'nombre illisible : « {value} »' },
  'ingest.skip.hour': {
    en: 'not an hour of day (0–23): "{value}"',
    fr: 'heure de la journée illisible (0 à 23) : « {value} »',
  },
  'ingest.skip.currency': {
    en: 'the amount "{value}" is not in {currency} and no rate is configured',
    fr: 'le montant « {value} » n’est pas en {currency} et aucun taux n’est configuré',
  },
  'ingest.skip.required': { en: '{field} is empty', fr: '{field} est vide' },
  'ingest.skip.short': {
    en: 'the row has {count} cells where the header has {expected}, and {field} is missing',
    fr: 'la ligne a {count} cellules alors que l’en-tête en a {expected}, et {field} manque',
  },
  'ingest.skip.invalid': { en: 'invalid value: {reason}', fr: 'valeur invalide : {reason}' },
  'ingest.error.unreadable': {
    en: '{file}: the file cannot be read ({reason})',
    fr: '{file} : le fichier est illisible ({reason})',
  },
  'ingest.error.empty': { en: '{file}: the file is empty', fr: '{file} : le fichier est vide' },
  'ingest.error.formatUnknown': {
    en: '{file}: unknown export format (header: {header}). Name a preset with --preset ({presets}) or give the source a column mapping (sources[].mapping) in the config.',
    fr: '{file} : format d’export inconnu (en-tête : {header}). Indiquez un preset avec --preset ({presets}) ou donnez à la source une correspondance de colonnes (sources[].mapping) dans la configuration.',
  },
  'ingest.error.formatClosest': {
    en: '{file}: unknown export format (header: {header}). Closest preset: {closest}, but the header lacks a column for: {missing}. Rename those columns, name a preset with --preset ({presets}), or give the source a column mapping (sources[].mapping) in the config.',
    fr: '{file} : format d’export inconnu (en-tête : {header}). Preset le plus proche : {closest}, mais l’en-tête n’a pas de colonne pour : {missing}. Renommez ces colonnes, indiquez un preset avec --preset ({presets}) ou donnez à la source une correspondance de colonnes (sources[].mapping) dans la configuration.',
  },
  'ingest.error.notFound': { en: '{file}: file not found', fr: '{file} : fichier introuvable' },
  'ingest.error.presetUnknown': {
    en: '{file}: there is no preset named "{preset}" (known: {presets})',
    fr: '{file} : aucun preset ne s’appelle « {preset} » (connus : {presets})',
  },
  'ingest.error.presetMismatch': {
    en: '{file}: the header does not match the preset {preset} (missing columns for: {missing})',
    fr: '{file} : l’en-tête ne correspond pas au preset {preset} (colonnes manquantes : {missing})',
  },
  'ingest.error.dateOrderAmbiguous': {
    en: '{file}: dates such as "{value}" (row {row}) read both day-first and month-first, and no date of the file decides. Set sources[].dateOrder: dmy|mdy in the config, or pass --date-order dmy|mdy.',
    fr: '{file} : des dates comme « {value} » (ligne {row}) se lisent jour-mois comme mois-jour, et aucune date du fichier ne tranche. Indiquez sources[].dateOrder: dmy|mdy dans la configuration, ou passez --date-order dmy|mdy.',
  },
  'ingest.error.currencyMismatch': {
    en: '{file}: amounts are in {found} but the workspace currency is {currency}. Configure a rate for {found} in the config (rates: {{found}: …}, the {currency} value of 1 {found}) or import the file into a {found} workspace.',
    fr: '{file} : les montants sont en {found} alors que la devise de l’espace est {currency}. Configurez un taux pour {found} dans la configuration (rates: {{found}: …}, la valeur en {currency} de 1 {found}) ou importez le fichier dans un espace en {found}.',
  },
  'ingest.error.gridNoRange': {
    en: '{file}: a campaign grid (no date per row) whose date range is not stated (range line: {stated}). Say which days it covers with --period (e.g. --period 2026-02 or --period "from=2026-01-27 to=2026-02-23") or sources[].period in the config.',
    fr: '{file} : une grille de campagnes (sans date par ligne) dont la plage de dates n’est pas indiquée (ligne de plage : {stated}). Indiquez les jours couverts avec --period (par ex. --period 2026-02 ou --period "from=2026-01-27 to=2026-02-23") ou sources[].period dans la configuration.',
  },
  'ingest.error.doubleCount': {
    en: '{file} holds spend that {other} already holds at another level: "{campaign}" ({platform}) from {from} to {to}, {days} campaign-days in all ({level} here, {otherLevel} there). Adding both would count that spend twice, so nothing was imported. Say which level to keep with workspace.keepLevel in the config (e.g. keepLevel: {{platform}: {level}}), or import one of the two files.',
    fr: '{file} contient des dépenses que {other} contient déjà à un autre niveau : « {campaign} » ({platform}) du {from} au {to}, {days} jours-campagnes en tout ({level} ici, {otherLevel} là-bas). Les ajouter compterait ces dépenses deux fois : rien n’a été importé. Indiquez le niveau à garder avec workspace.keepLevel dans la configuration (par ex. keepLevel: {{platform}: {level}}), ou n’importez qu’un des deux fichiers.',
  },
  'ingest.skip.levelCovered': {
    en: 'this spend is already counted at the level kept for the platform (workspace.keepLevel)',
    fr: 'ces dépenses sont déjà comptées au niveau gardé pour la plateforme (workspace.keepLevel)',
  },
  'ingest.warn.levelCovered': {
    en: "{days} campaign-days of {platform} spend are already counted at level {otherLevel} from {other} (workspace.keepLevel): this file's rows there ({level}) were skipped",
    fr: '{days} jours-campagnes de dépenses {platform} sont déjà comptés au niveau {otherLevel} depuis {other} (workspace.keepLevel) : les lignes de ce fichier ({level}) y ont été ignorées',
  },
  'ingest.warn.levelReplaced': {
    en: '{days} campaign-days of {platform} spend from {other} (level {otherLevel}) are now counted from this file (level {level}, workspace.keepLevel): {rows} stored rows were replaced',
    fr: '{days} jours-campagnes de dépenses {platform} de {other} (niveau {otherLevel}) sont désormais comptés depuis ce fichier (niveau {level}, workspace.keepLevel) : {rows} lignes enregistrées remplacées',
  },
  'ingest.warn.otherSearchTerms': {
    en: '{amount} {currency} of this report\'s spend is in no row ("Total: Other search terms": terms Google does not show). This file holds less than its campaigns spent: use a campaign or ad group report for spend totals',
    fr: '{amount} {currency} de dépenses de ce rapport ne sont sur aucune ligne (« Total: Other search terms » : termes que Google ne montre pas). Ce fichier contient moins que les dépenses de ses campagnes : utilisez un rapport par campagne ou par groupe d’annonces pour les totaux de dépenses',
  },
  'ingest.warn.extraCells': {
    en: '{count} rows have more cells than the header: the extra cells were ignored',
    fr: '{count} lignes ont plus de cellules que l’en-tête : les cellules en trop ont été ignorées',
  },
  'ingest.warn.noRows': {
    en: 'the file has a header but no data rows',
    fr: 'le fichier a un en-tête mais aucune ligne de données',
  },
  'ingest.warn.joinUnchecked': {
    en: 'nothing of the other side (leads or spend) is loaded yet: campaigns were not matched',
    fr: 'rien de l’autre côté (leads ou dépenses) n’est encore chargé : les campagnes n’ont pas été rapprochées',
  },
  'ingest.report.title': { en: '{name}: {preset} ({how})', fr: '{name} : {preset} ({how})' },
  'ingest.report.how.named': { en: 'named', fr: 'indiqué' },
  'ingest.report.how.detected': { en: 'detected from the header', fr: 'détecté d’après l’en-tête' },
  'ingest.report.failed': { en: '{name}: not imported', fr: '{name} : non importé' },
  'ingest.report.dialect': {
    en: 'encoding {encoding}, delimiter {delimiter}, decimal separator {decimal}, header on row {row}',
    fr: 'encodage {encoding}, séparateur {delimiter}, séparateur décimal {decimal}, en-tête ligne {row}',
  },
  'ingest.report.dateOrder.data': {
    en: 'date order {order}: "{value}" on row {row}',
    fr: 'ordre des dates {order} : « {value} » ligne {row}',
  },
  'ingest.report.dateOrder.option': {
    en: 'date order {order}: set in the options or the config',
    fr: 'ordre des dates {order} : fixé par les options ou la configuration',
  },
  'ingest.report.dateOrder.preset': {
    en: 'date order {order}: the export format always uses it',
    fr: 'ordre des dates {order} : le format d’export l’utilise toujours',
  },
  'ingest.report.dateOrder.language': {
    en: 'date order {order}: no date of the file decides, and its headers are in {language} (day first)',
    fr: 'ordre des dates {order} : aucune date du fichier ne tranche, et ses en-têtes sont en {language} (jour d’abord)',
  },
  'ingest.report.dateOrder.none': {
    en: 'date order: not needed (ISO dates, month names or serial numbers)',
    fr: 'ordre des dates : inutile (dates ISO, noms de mois ou numéros de série)',
  },
  'ingest.report.counts': {
    en: '{read} rows read: {accepted} accepted, {merged} merged as duplicates, {summary} summary rows skipped, {skipped} skipped',
    fr: '{read} lignes lues : {accepted} acceptées, {merged} fusionnées (doublons), {summary} lignes de total ignorées, {skipped} rejetées',
  },
  'ingest.report.skipExample': {
    en: '  row {row}, {field}: {reason}',
    fr: '  ligne {row}, {field} : {reason}',
  },
  'ingest.report.moreSkipped': { en: '  … and {count} more', fr: '  … et {count} de plus' },
  'ingest.report.mergedExamples': {
    en: '  merged (identical in every column, or the same record id): {list}',
    fr: '  fusionnées (identiques dans toutes les colonnes, ou même identifiant) : {list}',
  },
  'ingest.report.mergedPair': { en: 'row {row} = row {firstRow}', fr: 'ligne {row} = ligne {firstRow}' },
  'ingest.report.unattributedLeads': {
    en: '{count} leads of paid or unknown channels join no campaign with spend (kept, unattributed)',
    fr: '{count} leads de canaux payants ou inconnus ne correspondent à aucune campagne avec dépenses (gardés, non attribués)',
  },
  'ingest.report.unpaid': {
    en: 'leads from channels that carry no spend (kept, not unattributed): {list}',
    fr: 'leads de canaux sans dépenses (gardés, pas « non attribués ») : {list}',
  },
  'ingest.report.unattributedSpend': {
    en: '{amount} of spend ({count} rows) joins no campaign with leads (kept, unattributed)',
    fr: '{amount} de dépenses ({count} lignes) ne correspondent à aucune campagne avec leads (gardées, non attribuées)',
  },
  'ingest.report.inferred': {
    en: 'stage dates inferred from the stage or status column: {list}',
    fr: 'dates d’étape déduites de la colonne étape ou statut : {list}',
  },
  'ingest.report.level': { en: 'report level: {level}', fr: 'niveau du rapport : {level}' },
  'ingest.report.levelBreakdowns': {
    en: 'report level: {level}, broken down by {list}',
    fr: 'niveau du rapport : {level}, ventilé par {list}',
  },
  'ingest.level.campaign': { en: 'campaign', fr: 'campagne' },
  'ingest.level.ad_group': { en: 'ad group / ad set', fr: 'groupe d’annonces / ensemble de publicités' },
  'ingest.level.ad': { en: 'ad', fr: 'annonce' },
  'ingest.level.keyword': { en: 'keyword', fr: 'mot-clé' },
  'ingest.level.search_term': { en: 'search term', fr: 'terme de recherche' },
  'ingest.report.warning': { en: 'warning: {text}', fr: 'attention : {text}' },
  'ingest.report.span.file': {
    en: 'each row covers {from} → {to} (the file’s date range); a period that cuts it counts its share of days',
    fr: 'chaque ligne couvre {from} → {to} (plage de dates du fichier) ; une période qui la coupe en compte la part de jours',
  },
  'ingest.report.span.period': {
    en: 'each row covers {from} → {to} (--period / sources[].period); a period that cuts it counts its share of days',
    fr: 'chaque ligne couvre {from} → {to} (--period / sources[].period) ; une période qui la coupe en compte la part de jours',
  },
  'ingest.report.totalMismatch': {
    en: 'the rows sum to {rows} but the file’s own "{label}" row says {stated}',
    fr: 'les lignes totalisent {rows} mais la ligne « {label} » du fichier indique {stated}',
  },
  'ingest.report.fields': { en: 'columns read: {list}', fr: 'colonnes lues : {list}' },
  'ingest.report.lacking': { en: 'not in this file: {text}', fr: 'absent de ce fichier : {text}' },
  'ingest.lack.revenue': {
    en: 'revenue (no amount column): revenue, ROI, profit, RPL and NPL are n/a unless another source has it',
    fr: 'chiffre d’affaires (aucune colonne de montant) : CA, ROI, profit, RPL et NPL sont n/d sauf si une autre source l’apporte',
  },
  'ingest.lack.revenueFrom': {
    en: 'revenue (no {columns} column): revenue, ROI, profit, RPL and NPL are n/a unless another source has it',
    fr: 'chiffre d’affaires (aucune colonne {columns}) : CA, ROI, profit, RPL et NPL sont n/d sauf si une autre source l’apporte',
  },
  'ingest.lack.stages': {
    en: 'stage dates (MQL, SQL, customer): those counts and their conversion rates are n/a unless another source has them',
    fr: 'dates d’étape (MQL, SQL, client) : ces comptes et leurs taux de conversion sont n/d sauf si une autre source les apporte',
  },
  'ingest.lack.channel': {
    en: 'a channel column: its leads count as channel "other"',
    fr: 'une colonne de canal : ses leads comptent dans le canal « other »',
  },
  'ingest.lack.campaign': {
    en: 'a campaign column: its rows cannot be joined to the other side by campaign',
    fr: 'une colonne de campagne : ses lignes ne peuvent pas être rapprochées de l’autre côté par campagne',
  },
  'ingest.lack.reach': {
    en: 'impressions and clicks: CTR, CPC and CPM are n/a unless another source has them',
    fr: 'impressions et clics : CTR, CPC et CPM sont n/d sauf si une autre source les apporte',
  },
  'ingest.report.elapsed': { en: 'done in {ms} ms', fr: 'terminé en {ms} ms' },
  'ingest.cli.usage': {
    en: 'usage: npm run ingest -- [--preset ID] [--date-order dmy|mdy] [--period PERIOD] [--config FILE] [--dry-run] <files…>\n  --period PERIOD  the days a campaign grid covers when the file does not say (2026-02, 2026-W05, "from=2026-01-27 to=2026-02-23")',
    fr: 'usage : npm run ingest -- [--preset ID] [--date-order dmy|mdy] [--period PÉRIODE] [--config FICHIER] [--dry-run] <fichiers…>\n  --period PÉRIODE  les jours couverts par une grille de campagnes quand le fichier ne le dit pas (2026-02, 2026-W05, "from=2026-01-27 to=2026-02-23")',
  },
  'ingest.cli.noFiles': {
    en: 'no files given and no file sources in the config',
    fr: 'aucun fichier indiqué et aucune source fichier dans la configuration',
  },
  'ingest.cli.dryRun': {
    en: 'dry run: nothing was written to the store',
    fr: 'simulation : rien n’a été écrit dans la base',
  },
  'ingest.cli.snapshotFailed': {
    en: 'the data is stored, but its snapshot was not saved for the next start ({reason}): the app builds it when it starts',
    fr: 'les données sont enregistrées, mais leur instantané n’a pas été sauvegardé pour le prochain démarrage ({reason}) : l’application le construira au démarrage',
  },
} as const satisfies MessageTable;
