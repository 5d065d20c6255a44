import type { MessageTable } from '../table.ts';

/** User-facing text of the configuration (environment and YAML file), English and French. */
export const configMessages = {
  'config.env_invalid': {
    en: 'The environment variable {variable} is invalid: {reason}. See .env.example.',
    fr: 'La variable d’environnement {variable} est invalide : {reason}. Voir .env.example.',
  },
  'config.file_missing': {
    en: 'The config file {file} cannot be read. Check KPI_CONFIG.',
    fr: 'Le fichier de configuration {file} est illisible. Vérifiez KPI_CONFIG.',
  },
  'config.file_unparsable': {
    en: 'The config file {file} is not valid YAML: {reason}',
    fr: 'Le fichier de configuration {file} n’est pas du YAML valide : {reason}',
  },
  'config.file_invalid': {
    en: 'The config file {file} is invalid at {path}: {reason}',
    fr: 'Le fichier de configuration {file} est invalide à {path} : {reason}',
  },
} as const satisfies MessageTable;
