import { describe, expect, it } from 'vitest';
import { renderSources } from '../../src/slack/blocks/sources.ts';

describe('/kpi sources with refresh status', () => {
  it('shows last and next refresh, rows and the last error, escaped', () => {
    const message = renderSources('en', [
      {
        name: 'crm',
        rows: 1250,
        rejected: 2,
        updatedAt: Date.parse('2026-03-10T08:00:00Z'),
        stale: false,
        lastRefreshAt: Date.parse('2026-03-10T09:00:00Z'),
        nextRefreshAt: Date.parse('2026-03-10T10:00:00Z'),
        lastError: null,
      },
      {
        name: 'meta',
        rows: 0,
        rejected: 0,
        updatedAt: null,
        stale: true,
        lastRefreshAt: null,
        nextRefreshAt: null,
        lastError: 'Meta refused the token <!channel>',
      },
    ]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*crm*: 1250 rows, 2 rejected, updated 2026-03-10 08:00 UTC');
    expect(text).toContain('last refresh 2026-03-10 09:00 UTC · next 2026-03-10 10:00 UTC');
    expect(text).toContain('last refresh never · next when it changes');
    expect(text).toContain('Meta refused the token');
    expect(text).not.toContain('<!channel>');
  });
});
