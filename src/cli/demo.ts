/**
 * `npm run demo`: the whole product on bundled sample data, no Slack account needed.
 * Generates the seeded sample anchored at today (so "last week" holds the planted problems),
 * ingests it into an embedded store, answers representative commands with the same grammar
 * and engine as Slack, prints last week's digest with its chart, and the alerts that fire.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { alertDriver, alertDriverText } from '../alerts/driver.ts';
import { evaluate, INITIAL_STATE } from '../alerts/evaluate.ts';
import { measure } from '../alerts/measure.ts';
import { builtinRules, ruleFromConfig } from '../alerts/rules.ts';
import { evaluationRule } from '../alerts/service.ts';
import { parseCommand } from '../command/grammar.ts';
import { vocabularyFrom } from '../command/vocabulary.ts';
import { loadConfig } from '../config/file.ts';
import { t } from '../i18n/catalogue.ts';
import { toLocale } from '../i18n/locale.ts';
import { formatIngestReport } from '../ingest/report.ts';
import { metricDef } from '../kpi/catalogue.ts';
import { formatNumber } from '../kpi/format.ts';
import { vocabulary } from '../kpi/snapshot.ts';
import { CAMPAIGN_A, CAMPAIGN_B, generateSample, SAMPLE_SEED, SAMPLE_TIME_ZONE } from '../sample/index.ts';
import { systemClock } from '../shared/clock.ts';
import { openData } from './kpi-data.ts';
import { answer } from './kpi-run.ts';
import { loadSettings } from './kpi-settings.ts';

const locale = toLocale(process.env.KPI_LANG ?? process.env.LANG, 'en');
const now = process.env.DEMO_NOW ? new Date(process.env.DEMO_NOW) : systemClock.now();
const root = resolve('tmp', 'demo');
const rule = (title: string) => console.log(`\n━━ ${title} ${'━'.repeat(Math.max(4, 86 - title.length))}`);

const COMMANDS = [
  'cpl by=campaign period=last-30d',
  'funnel by=channel period=last-week vs=previous',
  // The planted driver: one campaign's spend ×4 last week for the same leads (src/sample/plan.ts).
  'why cpl period=last-week',
  'ltv_cac cac clv period=last-90d',
  `roi profit cpl leads customers by=campaign campaign="${CAMPAIGN_A.name}","${CAMPAIGN_B.name}" period=all`,
  'plan customers=50 period=last-90d',
  'digest',
];

async function main(): Promise<void> {
  await rm(root, { recursive: true, force: true });
  const sampleDir = join(root, 'sample');
  await mkdir(sampleDir, { recursive: true });

  rule(t(locale, 'command.demo.sample'));
  const generated = await generateSample({
    seed: SAMPLE_SEED,
    anchor: now,
    months: 18,
    leads: 20_000,
    timeZone: SAMPLE_TIME_ZONE,
    outDir: sampleDir,
  });
  const files = generated.map((g) => join(sampleDir, g.file));
  for (const g of generated)
    console.log(`  ${relative('.', join(sampleDir, g.file)).padEnd(48)} ${g.preset}`);

  const configPath = join(sampleDir, 'kpi.yaml');
  const settings = await loadSettings(configPath, {}, files);
  const session = await openData({ files, settings, dateOrder: null, env: {} });
  try {
    rule(t(locale, 'command.demo.ingest'));
    for (const report of session.reports) console.log(`${formatIngestReport(report, locale)}\n`);

    const vocab = vocabularyFrom(vocabulary(session.snapshot));
    for (const text of COMMANDS) {
      rule(`kpi "${text}"`);
      const parsed = parseCommand(text, { vocabulary: vocab, locale, now, timeZone: settings.timeZone });
      if (!parsed.ok) {
        console.log(t(locale, parsed.error.messageKey, parsed.error.params));
        continue;
      }
      const reply = await answer(parsed.value, session, { commandText: text, locale, now, settings });
      console.log(reply.text);
    }

    rule(t(locale, 'command.demo.alerts'));
    const config = loadConfig(configPath);
    const rules = [
      ...config.alerts.rules.map(ruleFromConfig).filter((r) => r !== null),
      ...builtinRules(config.alerts.builtIn.channel ?? '#kpi-admin', {
        staleAfterHours: config.alerts.builtIn.staleSourceHours,
      }),
    ];
    const sources = session.sources.map((s) => ({ origin: s.origin, lastImportAt: s.lastImportAt }));
    const ctx = { snapshot: session.snapshot, now, targets: settings.targets, sources };
    let firing = 0;
    for (const alertRule of rules) {
      const observations = measure(alertRule, ctx);
      for (const obs of observations) {
        const evaluation = evaluate(
          INITIAL_STATE,
          { ...evaluationRule(alertRule), pendingForMs: 0 },
          obs,
          now.getTime(),
        );
        if (evaluation.action !== 'fire') continue;
        firing++;
        const unit = alertRule.kind === 'metric' ? metricDef(alertRule.metric).unit : 'count';
        const fmt = (v: number | null) =>
          v === null ? '—' : formatNumber(v, unit, locale, settings.currency);
        const name = alertRule.kind === 'metric' ? metricDef(alertRule.metric).name[locale] : alertRule.kind;
        console.log(
          `  🔴 ${alertRule.id}: ${name} ${fmt(obs.value)} (${t(locale, 'command.demo.threshold')} ${fmt(obs.threshold)})` +
            `${obs.scopeLabel ? ` · ${obs.scopeLabel}` : ''} → ${alertRule.channel}`,
        );
        // What the firing message adds: the top driver against the previous window (`why`).
        const driver = alertDriver(alertRule, session.snapshot, now, settings.targets);
        if (driver) console.log(`     ↳ ${alertDriverText(driver, locale)}`);
      }
    }
    if (firing === 0) console.log(`  ${t(locale, 'command.demo.no_alerts')}`);

    rule(t(locale, 'command.demo.next'));
    console.log(t(locale, 'command.demo.next_text'));
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
