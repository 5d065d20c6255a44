import { z } from 'zod';
import { ChannelSchema } from './channel-schema.ts';
import { CurrencySchema } from './money.ts';

/** Epoch milliseconds (UTC instant). Stage dates are instants; date-only inputs are midnight in the workspace time zone. */
const Instant = z.number().int().finite();
const OptionalInstant = Instant.nullable();
const OptionalText = z.string().nullable();
const OptionalAmount = z.number().finite().nullable();

/**
 * The canonical lead of SPEC section 2. `origin` is where the row came from (a preset id or
 * a configured source name) and, with `recordId`, the idempotency key of the store.
 * `source` is the platform (google, facebook, linkedin, …) as in the SPEC's vocabulary.
 */
export const LeadSchema = z.object({
  origin: z.string().min(1),
  recordId: z.string().min(1),
  createdAt: Instant,
  channel: ChannelSchema,
  source: OptionalText,
  campaign: OptionalText,
  ad: OptionalText,
  audience: OptionalText,
  form: OptionalText,
  keyword: OptionalText,
  owner: OptionalText,
  segment: OptionalText,
  product: OptionalText,
  country: OptionalText,
  email: OptionalText,
  phone: OptionalText,
  /** Valid email or phone (syntax, not a placeholder); computed at ingest when the export has no flag. */
  valid: z.boolean(),
  mqlAt: OptionalInstant,
  sqlAt: OptionalInstant,
  opportunityAt: OptionalInstant,
  customerAt: OptionalInstant,
  lostAt: OptionalInstant,
  activatedAt: OptionalInstant,
  /** Won revenue, in the workspace currency. */
  amount: OptionalAmount,
  /** Open opportunity value, in the workspace currency. */
  pipelineAmount: OptionalAmount,
  currency: CurrencySchema.nullable(),
  customerId: OptionalText,
});
export type Lead = z.infer<typeof LeadSchema>;

// The dimension lists live in dimension.ts (shared with costs); re-exported for existing importers.
export type { Dimension, LeadDimension } from './dimension.ts';
export { LEAD_DIMENSIONS } from './dimension.ts';
