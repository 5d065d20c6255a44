import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { escapeMrkdwn } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import { header, section } from './common.ts';

/** One source as the store reports it. */
export interface SourceStatus {
  name: string;
  rows: number;
  rejected: number;
  /** Epoch ms of the last import that brought rows, or null. */
  updatedAt: number | null;
  stale: boolean;
  /** Configured sources: the last successful refresh (new rows or not) and the next scheduled one. */
  lastRefreshAt?: number | null;
  nextRefreshAt?: number | null;
  /** The error of the failing refresh, while it keeps failing. */
  lastError?: string | null;
}

const when = (ms: number | null, locale: Locale): string =>
  ms === null
    ? t(locale, 'slack.sources.never')
    : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One mrkdwn line per source (shared by `/kpi sources` and the App Home). */
export function sourceLines(locale: Locale, sources: readonly SourceStatus[]): string[] {
  return sources.map((s) => {
    const line = t(locale, 'slack.sources.row', {
      name: escapeMrkdwn(s.name),
      rows: s.rows,
      rejected: s.rejected,
      when: when(s.updatedAt, locale),
    });
    const parts = [s.stale ? `:warning: ${line} (${t(locale, 'slack.sources.stale')})` : line];
    if (s.lastRefreshAt !== undefined || s.nextRefreshAt !== undefined) {
      parts.push(
        t(locale, 'slack.sources.refresh', {
          last: when(s.lastRefreshAt ?? null, locale),
          next: s.nextRefreshAt ? when(s.nextRefreshAt, locale) : t(locale, 'slack.sources.onChange'),
        }),
      );
    }
    if (s.lastError) parts.push(`:x: ${escapeMrkdwn(s.lastError.slice(0, 300))}`);
    return parts.join('\n      ');
  });
}

/** `/kpi sources`: freshness, row counts and rejected rows of every source. */
export function renderSources(locale: Locale, sources: readonly SourceStatus[]): SlackMessage {
  if (sources.length === 0) {
    const text = t(locale, 'slack.sources.empty');
    return { text, blocks: [section(text)] };
  }
  const lines = sourceLines(locale, sources);
  const blocks: Block[] = [header(t(locale, 'slack.sources.title'))];
  for (let i = 0; i < lines.length && blocks.length < 49; i += 20)
    blocks.push(section(lines.slice(i, i + 20).join('\n')));
  return { text: t(locale, 'slack.sources.title'), blocks };
}
