export { campaignKey } from './campaign.ts';
export type { Channel } from './channel.ts';
export { CHANNELS, ChannelSchema, channelFrom, foldLabel, MARKETING_CHANNELS } from './channel.ts';
export type { Cost, CostDimension, CostKind } from './cost.ts';
export { COST_DIMENSIONS, COST_KINDS, CostKindSchema, CostSchema, IsoDateSchema } from './cost.ts';
export type { Dimension, Lead } from './lead.ts';
export { LEAD_DIMENSIONS, LeadSchema } from './lead.ts';
export type { Currency } from './money.ts';
export { CurrencySchema, currencyFromSymbol } from './money.ts';
