export { campaignKey } from './campaign.ts';
export type { Channel } from './channel.ts';
export { CHANNELS, ChannelSchema, channelFrom, foldLabel, MARKETING_CHANNELS } from './channel.ts';
export type { Cost, CostKind } from './cost.ts';
export { COST_KINDS, CostKindSchema, CostSchema, IsoDateSchema } from './cost.ts';
export type { BreakdownDimension, CostDimension, Dimension, LeadDimension } from './dimension.ts';
export {
  BREAKDOWN_DIMENSIONS,
  COST_DIMENSIONS,
  DIMENSIONS,
  isCostDimension,
  isDimension,
  isLeadDimension,
  LEAD_DIMENSIONS,
} from './dimension.ts';
export type { Lead } from './lead.ts';
export { LeadSchema } from './lead.ts';
export type { Currency } from './money.ts';
export { CurrencySchema, currencyFromSymbol } from './money.ts';
