/**
 * The README's "Answers in Slack" section: a few questions asked of the bundled sample, shown
 * as the reader sees them (a text rendering of the Block Kit reply), and their charts as PNG
 * files under docs/answers/. `node src/docs/answers.ts` regenerates both; a test keeps the
 * README's text equal to what the renderers produce today.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openData } from '../cli/kpi-data.ts';
import { loadSettings } from '../cli/kpi-settings.ts';
import { parseCommand } from '../command/grammar.ts';
import { vocabularyFrom } from '../command/vocabulary.ts';
import type { Locale } from '../i18n/locale.ts';
import { runQuery } from '../kpi/engine.ts';
import type { QueryResult } from '../kpi/result.ts';
import { vocabulary } from '../kpi/snapshot.ts';
import { generateSample, SAMPLE_ANCHOR, SAMPLE_SEED, SAMPLE_TIME_ZONE } from '../sample/index.ts';
import { renderAnswerChart } from '../slack/answer-chart.ts';
import { messageAsText } from '../slack/blocks/as-text.ts';
import { renderKpiReply } from '../slack/blocks/kpi-reply.ts';
import { createRenderContext } from '../slack/render-context.ts';

/** The questions the README shows, and the chart file of those that have one. */
export const DOC_QUESTIONS: readonly { text: string; locale: Locale; chart?: string }[] = [
  { text: 'cpl cac roi by=campaign period=2026-10', locale: 'en', chart: 'cpl-cac-roi-by-campaign.png' },
  { text: 'cpl by=channel period=2026-10 vs=previous', locale: 'en' },
  { text: 'funnel period=2026-10 vs=previous', locale: 'fr' },
  { text: 'leads cpl by=week period=2026-Q3', locale: 'en', chart: 'leads-cpl-by-week.png' },
];

/** "Now" for the answers (the sample's own anchor): the README reads the same on any date. */
const NOW = new Date(`${SAMPLE_ANCHOR}T09:00:00Z`);
export const CHART_DIR = 'docs/answers';

export interface DocAnswer {
  text: string;
  locale: Locale;
  /** The reply as text, as Slack shows it. */
  shown: string;
  chart?: { file: string; result: QueryResult };
}

/** Generates the sample (a smaller one than the demo's), ingests it and answers the questions. */
export async function docAnswers(): Promise<DocAnswer[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kpi-docs-'));
  try {
    const generated = await generateSample({
      seed: SAMPLE_SEED,
      anchor: NOW,
      months: 6,
      leads: 5_000,
      timeZone: SAMPLE_TIME_ZONE,
      outDir: dir,
    });
    const files = generated.map((g) => join(dir, g.file));
    const settings = await loadSettings(join(dir, 'kpi.yaml'), {}, files);
    const session = await openData({ files, settings, dateOrder: null, env: {} });
    try {
      const vocab = vocabularyFrom(vocabulary(session.snapshot));
      return DOC_QUESTIONS.map(({ text, locale, chart }) => {
        const parsed = parseCommand(text, {
          vocabulary: vocab,
          locale,
          now: NOW,
          timeZone: settings.timeZone,
        });
        if (!parsed.ok || parsed.value.kind !== 'query') throw new Error(`not a query: ${text}`);
        const result = runQuery(session.snapshot, parsed.value.query, {
          now: NOW,
          targets: settings.targets,
          onlyRequested: true,
        });
        if (!result.ok) throw result.error;
        const message = renderKpiReply(result.value, createRenderContext(locale, NOW.getTime()), text);
        const shown = messageAsText(message);
        return chart
          ? { text, locale, shown, chart: { file: chart, result: result.value } }
          : { text, locale, shown };
      });
    } finally {
      await session.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The README block: each question, its reply as text, and its chart when it has one. */
export function answersMarkdown(answers: readonly DocAnswer[]): string {
  return answers
    .map((a) => {
      const chart = a.chart
        ? `\n\nIts **Chart** button sends:\n\n![${a.text}](${CHART_DIR}/${a.chart.file})`
        : '';
      return `\`/kpi ${a.text}\`${a.locale === 'fr' ? ' (in French)' : ''}\n\n\`\`\`text\n${a.shown}\n\`\`\`${chart}`;
    })
    .join('\n\n');
}

async function main(): Promise<void> {
  const answers = await docAnswers();
  await mkdir(resolve(CHART_DIR), { recursive: true });
  for (const a of answers) {
    if (!a.chart) continue;
    const png = await renderAnswerChart(a.chart.result, a.locale);
    await writeFile(resolve(CHART_DIR, a.chart.file), png.png);
  }
  console.log(answersMarkdown(answers));
}

if (import.meta.main) await main();
