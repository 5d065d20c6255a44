import type { MetricId } from '../kpi/query.ts';
import { missingInput, type ResultRow } from '../kpi/result.ts';
import { CHANNELS, type Channel } from '../model/channel.ts';
import type { CacByCampaign, CacByChannel, CacCheck, CacVsClv, DigestSettings } from './types.ts';

/** The metrics the CAC checks read from the engine. */
export const CAC_METRICS: readonly MetricId[] = ['cost', 'customers', 'cac', 'clv', 'ltv_cac'];

const num = (row: ResultRow, id: MetricId): number | null => row.values[id]?.value ?? null;

function check(row: ResultRow, settings: DigestSettings, judged: boolean): CacCheck {
  const cac = num(row, 'cac');
  const clv = num(row, 'clv');
  const target = settings.targets.ltvCacRatio;
  const maxCac = clv !== null && target > 0 ? clv / target : null;
  const customers = num(row, 'customers') ?? 0;
  return {
    cost: num(row, 'cost') ?? 0,
    customers,
    cac,
    clv,
    ratio: num(row, 'ltv_cac'),
    target,
    maxCac,
    // Few customers make a noisy CAC: flag only when one more customer would still leave it
    // above the target (the acquisition cost spread over customers + 1).
    flagged:
      judged &&
      cac !== null &&
      maxCac !== null &&
      customers >= settings.minCustomers &&
      (cac * customers) / (customers + 1) > maxCac,
  };
}

/** Worst first: flagged, then the lowest LTV:CAC; rows without a ratio last. */
const byConcern = (a: CacCheck, b: CacCheck): number =>
  Number(b.flagged) - Number(a.flagged) ||
  (a.ratio ?? Number.POSITIVE_INFINITY) - (b.ratio ?? Number.POSITIVE_INFINITY);

// Without cost there is no CAC to judge (organic channels and campaigns).
const active = (c: CacCheck): boolean => c.cost > 0;

/**
 * CAC against CLV / target ratio over the CAC window, overall, per channel and per campaign.
 * A group needs `minCustomers` new customers before its CAC is judged (one sale is no CAC),
 * its CAC must stay above CLV / ratio even with one more customer, and nothing is judged
 * while a source behind it is stale.
 */
export function cacVsClv(
  period: CacVsClv['period'],
  overall: ResultRow,
  channels: readonly ResultRow[],
  campaigns: readonly ResultRow[],
  settings: DigestSettings,
  stale: boolean,
): CacVsClv {
  const isChannel = (key: string | null): key is Channel =>
    (CHANNELS as readonly (string | null)[]).includes(key);
  const byChannel: CacByChannel[] = channels
    .filter((row) => isChannel(row.key))
    .map((row) => ({ ...check(row, settings, !stale), channel: row.key as Channel }))
    .filter(active)
    .sort(byConcern);
  const byCampaign: CacByCampaign[] = campaigns
    .filter((row) => row.key !== null)
    .map((row) => ({ ...check(row, settings, !stale), campaign: row.label }))
    .filter(active)
    .sort(byConcern);
  const total = check(overall, settings, !stale);
  // A CLV model over revenue with no revenue in the data: say that, not "no CLV configured".
  const clvNa = missingInput(overall.values.clv);
  return {
    period,
    overall: total,
    byChannel,
    byCampaign,
    clvMissing: total.clv === null && clvNa === null,
    ...(clvNa ? { clvNa } : {}),
  };
}
