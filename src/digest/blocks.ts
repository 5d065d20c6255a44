import type { KnownBlock } from '@slack/web-api';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { escapeMrkdwn, escapePlain, truncate } from '../shared/escape.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import { driverLine, driversDetail } from './driver-lines.ts';
import {
  cacText,
  campaignText,
  dataQualityTexts,
  flagText,
  headlineText,
  type LineStyle,
  naReasonText,
  stageText,
  weekLabel,
} from './lines.ts';
import type { Digest } from './types.ts';

export interface RenderedDigest {
  /** Posted in the channel: the headline numbers and what needs attention. */
  summary: SlackMessage;
  /** Posted in the summary's thread, in order. */
  details: SlackMessage[];
}

const LIMITS = { blocks: 50, sectionText: 3000, field: 2000, header: 150, context: 3000 } as const;
/** Flags listed in the channel message; the rest go to the thread. */
const SUMMARY_FLAGS = 8;
/** Campaign rows in the CAC table before "…and N more". */
const CAC_CAMPAIGNS = 15;
/** Longest data value (campaign, source name) shown, before escaping. */
const VALUE_CHARS = 80;

const MRKDWN: LineStyle = {
  esc: (value) => escapeMrkdwn(truncate(escapePlain(value), VALUE_CHARS)),
  bold: (text) => `*${text}*`,
};

const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });

/** Packs lines into as few sections as fit Slack's 3 000 characters a section. */
function sections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, LIMITS.sectionText);
    if (current !== '' && current.length + 1 + line.length > LIMITS.sectionText) {
      blocks.push({ type: 'section', text: mrkdwn(current) });
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') blocks.push({ type: 'section', text: mrkdwn(current) });
  return blocks;
}

const bullet = (line: string): string => `• ${line}`;

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.header), emoji: true } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(truncate(text, LIMITS.context))] };
}

function summaryBlocks(digest: Digest, locale: Locale): KnownBlock[] {
  const title = t(locale, 'digest.title', {
    week: weekLabel(digest),
    from: digest.week.from,
    to: digest.week.to,
  });
  const blocks: KnownBlock[] = [
    header(title),
    {
      type: 'section',
      fields: digest.headline
        .slice(0, 10)
        .map((item) => mrkdwn(truncate(headlineText(item, digest, locale, MRKDWN), LIMITS.field))),
    },
  ];
  // Next to each headline KPI that moved 20 % or more: its top driver (`why`).
  const moved = digest.headline.flatMap((item) => {
    const line = driverLine(item, digest, locale, MRKDWN);
    return line ? [`↳ ${line}`] : [];
  });
  blocks.push(...sections(moved).slice(0, 2), { type: 'divider' });
  if (digest.partial) blocks.push(context(`⏳ ${t(locale, 'digest.partial')}`));
  if (digest.nothingNotable) {
    blocks.push({ type: 'section', text: mrkdwn(`✅ ${t(locale, 'digest.nothingNotable')}`) });
  } else {
    const shown = digest.flags
      .slice(0, SUMMARY_FLAGS)
      .map((flag) => bullet(flagText(flag, digest, locale, MRKDWN)));
    blocks.push(...sections([`*${t(locale, 'digest.attention')}*`, ...shown]).slice(0, 6));
    const hidden = digest.flags.length - Math.min(SUMMARY_FLAGS, digest.flags.length);
    if (hidden > 0) blocks.push(context(t(locale, 'digest.moreInThread', { count: hidden })));
  }
  blocks.push(context(t(locale, 'digest.context', { weeks: digest.baselineWeeks })));
  return blocks;
}

