import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { formatSignedPercent } from '../kpi/change.ts';
import { formatDelta } from '../kpi/format.ts';
import type { MetricId } from '../kpi/query.ts';
import { formatPercent } from '../shared/number-format.ts';
import type { Digest, DigestDriver, DigestFlag, HeadlineItem } from './types.ts';

/** How a renderer escapes data values and makes text bold (the digest's LineStyle, structurally). */
interface LineStyle {
  esc(value: string): string;
  bold(text: string): string;
}

/** A contribution in the metric's unit, signed: "+€3.10", "−8.82 pts", "+12". */
const amount = (metric: MetricId, value: number, digest: Digest, locale: Locale): string =>
  formatDelta(metric, { abs: value, rel: null }, locale, digest.currency);

const labelOf = (d: DigestDriver, locale: Locale, style: LineStyle): string =>
  style.esc(d.key === null ? t(locale, 'kpi.none') : d.label);

/** "CPL +41 %: mostly Retargeting - Essai gratuit (+€3.10 of +€3.80)", for a KPI that moved 20 % or more. */
export function driverLine(
  item: HeadlineItem,
  digest: Digest,
  locale: Locale,
  style: LineStyle,
): string | null {
  const top = item.drivers?.drivers[0];
  if (!item.drivers || !top || item.deltaRel === null) return null;
  return t(locale, 'why.digest_line', {
    metric: style.bold(t(locale, `digest.metric.${item.metric}`)),
    relative: formatSignedPercent(item.deltaRel, locale),
    label: labelOf(top, locale, style),
    contribution: amount(item.metric, top.contribution, digest, locale),
    change: amount(item.metric, item.drivers.change, digest, locale),
  });
}

/** The thread's line: "CPL +41 % by campaign: A +€3.10 (82 %) · B +€0.40 (11 %) · C +€0.20 (5 %) (of +€3.80)". */
export function driversDetail(
  item: HeadlineItem,
  digest: Digest,
  locale: Locale,
  style: LineStyle,
): string | null {
  const found = item.drivers;
  if (!found || found.drivers.length === 0 || item.deltaRel === null) return null;
  const groups = found.drivers
    .map((d) => {
      const sign = d.share !== null && d.share < 0 ? '−' : '';
      const share = d.share === null ? '' : ` (${sign}${formatPercent(Math.abs(d.share), locale, 0)})`;
      return `${labelOf(d, locale, style)} ${amount(item.metric, d.contribution, digest, locale)}${share}`;
    })
    .join(' · ');
  return t(locale, 'why.digest_top', {
    metric: style.bold(t(locale, `digest.metric.${item.metric}`)),
    relative: formatSignedPercent(item.deltaRel, locale),
    dimension: t(locale, `kpi.dimension.${found.dimension}`),
    drivers: groups,
    change: amount(item.metric, found.change, digest, locale),
  });
}

/** "concentrated in campaign Brand - FR (−8.82 pts of −23.37 pts)", after a stage-drop flag. */
export function concentrationText(
  flag: Extract<DigestFlag, { kind: 'stage_drop' }>,
  digest: Digest,
  locale: Locale,
  style: LineStyle,
): string | null {
  const where = flag.concentration;
  if (!where) return null;
  return t(locale, 'why.digest_concentration', {
    dimension: t(locale, `kpi.dimension.${where.dimension}`),
    label: labelOf(where, locale, style),
    contribution: amount(flag.stage, where.contribution, digest, locale),
    change: amount(flag.stage, where.change, digest, locale),
  });
}
