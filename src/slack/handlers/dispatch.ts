import type { Asker, SubcommandHandler } from '../../command/handler.ts';
import { whyHelp } from '../../command/help.ts';
import type { Command } from '../../command/types.ts';
import { t } from '../../i18n/catalogue.ts';
import { METRIC_IDS } from '../../kpi/query.ts';
import { resolveTarget } from '../../schedule/commands.ts';
import { escapeMrkdwn } from '../../shared/escape.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderNotice } from '../../shared/slack-message.ts';
import { renderError } from '../blocks/error.ts';
import { renderHelp, renderMetricHelp, renderTopicHelp } from '../blocks/help.ts';
import { renderHistory, renderUndo } from '../blocks/history.ts';
import { renderPlan } from '../blocks/plan.ts';
import { renderSources } from '../blocks/sources.ts';
import type { SlackDeps } from '../deps.ts';
import type { EditorAction } from '../editors.ts';
import { importByName } from './import.ts';
import { answerQuery } from './query.ts';
import { guardSensitive } from './sensitive.ts';
import { answerWhy } from './why.ts';

/** One parsed /kpi command → its ephemeral reply. `modal` is handled by the listener (it needs the trigger). */
export async function dispatch(
  command: Command,
  text: string,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage> {
  const { locale } = asker;
  switch (command.kind) {
    case 'query':
      return answerQuery(command.query, text, asker, deps);
    case 'why':
      return answerWhy(command.request, text, asker, deps);
    case 'help': {
      const ctx = await deps.services.renderContext(locale);
      if (command.metric) return renderMetricHelp(locale, ctx.metric(command.metric));
      if (command.topic === 'why') return renderTopicHelp(whyHelp(locale));
      return renderHelp(
        locale,
        METRIC_IDS.map((id) => ctx.metric(id)),
      );
    }
    case 'sources':
      return renderSources(locale, await deps.services.sources());
    case 'refresh': {
      const refused = await deps.editors.refuse(asker.user, 'refresh', locale, 'refresh');
      if (refused) return refused;
      const done = await deps.services.refresh({ user: asker.user, via: 'command' });
      const failed = (done.failures ?? []).map((f) => `• ${escapeMrkdwn(t(locale, f.key, f.params))}`);
      return renderNotice(
        [
          t(locale, 'slack.refresh.done', { count: done.count, rows: done.rows, rejected: done.rejected }),
          ...failed,
        ].join('\n'),
      );
    }
    case 'plan': {
      const ctx = await deps.services.renderContext(locale);
      const plan = await deps.services.plan(command);
      return renderPlan(plan, ctx);
    }
    case 'import': {
      if (command.undo !== undefined) {
        const refused = await deps.editors.refuse(asker.user, 'undo', locale, 'import undo');
        if (refused) return refused;
        const outcome = await deps.services.undoImport(command.undo, { user: asker.user, via: 'command' });
        return renderUndo(outcome, command.undo, locale);
      }
      return command.fileRef
        ? importByName(command.fileRef, asker, deps)
        : renderNotice(t(locale, 'slack.import.how'));
    }
    case 'history': {
      const { changes, keepDays } = await deps.services.history(command.limit ?? 10);
      return renderHistory(changes, locale, keepDays);
    }
    case 'digest':
      return viaExtension(deps.extensions.digest, command, text, asker, deps);
    case 'alerts':
      return viaExtension(deps.extensions.alerts, command, text, asker, deps);
    case 'modal':
      return renderError(locale, t(locale, 'slack.not_available'));
  }
}

/**
 * A sub-command owned by another area (digest, alerts). The revenue allow-list is checked here,
 * for every one of them, so no handler can forget it.
 */
async function viaExtension<C extends Command>(
  handler: SubcommandHandler<C> | undefined,
  command: C,
  text: string,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage> {
  if (!handler) return notAvailable(asker);
  const refused = (await guardEditor(command, asker, deps)) ?? (await guardSensitive(command, asker, deps));
  if (refused) return refused;
  const reply = await handler(command, asker);
  const action = changeAction(command);
  if (action) {
    // The trail keeps the command as typed and what it answered (the rule added, not found …).
    await deps.services.recordChange({
      actor: asker.user,
      action,
      via: 'command',
      subject: 'id' in command ? command.id : asker.channel,
      details: { command: text, outcome: reply.text ?? '' },
    });
  }
  return reply;
}

/** The trail's name for a sub-command that changes configuration (null: it only reads). */
function changeAction(command: Command): string | null {
  if (command.kind === 'alerts' && command.action !== 'list') return `alerts_${command.action}`;
  if (command.kind === 'digest' && (command.action === 'subscribe' || command.action === 'unsubscribe'))
    return command.action;
  return null;
}

/**
 * Changes of configuration are for editors: alert rules (add, remove, snooze, mute) and digest
 * subscriptions of a channel or of someone else (subscribing yourself stays open to everyone).
 */
async function guardEditor(command: Command, asker: Asker, deps: SlackDeps): Promise<SlackMessage | null> {
  const action = editorAction(command, asker);
  return action ? deps.editors.refuse(asker.user, action, asker.locale, `${command.kind}`) : null;
}

function editorAction(command: Command, asker: Asker): EditorAction | null {
  if (command.kind === 'alerts') {
    switch (command.action) {
      case 'list':
        return null;
      case 'add':
        return 'alerts_add';
      case 'remove':
        return 'alerts_remove';
      case 'snooze':
        return 'alerts_snooze';
      case 'mute':
      case 'unmute':
        return 'alerts_mute';
    }
  }
  if (command.kind !== 'digest') return null;
  if (command.action !== 'subscribe' && command.action !== 'unsubscribe') return null;
  const target = resolveTarget(command.target, asker);
  // An unresolvable `#name` is refused by the handler itself; yourself is always allowed.
  if (target === null || (target.kind === 'user' && target.id === asker.user)) return null;
  return command.action;
}

function notAvailable(asker: Asker): SlackMessage {
  return renderNotice(t(asker.locale, 'slack.not_available'));
}
