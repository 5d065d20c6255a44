import { t } from '../../i18n/catalogue.ts';
import type { Query } from '../../kpi/query.ts';
import { renderError } from '../blocks/error.ts';
import { renderKpiReply } from '../blocks/kpi-reply.ts';
import type { SlackMessage } from '../blocks/limits.ts';
import type { SlackDeps } from '../deps.ts';
import type { Asker } from '../services.ts';

/** A KPI question: the access check for revenue metrics, the engine, the renderer. */
export async function answerQuery(
  query: Query,
  text: string,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage> {
  const ctx = await deps.services.renderContext(asker.locale);
  const sensitive = query.metrics.map((id) => ctx.metric(id)).filter((m) => m.sensitive);
  if (sensitive.length > 0 && !(await deps.access.maySeeSensitive(asker.user, asker.channel))) {
    deps.logger.warn(
      { user: asker.user, channel: asker.channel, metrics: sensitive.map((m) => m.id) },
      'access refused to a revenue-sensitive metric',
    );
    const names = sensitive.map((m) => m.name).join(', ');
    return renderError(asker.locale, t(asker.locale, 'slack.access.denied', { metric: names }));
  }
  const result = await deps.services.run(query);
  return renderKpiReply(result, ctx, text);
}
