import type { MessageTable } from '../table.ts';

/** Who may change data and configuration (editors), the trail of changes, undoing an import. */
export const changesMessages = {
  'changes.editors.only': {
    en: 'Only editors can {action}. Ask {names}.',
    fr: 'Seuls les éditeurs peuvent {action}. Demandez à {names}.',
  },
  'changes.editors.admins': {
    en: 'a workspace owner or admin (no editors are configured: `access.editors` in kpi.yaml)',
    fr: 'un propriétaire ou un admin de l’espace de travail (aucun éditeur configuré : `access.editors` dans kpi.yaml)',
  },
  'changes.action.import': { en: 'import files', fr: 'importer des fichiers' },
  'changes.action.undo': { en: 'undo an import', fr: 'annuler un import' },
  'changes.action.refresh': { en: 'refresh the sources', fr: 'actualiser les sources' },
  'changes.action.alerts_add': { en: 'add alert rules', fr: 'ajouter des règles d’alerte' },
  'changes.action.alerts_remove': { en: 'remove alert rules', fr: 'supprimer des règles d’alerte' },
  'changes.action.alerts_snooze': { en: 'snooze alerts', fr: 'mettre des alertes en pause' },
  'changes.action.alerts_mute': { en: 'mute or unmute alerts', fr: 'couper ou rétablir des alertes' },
  'changes.action.subscribe': {
    en: 'subscribe a channel or someone else to the digest',
    fr: 'abonner un canal ou une autre personne au récapitulatif',
  },
  'changes.action.unsubscribe': {
    en: 'unsubscribe a channel or someone else from the digest',
    fr: 'désabonner un canal ou une autre personne du récapitulatif',
  },
  'changes.action.apply': { en: 'apply a large import', fr: 'appliquer un gros import' },
  'changes.download.too_big': {
    en: '{name} is {size} MB: the limit is {max} MB (`imports.maxFileMb` in kpi.yaml). Nothing was imported.',
    fr: '{name} fait {size} Mo : la limite est de {max} Mo (`imports.maxFileMb` dans kpi.yaml). Rien n’a été importé.',
  },
  'changes.download.host': {
    en: 'I did not download {name}: its address is not on Slack’s file host ({host}).',
    fr: 'Je n’ai pas téléchargé {name} : son adresse n’est pas sur l’hôte de fichiers de Slack ({host}).',
  },
  'changes.import.id': {
    en: '{added} rows added, {updated} updated. Import id `{id}`: `/kpi import undo {id}` takes it back.',
    fr: '{added} lignes ajoutées, {updated} modifiées. Identifiant de l’import `{id}` : `/kpi import undo {id}` l’annule.',
  },
  'changes.history.title': { en: 'Last changes', fr: 'Derniers changements' },
  'changes.history.empty': {
    en: 'No change recorded yet.',
    fr: 'Aucun changement enregistré pour l’instant.',
  },
  'changes.history.kept': {
    en: 'Changes are kept {days} days (`history.keepDays` in kpi.yaml).',
    fr: 'Les changements sont conservés {days} jours (`history.keepDays` dans kpi.yaml).',
  },
  'changes.line.import': {
    en: '{who} imported *{name}* ({size}, sha256 `{hash}`): {added} added, {updated} updated, {skipped} skipped · id `{id}`',
    fr: '{who} a importé *{name}* ({size}, sha256 `{hash}`) : {added} ajoutées, {updated} modifiées, {skipped} rejetées · id `{id}`',
  },
  'changes.line.undo': {
    en: '{who} undid import `{id}` (*{name}*): {removed} rows removed, {restored} restored',
    fr: '{who} a annulé l’import `{id}` (*{name}*) : {removed} lignes supprimées, {restored} rétablies',
  },
  'changes.line.refresh': {
    en: '{who} refreshed {sources} sources: {rows} rows read, {rejected} rejected',
    fr: '{who} a actualisé {sources} sources : {rows} lignes lues, {rejected} rejetées',
  },
  'changes.line.command': { en: '{who}: `{command}` → {outcome}', fr: '{who} : `{command}` → {outcome}' },
  'changes.undo.done': {
    en: 'Import `{id}` (*{name}*) undone: {removed} rows removed, {restored} rows back to their previous values.',
    fr: 'Import `{id}` (*{name}*) annulé : {removed} lignes supprimées, {restored} lignes revenues à leurs valeurs précédentes.',
  },
  'changes.undo.not_found': {
    en: 'There is no import `{id}`. `/kpi history` lists the imports and their ids.',
    fr: 'Il n’y a pas d’import `{id}`. `/kpi history` liste les imports et leurs identifiants.',
  },
  'changes.undo.already': {
    en: 'Import `{id}` (*{name}*) was already undone by {who} {when}.',
    fr: 'L’import `{id}` (*{name}*) a déjà été annulé par {who} {when}.',
  },
  'changes.undo.no_versions': {
    en: 'Import `{id}` (*{name}*) cannot be undone: it was not made through Slack, so the previous values of its rows were not kept (or they are older than the history).',
    fr: 'L’import `{id}` (*{name}*) ne peut pas être annulé : il n’a pas été fait par Slack, les valeurs précédentes de ses lignes n’ont pas été gardées (ou elles sont plus anciennes que l’historique).',
  },
  'changes.undo.later': {
    en: 'Import `{id}` (*{name}*) cannot be undone yet: later imports changed some of the same rows. Undo them first, newest first:',
    fr: 'L’import `{id}` (*{name}*) ne peut pas encore être annulé : des imports plus récents ont modifié certaines des mêmes lignes. Annulez-les d’abord, du plus récent au plus ancien :',
  },
  'changes.confirm.ask': {
    en: '*{name}* would change {updated} of the {existing} stored rows of its source ({percent} %; more than {share} % asks first) and {stageDates} stage dates (more than {maxStageDates} asks first), and add {added} rows. Nothing is imported yet.',
    fr: '*{name}* modifierait {updated} des {existing} lignes déjà enregistrées de sa source ({percent} % ; au-delà de {share} % on demande d’abord) et {stageDates} dates d’étape (au-delà de {maxStageDates} on demande d’abord), et ajouterait {added} lignes. Rien n’est encore importé.',
  },
  'changes.confirm.apply': { en: 'Apply', fr: 'Appliquer' },
  'changes.confirm.cancel': { en: 'Cancel', fr: 'Annuler' },
  'changes.confirm.who': {
    en: 'Only an editor can apply it, within 24 hours.',
    fr: 'Seul un éditeur peut l’appliquer, dans les 24 heures.',
  },
  'changes.confirm.expired': {
    en: 'This import waited more than 24 hours: nothing was imported. Send the file again.',
    fr: 'Cet import a attendu plus de 24 heures : rien n’a été importé. Renvoyez le fichier.',
  },
  'changes.confirm.decided': {
    en: 'This import was already applied or cancelled.',
    fr: 'Cet import a déjà été appliqué ou annulé.',
  },
  'changes.confirm.cancelled': {
    en: '*{name}*: cancelled by {who}, nothing was imported.',
    fr: '*{name}* : annulé par {who}, rien n’a été importé.',
  },
  'changes.confirm.changed': {
    en: '*{name}* changed since its counts were shown (its content is not the same): nothing was imported. Send it again.',
    fr: '*{name}* a changé depuis l’affichage des chiffres (son contenu n’est plus le même) : rien n’a été importé. Renvoyez-le.',
  },
} as const satisfies MessageTable;
