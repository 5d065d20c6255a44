import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { describeChange, formatSignedPercent } from '../kpi/change.ts';
import { type NaCode, naReason } from '../kpi/result.ts';
import {
  formatCount,
  formatDecimal,
  formatMoney,
  formatPercent,
  formatPValue,
} from '../shared/number-format.ts';
import { concentrationText } from './driver-lines.ts';
import { formatMetric, goodDirection } from './format.ts';
import type {
  CacCheck,
  CampaignPerformance,
  Digest,
  DigestFlag,
  HeadlineItem,
  StageDrop,
  StageItem,
} from './types.ts';

/**
 * The digest's sentences, shared by the Block Kit and the plain-text renderers. `style` says
 * how to escape a value that came from data and how to make text bold.
 */
export interface LineStyle {
  esc(value: string): string;
  bold(text: string): string;
}

export const weekLabel = (digest: Digest): string =>
  `${digest.week.year}-W${`${digest.week.week}`.padStart(2, '0')}`;

const pct = (value: number | null, locale: Locale): string =>
  value === null ? t(locale, 'common.na') : formatPercent(value, locale);
const money = (value: number | null, digest: Digest, locale: Locale): string =>
  value === null ? t(locale, 'common.na') : formatMoney(value, digest.currency, locale);
const ratio = (value: number | null, locale: Locale): string =>
  value === null ? t(locale, 'common.na') : `${formatDecimal(value, locale, 1)}×`;

function against(drop: Pick<StageDrop, 'against'>, digest: Digest, locale: Locale): string {
  return drop.against === 'previous'
    ? t(locale, 'digest.against.previous')
    : t(locale, 'digest.against.baseline', { weeks: digest.baselineWeeks });
}

/** One headline number: value, change against the previous week, baseline, stale marker. */
export function headlineText(item: HeadlineItem, digest: Digest, locale: Locale, style: LineStyle): string {
  const parts = [style.bold(t(locale, `digest.metric.${item.metric}`))];
  let value = formatMetric(item.metric, item.value, digest.currency, locale);
  if (item.deltaRel !== null && item.deltaRel !== 0) {
    // The same arrow, sign and warning threshold as every /kpi answer (kpi/change.ts).
    const change = describeChange(item.deltaRel, goodDirection(item.metric), locale);
    value += ` ${change.arrow} ${change.signed}${change.warn && !item.stale ? ' ⚠' : ''}`;
  }
  parts.push(value);
  // An n/a with its reason instead of the comparison: there is nothing to compare.
  if (item.na) {
    parts.push(naReasonText(item.na, locale));
    return parts.join('\n');
  }
  const baseline = formatMetric(item.metric, item.baseline, digest.currency, locale);
  let context = `${t(locale, 'digest.vsPrevious')} · ${t(locale, 'digest.baseline', { value: baseline })}`;
  if (item.stale) context += ` · ⏳ ${t(locale, 'digest.stale')}`;
  parts.push(context);
  return parts.join('\n');
}

/** One flagged item as a sentence, with an emoji that says its kind. */
export function flagText(flag: DigestFlag, digest: Digest, locale: Locale, style: LineStyle): string {
  switch (flag.kind) {
    case 'stage_drop': {
      const where = concentrationText(flag, digest, locale, style);
      return `📉 ${t(locale, 'digest.flag.stageDrop', {
        stage: style.bold(t(locale, `digest.stage.${flag.stage}`)),
        rate: formatPercent(flag.rate, locale),
        reference: formatPercent(flag.reference, locale),
        relative: formatSignedPercent(flag.relative, locale),
        against: against(flag, digest, locale),
        p: formatPValue(flag.pValue, locale),
        volume: formatCount(flag.volume, locale),
        lag: lagText(digest.stages.find((stage) => stage.id === flag.stage)?.lagDays ?? 0, locale),
      })}${where ? ` · ${where}` : ''}`;
    }
    case 'cac_over_target': {
      const key =
        flag.scope === 'overall'
          ? 'digest.flag.cacOverall'
          : flag.scope === 'channel'
            ? 'digest.flag.cacChannel'
            : 'digest.flag.cacCampaign';
      return `💸 ${t(locale, key, {
        key: style.bold(style.esc(flag.key ?? '')),
        cac: money(flag.cac, digest, locale),
        target: formatDecimal(flag.target, locale, flag.target % 1 === 0 ? 0 : 1),
        maxCac: money(flag.maxCac, digest, locale),
        ratio: ratio(flag.ratio, locale),
      })}`;
    }
    case 'stale_source':
      return `⏳ ${
        flag.dataEndsOn
          ? t(locale, 'digest.flag.dataEnds', {
              side: t(locale, flag.feeds === 'spend' ? 'kpi.coverage.spend' : 'kpi.coverage.leads'),
              day: flag.dataEndsOn,
              origin: style.bold(style.esc(flag.origin)),
            })
          : flag.ageHours === null
            ? t(locale, 'digest.flag.staleNever', { origin: style.bold(style.esc(flag.origin)) })
            : t(locale, 'digest.flag.stale', {
                origin: style.bold(style.esc(flag.origin)),
                hours: formatCount(Math.floor(flag.ageHours), locale),
              })
      }`;
    case 'unattributed':
      return `🔗 ${t(locale, 'digest.flag.unattributed', {
        leads: formatCount(flag.leads, locale),
        spend: money(flag.spend, digest, locale),
      })}`;
    case 'invalid_leads':
      return `🚫 ${t(locale, 'digest.flag.invalid', {
        share: formatPercent(flag.share, locale),
        invalid: formatCount(flag.invalidLeads, locale),
        leads: formatCount(flag.leads, locale),
      })}`;
  }
}

