/**
 * The reference of `npm run bench:slack`: a bare Bolt app in HTTP mode whose /kpi only acks
 * and then sends one reply through response_url (Bolt's own respond). Env: PORT,
 * SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL.
 */
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? 'http://127.0.0.1:9/api/' },
});

app.command('/kpi', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'ok' });
});

await app.start(Number(process.env.PORT ?? 3000));
process.stdout.write('bare bolt ready\n');
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
