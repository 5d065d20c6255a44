import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { APP_TOKEN, type Harness, startHarness } from '../support/slack-harness.ts';
import { eventually } from '../support/wait.ts';

/**
 * Socket Mode end to end: the app opens its connection with apps.connections.open (loopback
 * Web API), connects to the URL it got (a `ws` server standing in for Slack's), receives a
 * slash command envelope, acknowledges it on the socket and answers through response_url.
 */
describe('Socket Mode against a loopback apps.connections.open and WebSocket server', () => {
  let wss: WebSocketServer;
  let h: Harness;
  const sockets: WebSocket[] = [];
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    wss.on('connection', (socket, request) => {
      sockets.push(socket);
      socket.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'loopback', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0001' },
          path: request.url,
        }),
      );
    });
    const port = (wss.address() as AddressInfo).port;
    h = await startHarness({
      settings: { appToken: APP_TOKEN },
      beforeStart: (slack) => {
        slack.socketModeUrl = `ws://127.0.0.1:${port}/link/?ticket=t1`;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await h.close();
    for (const s of sockets) s.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  it('acknowledges a slash command envelope on the socket and answers it', { timeout: 60_000 }, async () => {
    await eventually(() => sockets.length === 1, 'the app connecting with the URL it was given', {
      timeoutMs: 30_000,
    });
    const open = h.slack.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    // The app-level token, not the bot token, opens the connection.
    expect(open[0]?.authorization).toBe(`Bearer ${APP_TOKEN}`);
    // The hello went first on this socket: the envelope below arrives after it, in order.
    sockets[0]?.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'legacy',
          team_id: 'T0001',
          team_domain: 'acme',
          channel_id: 'C0001',
          channel_name: 'growth',
          user_id: 'U0001',
          user_name: 'marie',
          command: '/kpi',
          text: 'cpl by=campaign period=2026-10',
          api_app_id: 'A0001',
          is_enterprise_install: 'false',
          response_url: h.slack.responseUrl('socket'),
          trigger_id: '1.2.socket',
        },
      }),
    );
    await eventually(() => received.some((m) => m.envelope_id === 'env-1'), 'the ack envelope');
    const ack = received.find((m) => m.envelope_id === 'env-1');
    expect(ack).toBeDefined();
    // The ack carries the envelope id and nothing to post (the answer goes through response_url).
    expect(Object.keys(ack ?? {}).filter((k) => k !== 'payload')).toEqual(['envelope_id']);
    await eventually(() => h.slack.responses.some((r) => r.path === '/response/socket'), 'the answer');
    const reply = h.slack.responses.find((r) => r.path === '/response/socket')?.body ?? {};
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply)).toContain('Spring Sale');
    expect(received.filter((m) => m.envelope_id === 'env-1')).toHaveLength(1);
  });
});
