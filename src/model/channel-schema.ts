import { z } from 'zod';
import { CHANNELS } from './channel.ts';

/**
 * The channel taxonomy as a zod schema (model/lead.ts, model/cost-schema.ts). Apart from
 * channel.ts so that what only reads channels (the grammar, the snapshot) loads no zod.
 */
export const ChannelSchema = z.enum(CHANNELS);
