import type { Asker } from '../../command/handler.ts';
import type { Command } from '../../command/types.ts';
import { CAC_METRICS } from '../../digest/cac.ts';
import { CAMPAIGN_METRICS } from '../../digest/campaigns.ts';
import { t } from '../../i18n/catalogue.ts';
import { CATALOGUE } from '../../kpi/catalogue.ts';
import type { MetricId, Query } from '../../kpi/query.ts';
import { resolveTarget } from '../../schedule/commands.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderError } from '../blocks/error.ts';
import type { MetricInfo } from '../blocks/types.ts';
import type { SlackDeps } from '../deps.ts';

/** What the weekly digest shows (headline revenue, campaign profit and ROI, CLV and LTV:CAC). */
const DIGEST_METRICS: readonly MetricId[] = ['revenue', ...CAMPAIGN_METRICS, ...CAC_METRICS];

/** Where a command would post revenue: a channel, or a person's DM. */
type Destination = { kind: 'channel'; id: string } | { kind: 'user'; id: string };

interface SensitiveUse {
  metrics: readonly MetricId[];
  destinations: readonly Destination[];
}

/** The polite refusal (ephemeral) and its log line, for revenue-sensitive metrics the asker may not see. */
export function refuseSensitive(
  sensitive: readonly MetricInfo[],
  asker: Asker,
  deps: SlackDeps,
  command: string,
): SlackMessage {
  deps.logger.warn(
    { user: asker.user, channel: asker.channel, metrics: sensitive.map((m) => m.id), command },
    'access refused to a revenue-sensitive metric',
  );
  const names = sensitive.map((m) => m.name).join(', ');
  return renderError(asker.locale, t(asker.locale, 'slack.access.denied', { metric: names }));
}

/** The metrics and destinations a digest or alerts sub-command touches; null when none is sensitive. */
async function sensitiveUse(command: Command, asker: Asker, deps: SlackDeps): Promise<SensitiveUse | null> {
  if (command.kind === 'digest') {
    if (command.action === 'preview') return { metrics: DIGEST_METRICS, destinations: [] };
    if (command.action !== 'subscribe') return null;
    // An unresolvable target (`#name`) is refused by the handler itself.
    const target = resolveTarget(command.target, asker);
    return { metrics: DIGEST_METRICS, destinations: target ? [target] : [] };
  }
  if (command.kind !== 'alerts') return null;
  switch (command.action) {
    case 'list':
      return null;
    case 'add': {
      const { rule } = command;
      const metrics =
        typeof rule.threshold === 'object' && 'target' in rule.threshold ? ['clv' as const] : [];
      const channel = rule.channel?.channel ?? asker.channel;
      return {
        metrics: [rule.metric, ...metrics],
        destinations: channel.startsWith('#') ? [] : [{ kind: 'channel', id: channel }],
      };
    }
    case 'remove':
    case 'snooze':
    case 'mute':
    case 'unmute': {
      const lookup = deps.extensions.alertRuleMetrics;
      // Not wired: the rule's metrics are unknown, so it is treated as revenue-sensitive (fail closed).
      const metrics = lookup
        ? await lookup(command.id)
        : CATALOGUE.filter((m) => m.revenueSensitive).map((m) => m.id);
      return metrics ? { metrics, destinations: [] } : null;
    }
  }
}

/**
 * The revenue allow-list for the digest and alerts sub-commands, checked where they are dispatched
 * so no handler can forget it: the asker must be allowed where they typed, and whatever would be
 * posted (a subscription's channel or DM, an alert's channel) must go somewhere allowed.
 * Null when the command may proceed.
 */
export async function guardSensitive(
  command: Command,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage | null> {
  const use = await sensitiveUse(command, asker, deps);
  if (!use) return null;
  const ctx = await deps.services.renderContext(asker.locale);
  const sensitive = [...new Set(use.metrics)].map((id) => ctx.metric(id)).filter((m) => m.sensitive);
  if (sensitive.length === 0) return null;
  let allowed = await deps.access.maySeeSensitive(asker.user, asker.channel);
  for (const to of use.destinations) {
    if (!allowed) break;
    allowed =
      to.kind === 'channel'
        ? await deps.access.mayPostSensitive(asker.user, to.id)
        : await deps.access.isAllowedPerson(to.id);
  }
  if (allowed) return null;
  const action = 'action' in command ? ` ${command.action}` : '';
  return refuseSensitive(sensitive, asker, deps, `${command.kind}${action}`);
}

/**
 * "Share in channel" posts the answer publicly: revenue-sensitive metrics need the sharer to be
 * allowed there and, when a channel list is configured, the channel to be on it. Null when allowed.
 */
export async function guardShare(
  query: Pick<Query, 'metrics'>,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage | null> {
  const ctx = await deps.services.renderContext(asker.locale);
  const sensitive = query.metrics.map((id) => ctx.metric(id)).filter((m) => m.sensitive);
  if (sensitive.length === 0 || (await deps.access.mayPostSensitive(asker.user, asker.channel))) return null;
  return refuseSensitive(sensitive, asker, deps, 'share');
}
