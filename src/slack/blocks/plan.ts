import { t } from '../../i18n/catalogue.ts';
import { escapeMrkdwn } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import type { PlanSummary } from '../services.ts';
import { contextLine, header, section } from './common.ts';
import type { RenderContext } from './types.ts';

/** `/kpi plan customers=50`: the leads, MQLs, SQLs and budget needed at current rates. */
export function renderPlan(plan: PlanSummary, ctx: RenderContext): SlackMessage {
  const { currency } = plan;
  const target = ctx.format(plan.customers, 'count', currency);
  const lines = plan.stages.map((s) => {
    const info = ctx.metric(s.metric);
    return t(ctx.locale, 'slack.plan.row', {
      stage: escapeMrkdwn(info.name),
      value: ctx.format(s.needed, info.unit, currency),
    });
  });
  if (plan.budget !== null) {
    lines.push(
      t(ctx.locale, 'slack.plan.row', {
        stage: ctx.metric('spend').name,
        value: ctx.format(plan.budget, 'money', currency),
      }),
    );
  }
  const blocks: Block[] = [header(t(ctx.locale, 'slack.plan.title', { target })), section(lines.join('\n'))];
  const context = contextLine([
    t(ctx.locale, 'slack.context.period', { period: escapeMrkdwn(plan.periodLabel) }),
  ]);
  if (context) blocks.push(context);
  return { text: t(ctx.locale, 'slack.plan.title', { target }), blocks };
}
