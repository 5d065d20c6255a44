import { renderDigest } from '../digest/blocks.ts';
import { renderDigestChart } from '../digest/chart.ts';
import { computeDigest } from '../digest/compute.ts';
import type { ComputeDigestOptions, DigestSettings } from '../digest/types.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import type { Clock } from '../shared/clock.ts';
import type { RenderDigest } from './poster.ts';

export interface DigestRendererDeps {
  clock: Clock;
  /** The current snapshot (its owner rebuilds it when the data version changes). */
  snapshot: () => Promise<Snapshot>;
  /** Sources' freshness (the store's `listSources`), so stale KPIs are marked, not flagged. */
  sources: () => Promise<ComputeDigestOptions['sources']>;
  settings: DigestSettings;
  /** Attach the chart PNG in the thread (default true). */
  chart?: boolean;
}

/**
 * The production `render` of the digest poster: computeDigest for the run's week, rendered in
 * the subscription's language (summary + thread parts), with the chart as a PNG.
 */
export function createDigestRenderer(deps: DigestRendererDeps): RenderDigest {
  return async (due, subscription) => {
    const [snapshot, sources] = await Promise.all([deps.snapshot(), deps.sources()]);
    const digest = computeDigest(snapshot, {
      week: { year: due.week.year, week: due.week.week },
      now: deps.clock.now(),
      settings: deps.settings,
      sources,
    });
    const rendered = renderDigest(digest, subscription.locale);
    const chart =
      deps.chart === false
        ? null
        : {
            filename: `kpi-digest-${due.week.label}.png`,
            data: Buffer.from((await renderDigestChart(digest, subscription.locale)).png),
            title: `KPI ${due.week.label}`,
          };
    return { summary: rendered.summary, details: rendered.details, chart };
  };
}
