import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { CATALOGUE, metricDef, SHORT_LABEL_MAX } from '../kpi/catalogue.ts';
import type { MetricId } from '../kpi/query.ts';
import { WHY_DEFAULTS } from '../kpi/why.ts';
import { FUNNEL_METRICS } from './metrics.ts';

/** Commands shown as examples (syntax, the same in every language). */
const HELP_EXAMPLES: readonly string[] = [
  'cpl campaign="Spring Sale" period=last-week vs=previous',
  'funnel by=channel',
  'roi by=campaign period=2026-Q3',
  'cpl cac roi by=campaign period=2026-10 sort=roi-asc',
  'cpl,cac by=month from=2026-01-01 to=2026-03-31',
  'mql_to_sql view=cohort period=last-quarter',
  'ltv_cac by=channel period=ytd',
  'plan customers=50 period=last-90d',
  'why cpl period=last-week',
];

/** One block of help: an optional heading and its lines. Slack renders these as Block Kit. */
export interface HelpSection {
  title?: string;
  lines: string[];
}

/** A metric's help: name, meaning, formula, and how to ask for it. */
function metricHelp(locale: Locale, id: MetricId): HelpSection[] {
  const def = metricDef(id);
  const lines = [def.help[locale], t(locale, 'command.help.formula', { formula: def.formula[locale] })];
  if (def.aliases.length > 0) {
    lines.push(t(locale, 'command.help.aliases', { aliases: def.aliases.slice(0, 4).join(', ') }));
  }
  lines.push(t(locale, 'command.help.try', { example: `${id} by=campaign period=last-30d vs=previous` }));
  return [{ title: `${def.name[locale]} (${id})`, lines }];
}

/** `cpl              CPL           Cost per lead`: the id, the short label tables show, the name. */
const metricLine = (locale: Locale, id: MetricId): string => {
  const def = metricDef(id);
  return `${id.padEnd(20)} ${def.short[locale].padEnd(SHORT_LABEL_MAX)} ${def.name[locale]}`;
};

/** The command language: usage, examples, filters, periods, views, sub-commands, metric list. */
function generalHelp(locale: Locale): HelpSection[] {
  return [
    { title: t(locale, 'command.help.title'), lines: [t(locale, 'command.help.usage')] },
    { title: t(locale, 'command.help.examples'), lines: [...HELP_EXAMPLES] },
    {
      lines: [
        t(locale, 'command.help.filters'),
        t(locale, 'command.help.periods'),
        t(locale, 'command.help.views'),
        t(locale, 'command.help.sort'),
        t(locale, 'command.help.other'),
      ],
    },
    { title: t(locale, 'command.help.metrics'), lines: CATALOGUE.map((def) => metricLine(locale, def.id)) },
  ];
}

/** `help why`: what the command answers and the method, named, with its formulas. */
export function whyHelp(locale: Locale): HelpSection[] {
  const percent = (x: number) => `${Math.round(x * 100)}`;
  return [
    {
      title: t(locale, 'why.help.title'),
      lines: [
        t(locale, 'why.help.usage'),
        t(locale, 'why.help.what', { specific: percent(WHY_DEFAULTS.specific) }),
        t(locale, 'why.help.sums'),
        t(locale, 'why.help.ratios'),
        t(locale, 'why.help.volume', {
          min: WHY_DEFAULTS.minVolume,
          alpha: String(WHY_DEFAULTS.noise.alpha),
          noiseMin: WHY_DEFAULTS.noise.minVolume,
        }),
      ],
    },
    { title: t(locale, 'command.help.examples'), lines: [...WHY_EXAMPLES] },
  ];
}

const WHY_EXAMPLES: readonly string[] = [
  'why cpl period=last-week',
  'why mql_to_sql by=channel period=2026-W46 vs=2026-W45',
  'pourquoi cac channel=paid_social period=last-30d',
  'why leads by=owner period=2026-10 vs=2026-09',
];

/** The sections for `help`, `help <metric>`, `help funnel` or `help why`. */
function helpSections(locale: Locale, topic?: MetricId | 'funnel' | 'why'): HelpSection[] {
  if (topic === 'why') return whyHelp(locale);
  if (topic === 'funnel') {
    return [
      {
        title: t(locale, 'command.help.funnel'),
        lines: FUNNEL_METRICS.map((id) => `${metricLine(locale, id)}: ${metricDef(id).formula[locale]}`),
      },
    ];
  }
  return topic ? metricHelp(locale, topic) : generalHelp(locale);
}

/** Plain-text help for the terminal (and Slack's text fallback). */
export function renderHelpText(locale: Locale, topic?: MetricId | 'funnel' | 'why'): string {
  return helpSections(locale, topic)
    .map((section) => {
      const body = section.title ? section.lines.map((line) => `  ${line}`) : section.lines;
      return [...(section.title ? [section.title] : []), ...body].join('\n');
    })
    .join('\n\n');
}
