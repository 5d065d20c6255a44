import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import type { StoredChange } from '../../store/changes.ts';
import type { UndoOutcome } from '../../store/undo.ts';
import { contextLine, header, section } from './common.ts';

/** A time as Slack shows it in the reader's own zone. */
export const slackDate = (ms: number): string =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

const who = (actor: string): string =>
  /^[UW][A-Z0-9_]{2,}$/.test(actor) ? `<@${actor}>` : escapeMrkdwn(actor);

function size(bytes: number | null): string {
  if (bytes === null) return '?';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): string => {
  const n = num(value);
  return n === null ? '?' : String(n);
};

/** One change as a line: when, who, what (an import with its file, hash and counts, an undo …). */
export function changeLine(change: StoredChange, locale: Locale): string {
  const d = change.details;
  const by = who(change.actor);
  let what: string;
  switch (change.action) {
    case 'import':
      what = t(locale, 'changes.line.import', {
        who: by,
        name: escapeMrkdwn(truncate(str(d.name), 80)),
        size: size(num(d.bytes)),
        hash: str(d.sha256).slice(0, 12),
        added: count(d.added),
        updated: count(d.updated),
        skipped: count(d.skipped),
        id: escapeMrkdwn(change.subject ?? ''),
      });
      break;
    case 'undo':
      what = t(locale, 'changes.line.undo', {
        who: by,
        id: escapeMrkdwn(change.subject ?? ''),
        name: escapeMrkdwn(truncate(str(d.name), 80)),
        removed: count(d.removed),
        restored: count(d.restored),
      });
      break;
    case 'refresh':
      what = t(locale, 'changes.line.refresh', {
        who: by,
        sources: count(d.sources),
        rows: count(d.rows),
        rejected: count(d.rejected),
      });
      break;
    default:
      what = t(locale, 'changes.line.command', {
        who: by,
        command: escapeMrkdwn(truncate(str(d.command), 120)).replace(/`/g, "'"),
        // Our own reply, already Slack-safe (user data in it was escaped when it was rendered).
        outcome: truncate(str(d.outcome), 200),
      });
  }
  return `${slackDate(change.at)} · ${what}`;
}

/** `/kpi history [n]`: the last changes, newest first, and how long they are kept. */
export function renderHistory(
  changes: readonly StoredChange[],
  locale: Locale,
  keepDays: number,
): SlackMessage {
  const title = t(locale, 'changes.history.title');
  const blocks: Block[] = [header(title)];
  if (changes.length === 0) blocks.push(section(t(locale, 'changes.history.empty')));
  // A section holds 3 000 characters: lines go in as many sections as they need.
  let chunk: string[] = [];
  let length = 0;
  for (const change of changes) {
    const line = `• ${changeLine(change, locale)}`;
    if (length + line.length > 2800 && chunk.length > 0) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
      length = 0;
    }
    chunk.push(line);
    length += line.length + 1;
  }
  if (chunk.length > 0) blocks.push(section(chunk.join('\n')));
  const kept = contextLine([t(locale, 'changes.history.kept', { days: keepDays })]);
  if (kept) blocks.push(kept);
  return { text: title, blocks };
}

/** The reply to `/kpi import undo <id>`. */
export function renderUndo(outcome: UndoOutcome, id: string, locale: Locale): SlackMessage {
  if (!outcome.ok && outcome.reason === 'not_found') {
    const text = t(locale, 'changes.undo.not_found', { id: escapeMrkdwn(id) });
    return { text, blocks: [section(`:warning: ${text}`)] };
  }
  const params = { id: escapeMrkdwn(outcome.import.id), name: escapeMrkdwn(outcome.import.name) };
  let text: string;
  if (outcome.ok) {
    text = t(locale, 'changes.undo.done', {
      ...params,
      removed: outcome.removed,
      restored: outcome.restored,
    });
    return { text, blocks: [section(`:leftwards_arrow_with_hook: ${text}`)] };
  }
  switch (outcome.reason) {
    case 'already':
      text = t(locale, 'changes.undo.already', {
        ...params,
        who: who(outcome.by),
        when: slackDate(outcome.at),
      });
      break;
    case 'no_versions':
      text = t(locale, 'changes.undo.no_versions', params);
      break;
    case 'later': {
      const list = [...outcome.later]
        .reverse()
        .slice(0, 20)
        .map((i) => `• \`${escapeMrkdwn(i.id)}\` *${escapeMrkdwn(i.name)}* ${slackDate(i.finishedAt)}`);
      text = `${t(locale, 'changes.undo.later', params)}\n${list.join('\n')}`;
      break;
    }
  }
  return { text: truncate(text, 3000), blocks: [section(`:warning: ${truncate(text, 2900)}`)] };
}