function cacLines(digest: Digest, locale: Locale): string[] {
  const cac = digest.cacVsClv;
  const lines = [
    `*${t(locale, 'digest.section.cac', { target: cac.overall.target, ...cac.period })}*`,
    cacText(t(locale, 'digest.cac.overall'), cac.overall, digest, locale),
  ];
  if (cac.clvMissing) lines.push(`_${t(locale, 'digest.clvMissing')}_`);
  if (cac.clvNa) lines.push(`_${t(locale, 'digest.clvNa', { reason: naReasonText(cac.clvNa, locale) })}_`);
  if (cac.byChannel.length > 0) {
    lines.push(`*${t(locale, 'digest.cac.byChannel')}*`);
    for (const row of cac.byChannel)
      lines.push(bullet(cacText(MRKDWN.esc(row.channel), row, digest, locale)));
  }
  if (cac.byCampaign.length > 0) {
    lines.push(`*${t(locale, 'digest.cac.byCampaign')}*`);
    for (const row of cac.byCampaign.slice(0, CAC_CAMPAIGNS)) {
      lines.push(bullet(cacText(MRKDWN.esc(row.campaign), row, digest, locale)));
    }
    if (cac.byCampaign.length > CAC_CAMPAIGNS) {
      lines.push(`_${t(locale, 'digest.more', { count: cac.byCampaign.length - CAC_CAMPAIGNS })}_`);
    }
  }
  return lines;
}

function detailBlocks(digest: Digest, locale: Locale): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const drivers = digest.headline.flatMap((item) => {
    const line = driversDetail(item, digest, locale, MRKDWN);
    return line ? [bullet(line)] : [];
  });
  if (drivers.length > 0) {
    blocks.push(...sections([`*${t(locale, 'why.digest_section')}*`, ...drivers]), { type: 'divider' });
  }
  if (digest.flags.length > SUMMARY_FLAGS) {
    const all = digest.flags.map((flag) => bullet(flagText(flag, digest, locale, MRKDWN)));
    blocks.push(...sections([`*${t(locale, 'digest.attention')}*`, ...all]), { type: 'divider' });
  }
  const stages = digest.stages.map((stage) => bullet(stageText(stage, locale, MRKDWN)));
  blocks.push(...sections([`*${t(locale, 'digest.section.stages')}*`, ...stages]), { type: 'divider' });
  blocks.push(...sections(cacLines(digest, locale)), { type: 'divider' });
  const { best, worst } = digest.campaigns;
  const campaignLines = digest.campaigns.na
    ? [t(locale, 'digest.campaignsNa', { reason: naReasonText(digest.campaigns.na, locale) })]
    : best.length + worst.length === 0
      ? [t(locale, 'digest.noCampaigns')]
      : [
          `*${t(locale, 'digest.best')}*`,
          ...best.map((row) => bullet(campaignText(row, digest, locale, MRKDWN))),
          `*${t(locale, 'digest.worst')}*`,
          ...worst.map((row) => bullet(campaignText(row, digest, locale, MRKDWN))),
        ];
  blocks.push(
    ...sections([`*${t(locale, 'digest.section.campaigns', digest.campaigns.period)}*`, ...campaignLines]),
    {
      type: 'divider',
    },
  );
  const quality = dataQualityTexts(digest, locale, MRKDWN).map(bullet);
  blocks.push(...sections([`*${t(locale, 'digest.section.dataQuality')}*`, ...quality]));
  return blocks;
}

/**
 * The digest as Slack messages: the summary for the channel and the details for its thread.
 * Pure; every value that came from data is escaped, and every message fits Block Kit's limits
 * (details longer than 50 blocks are split into several thread replies).
 */
export function renderDigest(digest: Digest, locale: Locale): RenderedDigest {
  const week = weekLabel(digest);
  const summaryText = digest.nothingNotable
    ? t(locale, 'digest.summaryFallbackNone', { week })
    : t(locale, 'digest.summaryFallback', { week, count: digest.flags.length });
  const detailsText = t(locale, 'digest.detailsFallback', { week });
  const all = detailBlocks(digest, locale);
  const details: SlackMessage[] = [];
  for (let start = 0; start < all.length; start += LIMITS.blocks) {
    details.push({ text: detailsText, blocks: all.slice(start, start + LIMITS.blocks) });
  }
  return { summary: { text: summaryText, blocks: summaryBlocks(digest, locale) }, details };
}
