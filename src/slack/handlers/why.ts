import type { Asker } from '../../command/handler.ts';
import type { WhyRequest } from '../../kpi/why.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderWhyReply } from '../blocks/why.ts';
import type { SlackDeps } from '../deps.ts';
import { refuseSensitive } from './sensitive.ts';

/** `/kpi why <metric>`: the access check for revenue metrics, the explanation, the renderer. */
export async function answerWhy(
  request: WhyRequest,
  text: string,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage> {
  const ctx = await deps.services.renderContext(asker.locale);
  const metric = ctx.metric(request.metric);
  if (metric.sensitive && !(await deps.access.maySeeSensitive(asker.user, asker.channel))) {
    return refuseSensitive([metric], asker, deps, 'why');
  }
  return renderWhyReply(await deps.services.why(request), ctx, text);
}