/** "within 14 days" (the lag a stage conversion counts within), or "at creation" for lead → valid. */
const lagText = (days: number, locale: Locale): string =>
  days > 0
    ? t(locale, days === 1 ? 'digest.stageLagOne' : 'digest.stageLag', { days: formatCount(days, locale) })
    : t(locale, 'digest.stageLagNone');

/** Why a digest number is n/a, from the catalogue: "no revenue in the data (…)". */
export const naReasonText = (code: NaCode, locale: Locale): string => t(locale, naReason(code).messageKey);

export function stageText(stage: StageItem, locale: Locale, style: LineStyle): string {
  if (stage.na) {
    return t(locale, 'digest.stageNa', {
      stage: style.bold(t(locale, `digest.stage.${stage.id}`)),
      na: t(locale, 'common.na'),
      reason: naReasonText(stage.na, locale),
    });
  }
  let line = t(locale, 'digest.stageLine', {
    stage: style.bold(t(locale, `digest.stage.${stage.id}`)),
    rate: pct(stage.rate, locale),
    previous: pct(stage.previousRate, locale),
    baseline: pct(stage.baselineRate, locale),
    volume: formatCount(stage.volume, locale),
    lag: lagText(stage.lagDays, locale),
  });
  if (stage.lagDays > 0 && stage.observedDays < stage.lagDays) {
    const young = stage.observedDays === 1 ? 'digest.stageYoungOne' : 'digest.stageYoung';
    line += ` (${t(locale, young, { days: formatCount(stage.observedDays, locale) })})`;
  }
  if (stage.stale) line += ` ⏳ ${t(locale, 'digest.stale')}`;
  else if (stage.flagged && stage.drop) {
    line = `📉 ${line} · ${t(locale, 'digest.dropTag', {
      relative: formatSignedPercent(stage.drop.relative, locale),
      p: formatPValue(stage.drop.pValue, locale),
    })}`;
  }
  return line;
}

export function cacText(scope: string, check: CacCheck, digest: Digest, locale: Locale): string {
  const line = t(locale, 'digest.cacLine', {
    scope,
    cac: money(check.cac, digest, locale),
    clv: money(check.clv, digest, locale),
    ratio: ratio(check.ratio, locale),
    maxCac: money(check.maxCac, digest, locale),
    customers: formatCount(check.customers, locale),
  });
  return check.flagged ? `💸 ${line}` : line;
}

export function campaignText(
  campaign: CampaignPerformance,
  digest: Digest,
  locale: Locale,
  style: LineStyle,
): string {
  return t(locale, 'digest.campaignLine', {
    campaign: style.bold(style.esc(campaign.campaign)),
    profit: money(campaign.profit, digest, locale),
    roi: campaign.roi === null ? t(locale, 'common.na') : formatSignedPercent(campaign.roi, locale),
    leads: formatCount(campaign.leads, locale),
    customers: formatCount(campaign.customers, locale),
    cost: money(campaign.cost, digest, locale),
    revenue: money(campaign.revenue, digest, locale),
  });
}

export function dataQualityTexts(digest: Digest, locale: Locale, style: LineStyle): string[] {
  const dq = digest.dataQuality;
  const stale = dq.staleSources.map((source) => style.esc(source.origin)).join(', ');
  return [
    t(locale, 'digest.dq.invalid', {
      share: pct(dq.invalidShare, locale),
      invalid: formatCount(dq.invalidLeads, locale),
      leads: formatCount(dq.leads, locale),
    }),
    t(locale, 'digest.dq.unattributed', {
      leads: formatCount(dq.unattributedLeads, locale),
      spend: money(dq.unattributedSpend, digest, locale),
    }),
    dq.staleSources.length > 0
      ? `⏳ ${t(locale, 'digest.dq.stale', { sources: stale })}`
      : t(locale, 'digest.dq.fresh'),
  ];
}
