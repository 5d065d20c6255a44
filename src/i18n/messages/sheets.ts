import type { MessageTable } from '../table.ts';

/** User-facing text of the Google Sheets source, English and French. */
export const sheetsMessages = {
  'sheets.forbidden': {
    en: 'The Google Sheet of source "{source}" is not shared with the bot. Share it (Viewer is enough) with {email}.',
    fr: 'La Google Sheet de la source « {source} » n’est pas partagée avec le bot. Partagez-la (lecteur suffit) avec {email}.',
  },
  'sheets.not_found': {
    en: 'The Google Sheet of source "{source}" was not found (spreadsheet {spreadsheetId}, range {range}). Check the id and the tab name.',
    fr: 'La Google Sheet de la source « {source} » est introuvable (classeur {spreadsheetId}, plage {range}). Vérifiez l’identifiant et le nom de l’onglet.',
  },
  'sheets.unavailable': {
    en: 'Google Sheets did not answer for source "{source}" after {attempts} attempts ({reason}). Try again later.',
    fr: 'Google Sheets n’a pas répondu pour la source « {source} » après {attempts} tentatives ({reason}). Réessayez plus tard.',
  },
  'sheets.credentials': {
    en: 'No Google credentials for source "{source}": set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file ({reason}).',
    fr: 'Aucun identifiant Google pour la source « {source} » : définissez GOOGLE_APPLICATION_CREDENTIALS vers un fichier de clé de compte de service ({reason}).',
  },
} as const satisfies MessageTable;
