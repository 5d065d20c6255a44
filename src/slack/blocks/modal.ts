import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { RELATIVE_PERIODS } from '../../kpi/query.ts';
import { DIMENSIONS } from '../../model/dimension.ts';
import { truncate } from '../../shared/escape.ts';
import { type Block, SLACK_LIMITS } from '../../shared/slack-message.ts';
import { ACTIONS } from './common.ts';
import type { MetricInfo } from './types.ts';

/** Dimensions offered as filters in the modal (values come from the data, by type-ahead). */
export const MODAL_FILTERS = ['channel', 'source', 'campaign', 'owner', 'country'] as const;
export const MODAL_PERIODS = ['last-7d', 'last-30d', 'last-90d', ...RELATIVE_PERIODS] as const;

const option = (text: string, value: string) => ({
  text: { type: 'plain_text' as const, text: truncate(text, SLACK_LIMITS.optionText) || value },
  value: truncate(value, 150),
});

type InputElement =
  | {
      type: 'static_select';
      action_id: string;
      options: ReturnType<typeof option>[];
      initial_option?: ReturnType<typeof option>;
    }
  | { type: 'multi_external_select'; action_id: string; min_query_length: number };

const input = (blockId: string, label: string, element: InputElement, optional: boolean): Block => ({
  type: 'input',
  block_id: blockId,
  optional,
  label: { type: 'plain_text', text: truncate(label, 2000) },
  element,
});
const select = (options: ReturnType<typeof option>[], initial?: ReturnType<typeof option>): InputElement => ({
  type: 'static_select',
  action_id: 'value',
  options,
  ...(initial ? { initial_option: initial } : {}),
});

export interface ModalView {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: { type: 'plain_text'; text: string };
  submit: { type: 'plain_text'; text: string };
  close: { type: 'plain_text'; text: string };
  blocks: Block[];
}

/** The question builder opened by `/kpi` with no text. `channel` is where to answer. */
export function renderQueryModal(locale: Locale, metrics: readonly MetricInfo[], channel: string): ModalView {
  const plain = (text: string) => ({
    type: 'plain_text' as const,
    text: truncate(text, SLACK_LIMITS.viewTitle),
  });
  const blocks: Block[] = [
    input(
      'metric',
      t(locale, 'slack.modal.metric'),
      select(metrics.slice(0, 100).map((m) => option(`${m.name} (${m.id})`, m.id))),
      false,
    ),
    input(
      'by',
      t(locale, 'slack.modal.breakdown'),
      select([...DIMENSIONS, 'day', 'week', 'month'].map((d) => option(d, d))),
      true,
    ),
    input(
      'period',
      t(locale, 'slack.modal.period'),
      select(
        MODAL_PERIODS.map((p) => option(p, p)),
        option('last-30d', 'last-30d'),
      ),
      false,
    ),
    ...MODAL_FILTERS.map((dimension) =>
      input(
        `filter_${dimension}`,
        t(locale, 'slack.modal.filter', { dimension }),
        { type: 'multi_external_select', action_id: `filter:${dimension}`, min_query_length: 0 },
        true,
      ),
    ),
    {
      type: 'input',
      block_id: 'compare',
      optional: true,
      label: { type: 'plain_text', text: t(locale, 'slack.modal.compare') },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [option(t(locale, 'slack.modal.compare'), 'previous')],
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: ACTIONS.modalSubmit,
    private_metadata: truncate(channel, SLACK_LIMITS.privateMetadata),
    title: plain(t(locale, 'slack.modal.title')),
    submit: plain(t(locale, 'slack.modal.submit')),
    close: plain(t(locale, 'slack.modal.cancel')),
    blocks,
  };
}

/** Quotes a value for the /kpi grammar. */
const quote = (value: string): string => `"${value.replace(/"/g, "'")}"`;

/** The modal's answers as a /kpi text, so the submission goes through the same grammar. */
export function modalToCommandText(values: {
  metric: string;
  by: string | null;
  period: string | null;
  filters: Readonly<Record<string, readonly string[]>>;
  compare: boolean;
}): string {
  const parts = [values.metric];
  for (const [dimension, list] of Object.entries(values.filters)) {
    if (list.length > 0) parts.push(`${dimension}=${list.map(quote).join(',')}`);
  }
  if (values.by) parts.push(`by=${values.by}`);
  if (values.period) parts.push(`period=${values.period}`);
  if (values.compare) parts.push('vs=previous');
  return parts.join(' ');
}
