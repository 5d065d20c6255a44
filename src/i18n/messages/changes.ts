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
} as const satisfies MessageTable;
