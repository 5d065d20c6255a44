import type { KnownBlock } from '@slack/web-api';
import { z } from 'zod';
import { truncate } from './escape.ts';

/** Slack's documented Block Kit limits (messages, modals, App Home). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  viewTitle: 24,
  privateMetadata: 3000,
  optionText: 75,
  staticOptions: 100,
  inputLabel: 2000,
  fallbackText: 40000,
} as const;

const L = SLACK_LIMITS;
const plain = (max: number) =>
  z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(max) }).loose();
const anyText = (max: number) =>
  z.object({ type: z.enum(['plain_text', 'mrkdwn']), text: z.string().min(1).max(max) }).loose();
const blockId = z.string().max(L.blockId).optional();

const button = z
  .object({
    type: z.literal('button'),
    text: plain(L.buttonText),
    action_id: z.string().max(L.actionId).optional(),
    value: z.string().max(L.buttonValue).optional(),
  })
  .loose();
const option = z.object({ text: plain(L.optionText), value: z.string().max(150) }).loose();
const element = z.union([
  button,
  z.object({ type: z.literal('static_select'), options: z.array(option).max(L.staticOptions) }).loose(),
  z
    .object({
      type: z.enum([
        'external_select',
        'multi_external_select',
        'multi_static_select',
        'checkboxes',
        'plain_text_input',
        'datepicker',
        'image',
      ]),
    })
    .loose(),
]);

export const BlockSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('section'),
      block_id: blockId,
      text: anyText(L.sectionText).optional(),
      fields: z.array(anyText(L.fieldText)).max(L.sectionFields).optional(),
      accessory: element.optional(),
    })
    .loose()
    .refine((b) => b.text !== undefined || (b.fields?.length ?? 0) > 0, 'a section needs text or fields'),
  z.object({ type: z.literal('header'), block_id: blockId, text: plain(L.headerText) }).loose(),
  z
    .object({
      type: z.literal('context'),
      block_id: blockId,
      elements: z.array(anyText(L.contextText)).min(1).max(L.contextElements),
    })
    .loose(),
  z.object({ type: z.literal('divider'), block_id: blockId }).loose(),
  z
    .object({
      type: z.literal('actions'),
      block_id: blockId,
      elements: z.array(element).min(1).max(L.actionsElements),
    })
    .loose(),
  z
    .object({
      type: z.literal('input'),
      block_id: blockId,
      label: plain(L.inputLabel),
      element,
      optional: z.boolean().optional(),
    })
    .loose(),
  z.object({ type: z.literal('image'), image_url: z.string().url(), alt_text: z.string().max(2000) }).loose(),
]);

/** A message (chat.postMessage / respond): text fallback always set, at most 50 blocks. */
export const MessageSchema = z.object({
  text: z.string().min(1).max(L.fallbackText),
  blocks: z.array(BlockSchema).max(L.messageBlocks),
});

/** A modal or App Home view. */
export const ViewSchema = z
  .object({
    type: z.enum(['modal', 'home']),
    blocks: z.array(BlockSchema).max(L.viewBlocks),
    title: plain(L.viewTitle).optional(),
    submit: plain(L.viewTitle).optional(),
    close: plain(L.viewTitle).optional(),
    private_metadata: z.string().max(L.privateMetadata).optional(),
    callback_id: z.string().max(255).optional(),
  })
  .loose()
  .refine((v) => v.type === 'home' || v.title !== undefined, 'a modal needs a title');

/** A block as our renderers build it: the zod-checked subset of Block Kit above. */
export type Block = z.input<typeof BlockSchema>;

/**
 * The one Slack message type: what every renderer returns and every poster sends
 * (chat.postMessage, respond, chat.update). The text fallback is always set.
 */
export interface SlackMessage {
  text: string;
  blocks: (Block | KnownBlock)[];
}

/** A one-line ephemeral notice (working…, not available, done): already-escaped mrkdwn. */
export function renderNotice(text: string): SlackMessage {
  return {
    text: truncate(text, L.sectionText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, L.sectionText) || ' ' } }],
  };
}
