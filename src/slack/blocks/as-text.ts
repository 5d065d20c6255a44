import type { SlackMessage } from '../../shared/slack-message.ts';

/**
 * A message as a reader sees it in Slack, in plain text: for the README's examples and for
 * tests that read an answer the way a person does. Entities are decoded, the zero-width
 * spaces of escaping dropped, `*bold*` kept as is, code blocks indented by four spaces,
 * emoji codes shown as the emoji Slack draws, buttons as `[ Label ]`.
 */
const EMOJI: Readonly<Record<string, string>> = {
  ':large_green_circle:': '🟢',
  ':red_circle:': '🔴',
};

function shown(mrkdwn: string): string {
  return mrkdwn
    .replace(/\u200b/g, '')
    .replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Code blocks on their own lines, indented; the rest as it reads. */
function sectionText(text: string): string[] {
  const out: string[] = [];
  const parts = text.split('```');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      for (const line of part.replace(/^\n|\n$/g, '').split('\n')) out.push(`    ${shown(line)}`);
    } else if (part.trim() !== '') {
      out.push(...shown(part.trim()).split('\n'));
    }
  });
  return out;
}

type Text = { text?: unknown };
const textOf = (value: unknown): string =>
  typeof value === 'object' && value !== null && typeof (value as Text).text === 'string'
    ? String((value as Text).text)
    : '';

function blockText(block: SlackMessage['blocks'][number]): string[] {
  // Read as plain data: Bolt's KnownBlock and our Block spell the same JSON.
  const record: Record<string, unknown> = { ...block };
  switch (block.type) {
    case 'header':
      return [`# ${textOf(record.text)}`];
    case 'section': {
      const lines = sectionText(textOf(record.text));
      const fields = Array.isArray(record.fields) ? record.fields.map(textOf) : [];
      for (const field of fields) lines.push(shown(field).replace(/\n/g, ': '));
      return lines;
    }
    case 'context': {
      const elements = Array.isArray(record.elements) ? record.elements.map(textOf) : [];
      return elements.flatMap((e) => shown(e).split('\n')).map((line) => `> ${line}`);
    }
    case 'actions': {
      const elements = Array.isArray(record.elements) ? record.elements : [];
      return [elements.map((e) => `[ ${textOf((e as Record<string, unknown>).text)} ]`).join(' ')];
    }
    case 'divider':
      return ['---'];
    default:
      return [];
  }
}

/** The message's blocks as text, a blank line between blocks. */
export function messageAsText(message: SlackMessage): string {
  return message.blocks.map((block) => blockText(block).join('\n')).join('\n\n');
}
