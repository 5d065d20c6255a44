import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kpiTableMarkdown } from '../../src/docs/kpi-table.ts';
import { PRESETS } from '../../src/ingest/presets/index.ts';
import { METRIC_IDS } from '../../src/kpi/query.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every metric with the formula the catalogue holds', () => {
    const start = readme.indexOf('<!-- kpi-table:start');
    const end = readme.indexOf('<!-- kpi-table:end -->');
    expect(start).toBeGreaterThan(0);
    const block = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
    expect(block).toBe(kpiTableMarkdown());
    for (const id of METRIC_IDS) expect(block).toContain(`\`${id}\``);
  });

  it('names every built-in preset', () => {
    for (const preset of PRESETS) expect(readme).toContain(`\`${preset.id}\``);
  });

  it('has a quick start of exactly two commands', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## The command language'));
    const block = quick.slice(quick.indexOf('```sh') + 5, quick.indexOf('```', quick.indexOf('```sh') + 5));
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
  });
});
