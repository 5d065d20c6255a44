import type { MessageTable } from '../table.ts';

/** User-facing text of the live API sources (HubSpot CRM, Meta Ads), English and French. */
export const apiMessages = {
  'api.token_missing': {
    en: 'Source "{source}" ({platform}) needs {variable} in the environment. See README, "Live sources".',
    fr: 'La source « {source} » ({platform}) a besoin de {variable} dans l’environnement. Voir le README, « Sources en direct ».',
  },
  'api.hubspot.unauthorized': {
    en: 'HubSpot refused the token of source "{source}" (401): HUBSPOT_ACCESS_TOKEN is missing, revoked or rotated. Copy the access token of the private app again.',
    fr: 'HubSpot a refusé le jeton de la source « {source} » (401) : HUBSPOT_ACCESS_TOKEN est absent, révoqué ou renouvelé. Recopiez le jeton d’accès de l’app privée.',
  },
  'api.hubspot.forbidden': {
    en: 'HubSpot denied source "{source}" access to {what} (403): give the private app the scope {scopes}, then copy its token again.',
    fr: 'HubSpot refuse à la source « {source} » l’accès à {what} (403) : donnez à l’app privée le scope {scopes}, puis recopiez son jeton.',
  },
  'api.hubspot.invalid': {
    en: 'HubSpot rejected a request of source "{source}" ({status}): {reason}',
    fr: 'HubSpot a rejeté une requête de la source « {source} » ({status}) : {reason}',
  },
  'api.hubspot.unavailable': {
    en: 'HubSpot did not answer for source "{source}" after {attempts} attempts ({reason}). The next refresh tries again.',
    fr: 'HubSpot n’a pas répondu pour la source « {source} » après {attempts} tentatives ({reason}). La prochaine actualisation réessaiera.',
  },
  'api.meta.unauthorized': {
    en: 'Meta refused the token of source "{source}" (code {code}): META_ACCESS_TOKEN is missing, expired or revoked. Generate a new system-user token.',
    fr: 'Meta a refusé le jeton de la source « {source} » (code {code}) : META_ACCESS_TOKEN est absent, expiré ou révoqué. Générez un nouveau jeton d’utilisateur système.',
  },
  'api.meta.forbidden': {
    en: 'Meta denied source "{source}" access to ad account {account} (code {code}): the system user needs the ads_read permission and the ad account assigned to it in Business Settings.',
    fr: 'Meta refuse à la source « {source} » l’accès au compte publicitaire {account} (code {code}) : l’utilisateur système a besoin de la permission ads_read et du compte publicitaire assigné dans les paramètres d’entreprise.',
  },
  'api.meta.invalid': {
    en: 'Meta rejected a request of source "{source}" (code {code}): {reason}',
    fr: 'Meta a rejeté une requête de la source « {source} » (code {code}) : {reason}',
  },
  'api.meta.unavailable': {
    en: 'Meta did not answer for source "{source}" after {attempts} attempts ({reason}). The next refresh tries again.',
    fr: 'Meta n’a pas répondu pour la source « {source} » après {attempts} tentatives ({reason}). La prochaine actualisation réessaiera.',
  },
  'api.warn.owners': {
    en: 'owner names need the crm.objects.owners.read scope: owners are shown by their HubSpot id',
    fr: 'les noms des propriétaires demandent le scope crm.objects.owners.read : ils sont affichés par leur identifiant HubSpot',
  },
  'api.warn.window': {
    en: 'pulled {count} records changed since {since}',
    fr: '{count} enregistrements modifiés depuis {since} récupérés',
  },
} as const satisfies MessageTable;
