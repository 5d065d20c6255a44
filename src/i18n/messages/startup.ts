import type { MessageTable } from '../table.ts';

/** What `npm start` says when a startup step fails (src/main.ts), English and French. */
export const startupMessages = {
  'startup.step_failed': {
    en: 'Startup failed at step "{step}": {reason}',
    fr: 'Le démarrage a échoué à l’étape « {step} » : {reason}',
  },
  'startup.token_missing': {
    en: 'SLACK_BOT_TOKEN is required to run the Slack app (see README.md, "Connect a real Slack workspace").',
    fr: 'SLACK_BOT_TOKEN est nécessaire pour lancer l’app Slack (voir README.md, « Connect a real Slack workspace »).',
  },
  'startup.token_refused': {
    en: 'Slack refused SLACK_BOT_TOKEN ({error}): check the token of the installed app (xoxb-…).',
    fr: 'Slack a refusé SLACK_BOT_TOKEN ({error}) : vérifiez le jeton de l’app installée (xoxb-…).',
  },
  'startup.slack_unreachable': {
    en: 'Slack could not be reached after {attempts} attempts ({reason}).',
    fr: 'Slack est resté injoignable après {attempts} tentatives ({reason}).',
  },
} as const satisfies MessageTable;
