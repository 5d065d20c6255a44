import type { Asker } from '../../command/handler.ts';
import type { Query } from '../../kpi/query.ts';
import type { QueryResult } from '../../kpi/result.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderKpiReply } from '../blocks/kpi-reply.ts';
import type { RenderContext } from '../blocks/types.ts';
import type { SlackDeps } from '../deps.ts';
import { afterAcks } from '../turns.ts';
import { refuseSensitive } from './sensitive.ts';

/** A query's answer for this asker, or the refusal when it reveals revenue they may not see. */
export type AllowedAnswer =
  | { ok: true; result: QueryResult; ctx: RenderContext }
  | { ok: false; refusal: SlackMessage };

/** The access check for revenue metrics, then the engine: what every way of answering shares. */
export async function runAllowedQuery(query: Query, asker: Asker, deps: SlackDeps): Promise<AllowedAnswer> {
  const ctx = await deps.services.renderContext(asker.locale);
  const sensitive = query.metrics.map((id) => ctx.metric(id)).filter((m) => m.sensitive);
  if (sensitive.length > 0 && !(await deps.access.maySeeSensitive(asker.user, asker.channel))) {
    return { ok: false, refusal: refuseSensitive(sensitive, asker, deps, 'query') };
  }
  return { ok: true, result: await deps.services.run(query, asker.locale), ctx };
}

/**
 * Replies already rendered, per answer (the engine's result object, shared by everyone who asked
 * the same question within the same minute: src/slack/kpi-services.ts) and per question text
 * and context: rendering a large answer cost more of the event loop than acknowledging it.
 * Held weakly: gone with the answer.
 */
const rendered = new WeakMap<QueryResult, Map<string, SlackMessage>>();

function renderOnce(result: QueryResult, ctx: RenderContext, text: string): SlackMessage {
  const key = `${ctx.locale}|${ctx.freshness ?? ''}|${ctx.maxRows ?? ''}|${text}`;
  let forResult = rendered.get(result);
  if (!forResult) {
    forResult = new Map();
    rendered.set(result, forResult);
  }
  let message = forResult.get(key);
  if (!message) {
    message = renderKpiReply(result, ctx, text);
    // Shared by every asker of this answer: nobody may change it.
    Object.freeze(message);
    forResult.set(key, message);
  }
  return message;
}

/** A KPI question: the access check for revenue metrics, the engine, the renderer. */
export async function answerQuery(
  query: Query,
  text: string,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage> {
  const answer = await runAllowedQuery(query, asker, deps);
  if (!answer.ok) return answer.refusal;
  // Rendering waits for a turn of its own: acknowledgements waiting on the event loop go first.
  await afterAcks();
  return renderOnce(answer.result, answer.ctx, text);
}
