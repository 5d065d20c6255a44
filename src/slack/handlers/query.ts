import type { Asker } from '../../command/handler.ts';
import type { Query } from '../../kpi/query.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderKpiReply } from '../blocks/kpi-reply.ts';
import type { SlackDeps } from '../deps.ts';
import { refuseSensitive } from './sensitive.ts';

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
    return refuseSensitive(sensitive, asker, deps, 'query');
  }
  const result = await deps.services.run(query);
  return renderKpiReply(result, ctx, text);
}
