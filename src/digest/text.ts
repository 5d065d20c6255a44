import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { escapePlain, truncate } from '../shared/escape.ts';
import { driversDetail } from './driver-lines.ts';
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

const PLAIN: LineStyle = {
  esc: (value) => truncate(escapePlain(value), 80),
  bold: (text) => text,
};

/** The digest as plain text for the terminal (`kpi "digest"`): every section, no markup. */
export function renderDigestText(digest: Digest, locale: Locale): string {
  const out: string[] = [];
  const title = t(locale, 'digest.title', {
    week: weekLabel(digest),
    from: digest.week.from,
    to: digest.week.to,
  });
  out.push(title, '='.repeat([...title].length), '');
  if (digest.partial) out.push(`⏳ ${t(locale, 'digest.partial')}`, '');
  for (const item of digest.headline) {
    const [name, value, context] = headlineText(item, digest, locale, PLAIN).split('\n');
    out.push(`${(name ?? '').padEnd(20)} ${(value ?? '').padEnd(24)} ${context ?? ''}`);
  }
  const drivers = digest.headline.flatMap((item) => {
    const line = driversDetail(item, digest, locale, PLAIN);
    return line ? [`  ${line}`] : [];
  });
  if (drivers.length > 0) out.push('', `${t(locale, 'why.digest_section')}:`, ...drivers);
  out.push('', `${t(locale, 'digest.attention')}:`);
  if (digest.nothingNotable) out.push(`  ✅ ${t(locale, 'digest.nothingNotable')}`);
  for (const flag of digest.flags) out.push(`  ${flagText(flag, digest, locale, PLAIN)}`);
  out.push('', `${t(locale, 'digest.section.stages')}:`);
  for (const stage of digest.stages) out.push(`  ${stageText(stage, locale, PLAIN)}`);
  const cac = digest.cacVsClv;
  out.push('', `${t(locale, 'digest.section.cac', { target: cac.overall.target, ...cac.period })}:`);
  out.push(`  ${cacText(t(locale, 'digest.cac.overall'), cac.overall, digest, locale)}`);
  if (cac.clvMissing) out.push(`  ${t(locale, 'digest.clvMissing')}`);
  if (cac.clvNa) out.push(`  ${t(locale, 'digest.clvNa', { reason: naReasonText(cac.clvNa, locale) })}`);
  for (const row of cac.byChannel) out.push(`  ${cacText(PLAIN.esc(row.channel), row, digest, locale)}`);
  for (const row of cac.byCampaign) out.push(`  ${cacText(PLAIN.esc(row.campaign), row, digest, locale)}`);
  out.push('', `${t(locale, 'digest.section.campaigns', digest.campaigns.period)}:`);
  const { best, worst } = digest.campaigns;
  if (digest.campaigns.na) {
    out.push(`  ${t(locale, 'digest.campaignsNa', { reason: naReasonText(digest.campaigns.na, locale) })}`);
  } else if (best.length + worst.length === 0) out.push(`  ${t(locale, 'digest.noCampaigns')}`);
  else {
    out.push(`  ${t(locale, 'digest.best')}:`);
    for (const row of best) out.push(`    ${campaignText(row, digest, locale, PLAIN)}`);
    out.push(`  ${t(locale, 'digest.worst')}:`);
    for (const row of worst) out.push(`    ${campaignText(row, digest, locale, PLAIN)}`);
  }
  out.push('', `${t(locale, 'digest.section.dataQuality')}:`);
  for (const line of dataQualityTexts(digest, locale, PLAIN)) out.push(`  ${line}`);
  return `${out.join('\n')}\n`;
}
