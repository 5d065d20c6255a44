import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../command/types.ts';
import { renderDigestChart } from '../digest/chart.ts';
import { computeDigest } from '../digest/compute.ts';
import { digestToJson } from '../digest/json.ts';
import { digestSettings } from '../digest/settings.ts';
import { renderDigestText } from '../digest/text.ts';
import type { SourceFreshness } from '../digest/types.ts';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { DataSession } from './kpi-data.ts';
import type { KpiSettings } from './kpi-settings.ts';

export interface DigestOutput {
  text: string;
  json: Record<string, unknown>;
}

/**
 * ── Dispatch point for `kpi "digest [week=2026-W45]"` ──
 * The digest itself is the digest-alerts engineer's (src/digest/): computeDigest → text, JSON and
 * the chart PNG, written to the temp directory and its path printed. Subscriptions belong to Slack.
 */
export async function runDigestPreview(
  command: Extract<Command, { kind: 'digest'; action: 'preview' }>,
  session: DataSession,
  settings: KpiSettings,
  locale: Locale,
  now: Date,
): Promise<DigestOutput> {
  const digest = computeDigest(session.snapshot, {
    ...(command.week ? { week: command.week } : {}),
    now,
    settings: digestSettings({ ...settings.digest, targets: settings.targets }),
    sources: digestSources(session),
  });
  const json = digestToJson(digest);
  const chart = await renderDigestChart(digest, locale);
  const path = join(tmpdir(), `kpi-digest-${json.label}.png`);
  await writeFile(path, chart.png);
  return {
    text: `${renderDigestText(digest, locale)}\n\n${t(locale, 'command.cli.chart_written', { path })}`,
    json: { ...json, chart: path },
  };
}

/**
 * The sources as the digest judges them: each side a source feeds, with the last day of its
 * data (freshness is coverage of the week, not the age of the import).
 */
export function digestSources(session: Pick<DataSession, 'sources' | 'coverage'>): SourceFreshness[] {
  const imported = new Map(session.sources.map((s) => [s.origin, s.lastImportAt]));
  return session.coverage.map((c) => ({
    origin: c.origin,
    lastImportAt: imported.get(c.origin) ?? null,
    feeds: c.side,
    lastDataDay: c.lastDay,
  }));
}
