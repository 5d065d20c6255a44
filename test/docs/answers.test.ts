import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answersMarkdown, CHART_DIR, DOC_QUESTIONS, docAnswers } from '../../src/docs/answers.ts';
import { PHONE_CODE_WIDTH } from '../../src/slack/blocks/width.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const PNG = '\x89PNG';

describe('README answers', () => {
  it('shows the replies the renderers give today, on the sample', async () => {
    const start = readme.indexOf('<!-- answers:start');
    const end = readme.indexOf('<!-- answers:end -->');
    expect(start).toBeGreaterThan(0);
    const block = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
    const answers = await docAnswers();
    expect(block).toBe(answersMarkdown(answers));
    // The example of issue 16 is there, and its table fits a phone.
    expect(block).toContain('`/kpi cpl cac roi by=campaign period=2026-10`');
    const code = block.split('\n').filter((line) => line.startsWith('    '));
    expect(code.length).toBeGreaterThan(20);
    for (const line of code) expect([...line.slice(4)].length, line).toBeLessThanOrEqual(PHONE_CODE_WIDTH);
  }, 120_000);

  it('links chart PNGs committed under docs/', () => {
    const charts = DOC_QUESTIONS.flatMap((q) => (q.chart ? [q.chart] : []));
    expect(charts.length).toBeGreaterThan(0);
    for (const file of charts) {
      expect(readme).toContain(`](${CHART_DIR}/${file})`);
      const png = readFileSync(new URL(`../../${CHART_DIR}/${file}`, import.meta.url));
      expect(png.subarray(0, 4).toString('latin1')).toBe(PNG);
      expect(png.readUInt32BE(16)).toBeGreaterThan(800);
    }
  });
});
