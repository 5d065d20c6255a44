import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/shared/logger.ts';
import { downloadSlackFile, fileHosts, SLACK_FILE_HOST } from '../../src/slack/download.ts';

/** A loopback host that records each request's Authorization header and answers with `handle`. */
async function host(handle: (req: IncomingMessage) => { status: number; body?: string; location?: string }) {
  const seen: (string | null)[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? null);
    const out = handle(req);
    res.writeHead(out.status, out.location ? { location: out.location } : {});
    res.end(out.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, hostPort, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('downloading a Slack file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-download-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('allows files.slack.com, and the host of SLACK_API_URL when set', () => {
    expect(fileHosts(undefined)).toEqual([SLACK_FILE_HOST]);
    expect(fileHosts('http://127.0.0.1:4567/api/')).toEqual([SLACK_FILE_HOST, '127.0.0.1:4567']);
  });

  it('streams to disk with its SHA-256; a redirect to another host is followed without the token', async () => {
    const content = 'Record ID,Create Date\n1,2026-03-01\n'.repeat(200);
    const cdn = await host(() => ({ status: 200, body: content }));
    const slack = await host(() => ({ status: 302, location: `http://${cdn.hostPort}/signed/F1` }));
    try {
      const path = join(dir, 'a.csv');
      const got = await downloadSlackFile(
        `http://${slack.hostPort}/files/F1`,
        undefined,
        path,
        'xoxb-secret',
        { hosts: [slack.hostPort], maxBytes: 1_000_000 },
        silentLogger,
      );
      expect(got).toEqual({
        ok: true,
        bytes: Buffer.byteLength(content),
        sha256: createHash('sha256').update(content).digest('hex'),
      });
      expect(await readFile(path, 'utf8')).toBe(content);
      expect(slack.seen).toEqual(['Bearer xoxb-secret']);
      expect(cdn.seen).toEqual([null]);
    } finally {
      await slack.close();
      await cdn.close();
    }
  });

  it('refuses by Content-Length before reading the body, and an announced size before any request', async () => {
    const big = await host(() => ({ status: 200, body: 'x'.repeat(5000) }));
    try {
      const limits = { hosts: [big.hostPort], maxBytes: 1000 };
      const url = `http://${big.hostPort}/files/F2`;
      const announced = await downloadSlackFile(
        url,
        250 * 1024 * 1024,
        join(dir, 'b.csv'),
        't',
        limits,
        silentLogger,
      );
      expect(announced).toEqual({ ok: false, reason: 'too_big', bytes: 250 * 1024 * 1024 });
      expect(big.seen).toEqual([]);
      const byLength = await downloadSlackFile(url, undefined, join(dir, 'c.csv'), 't', limits, silentLogger);
      expect(byLength).toEqual({ ok: false, reason: 'too_big', bytes: 5000 });
    } finally {
      await big.close();
    }
  });
});
