import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const Manifest = z.object({
  display_information: z.object({ name: z.string().min(1).max(35) }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.literal(true), messages_tab_enabled: z.literal(true) }),
    bot_user: z.object({ display_name: z.string().min(1) }),
    slash_commands: z.array(
      z.object({ command: z.string(), url: z.url(), description: z.string().max(100) }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.url(), bot_events: z.array(z.string()) }),
    interactivity: z.object({
      is_enabled: z.literal(true),
      request_url: z.url(),
      message_menu_options_url: z.url(),
    }),
    socket_mode_enabled: z.literal(true),
  }),
});

describe('manifest.yml', () => {
  const manifest = Manifest.parse(parse(readFileSync('manifest.yml', 'utf8')));

  it('declares /kpi, interactivity with the options URL, App Home with the messages tab, Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/kpi']);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'file_shared',
      'message.im',
    ]);
  });

  it('asks for least-privilege scopes, each justified in the README', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    expect(scopes).toContain('commands');
    expect(scopes).not.toContain('chat:write.public');
    expect(
      scopes.filter(
        (s) => s.endsWith(':write') && s !== 'chat:write' && s !== 'files:write' && s !== 'im:write',
      ),
    ).toEqual([]);
    const doc = readFileSync('README.md', 'utf8');
    for (const scope of scopes) expect(doc).toContain(`\`${scope}\``);
  });
});
