import type { Asker } from '../../command/handler.ts';
import type { WhyRequest, WhyResult } from '../../kpi/why.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import type { RenderContext } from '../blocks/types.ts';
import { renderWhyReply } from '../blocks/why.ts';
import type { SlackDeps } from '../deps.ts';
import { refuseSensitive } from './sensitive.ts';

/** A `why` for this asker, or the refusal when its metric reveals revenue they may not see. */
export type AllowedWhy =
  | { ok: true; result: WhyResult; ctx: RenderContext }
  | { ok: false; refusal: SlackMessage };

/** The access check for revenue metrics, then the explanation (as runAllowedQuery does for answers). */
export async function runAllowedWhy(request: WhyRequest, asker: Asker, deps: SlackDeps): Promise<AllowedWhy> {
  const ctx = await deps.services.renderContext(asker.locale);
  const metric = ctx.metric(request.metric);
  if (metric.sensitive && !(await deps.access.maySeeSensitive(asker.user, asker.channel))) {
    return { ok: false, refusal: refuseSensitive([metric], asker, deps, 'why') };
  }
  return { ok: true, result: await deps.services.why(request, asker.locale), ctx };
}

/** `/kpi why <metric>`: the access check, the explanation, the renderer. */
export async function answerWhy(
  request: WhyRequest,
  text: string,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage> {
  const answer = await runAllowedWhy(request, asker, deps);
  return answer.ok ? renderWhyReply(answer.result, answer.ctx, text) : answer.refusal;
}
