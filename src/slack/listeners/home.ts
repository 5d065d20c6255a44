import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Query } from '../../kpi/query.ts';
import { renderHome } from '../blocks/home.ts';
import { firstOnly } from '../dedupe.ts';
import type { SlackDeps } from '../deps.ts';

/** The headline KPIs of the App Home (SPEC section 5's first line). */
export const HOME_METRICS = ['leads', 'mql', 'sql', 'customers', 'spend', 'cpl', 'cac', 'roi'] as const;

export const HOME_QUERY: Query = {
  metrics: HOME_METRICS,
  filters: [],
  by: null,
  period: { kind: 'relative', name: 'this-week' },
  compare: 'previous',
  view: 'flow',
};

/** App Home: published whenever the user opens the tab. */
export function registerHome(app: App, deps: SlackDeps): void {
  app.event(
    'app_home_opened',
    firstOnly<SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs>(async ({ event, client }) => {
      if (event.tab !== 'home') return;
      try {
        const locale = await deps.locales.of(event.user);
        const ctx = await deps.services.renderContext(locale);
        const mayRevenue = await deps.access.maySeeSensitive(event.user, event.channel);
        const query: Query = {
          ...HOME_QUERY,
          metrics: HOME_METRICS.filter((m) => mayRevenue || !ctx.metric(m).sensitive),
        };
        const [week, sources, digests, alerts, history] = await Promise.all([
          deps.services.run(query).catch((error: unknown) => {
            deps.logger.warn({ err: error }, 'home: headline query failed');
            return null;
          }),
          deps.services.sources(),
          deps.extensions.homeDigests?.(locale) ?? Promise.resolve([]),
          deps.extensions.homeAlerts?.(locale) ?? Promise.resolve([]),
          deps.services.history(5).catch((error: unknown) => {
            deps.logger.warn({ err: error }, 'home: history failed');
            return null;
          }),
        ]);
        await client.views.publish({
          user_id: event.user,
          view: renderHome(
            { week, sources, digests, alerts, ...(history ? { changes: history.changes } : {}) },
            ctx,
          ),
        });
      } catch (error) {
        deps.logger.error({ err: error, user: event.user }, 'home: publish failed');
      }
    }),
  );
}
