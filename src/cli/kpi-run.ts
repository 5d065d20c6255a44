import type { Command } from '../command/types.ts';
import { t } from '../i18n/catalogue.ts';
import { dataSpansText, whyWithCoverage, withCoverage } from '../kpi/coverage.ts';
import { runQuery } from '../kpi/engine.ts';
import { plan } from '../kpi/plan.ts';
import { explainChange } from '../kpi/why.ts';
import { contextLine, instantText } from './format/context.ts';
import { renderGrid } from './format/grid.ts';
import { resultToJson } from './format/json.ts';
import { renderResultTable } from './format/table.ts';
import { renderWhyText, whyToJson } from './format/why.ts';
import { type Answer, answerWithoutData, errorAnswer, type RunContext } from './kpi-answer.ts';
import type { DataSession } from './kpi-data.ts';
import { renderPlanText } from './kpi-plan.ts';

function sourcesAnswer(session: DataSession, ctx: RunContext): Answer {
  const sources = session.sources;
  const headers = t(ctx.locale, 'command.cli.sources_header').split('|');
  const text =
    sources.length === 0
      ? t(ctx.locale, 'command.cli.sources_empty')
      : renderGrid(
          headers.map((header, i) => ({ header, align: i < 2 ? 'left' : 'right' })),
          sources.map((s) => [
            s.origin,
            instantText(s.lastImportAt, session.snapshot.timeZone),
            String(s.leadRows),
            String(s.costRows),
            String(s.rejectedRows),
            String(s.imports),
          ]),
        );
  return { text, json: { command: ctx.commandText, kind: 'sources', sources }, code: 0 };
}

/** Answers a parsed command from the data. */
export async function answer(command: Command, session: DataSession, ctx: RunContext): Promise<Answer> {
  const early = answerWithoutData(command, ctx);
  if (early) return early;
  // Only the metrics asked for are computed: wide queries stay fast (the table shows no others).
  const engine = { now: ctx.now, targets: ctx.settings.targets, onlyRequested: true, locale: ctx.locale };
  switch (command.kind) {
    case 'query': {
      const ran = runQuery(session.snapshot, command.query, engine);
      if (!ran.ok) return errorAnswer(ran.error, ctx);
      // Days after the data are "no data", not zeros, and are never compared (no −100 %).
      const result = withCoverage(ran.value, session.coverage, session.snapshot.timeZone);
      const ends = result.dataEnds ?? [];
      const context = contextLine(result, session.snapshot, session.sources, ctx.locale, ends);
      // An answer over days outside the data says which days the data covers (as Slack does).
      const hint = result.storeEmpty
        ? `\n${t(ctx.locale, 'kpi.no_data', { how: t(ctx.locale, 'command.cli.no_data_how') })}`
        : result.dataSpans
          ? `\n${dataSpansText(result.dataSpans, ctx.locale)}`
          : '';
      const dataEnds = ends.map((end) => ({ side: end.side, lastDay: end.lastDay, origins: end.origins }));
      return {
        text: `${renderResultTable(result, ctx.locale)}\n\n${context}${hint}`,
        json: { ...resultToJson(ctx.commandText, result), dataEnds },
        code: 0,
      };
    }
    case 'why': {
      const explained = explainChange(session.snapshot, command.request, engine, {
        noise: ctx.settings.whyNoise,
      });
      if (!explained.ok) return errorAnswer(explained.error, ctx);
      const { period, previousPeriod, request } = explained.value;
      const subject = { period, previousPeriod, view: request.view, query: request };
      // Where the data stops before the period ends: the same note as Slack's `why`.
      const ends =
        whyWithCoverage(explained.value, session.coverage, session.snapshot.timeZone).dataEnds ?? [];
      const context = contextLine(subject, session.snapshot, session.sources, ctx.locale, ends);
      return {
        text: `${renderWhyText(explained.value, ctx.locale)}\n\n${context}`,
        json: whyToJson(ctx.commandText, explained.value),
        code: 0,
      };
    }
    case 'plan': {
      const planned = plan(session.snapshot, command, engine);
      if (!planned.ok) return errorAnswer(planned.error, ctx);
      return {
        text: renderPlanText(planned.value, ctx.locale, session.snapshot.currency),
        json: {
          command: ctx.commandText,
          kind: 'plan',
          currency: session.snapshot.currency,
          ...planned.value,
        },
        code: 0,
      };
    }
    case 'digest': {
      if (command.action !== 'preview') break;
      // Loaded on demand: the chart stack (vega, resvg) is heavy and only the digest needs it.
      const { runDigestPreview } = await import('./kpi-digest.ts');
      const digest = await runDigestPreview(command, session, ctx.settings, ctx.locale, ctx.now);
      return { text: digest.text, json: { command: ctx.commandText, ...digest.json }, code: 0 };
    }
    case 'sources':
      return sourcesAnswer(session, ctx);
    case 'refresh': {
      const text = t(ctx.locale, 'command.cli.refresh');
      return { text, json: { command: ctx.commandText, kind: 'refresh', message: text }, code: 0 };
    }
  }
  return { text: '', json: { command: ctx.commandText }, code: 2 };
}
