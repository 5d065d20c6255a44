import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../command/types.ts';
import { renderDigestChart } from '../digest/chart.ts';
import { computeDigest } from '../digest/compute.ts';
import { digestToJson } from '../digest/json.ts';
import { renderDigestText } from '../digest/text.ts';
import { DEFAULT_DIGEST_SETTINGS } from '../digest/types.ts';
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
    settings: { ...DEFAULT_DIGEST_SETTINGS, targets: settings.targets },
    sources: session.sources.map((s) => ({ origin: s.origin, lastImportAt: s.lastImportAt })),
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
