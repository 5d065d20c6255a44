/** The channel taxonomy of SPEC section 2. Every lead and cost row lands in one of these. */
export const CHANNELS = [
  'paid_search',
  'paid_social',
  'organic_search',
  'organic_social',
  'email',
  'referral',
  'direct',
  'events',
  'other',
] as const;

/** One of CHANNELS (its zod schema: channel-schema.ts, kept apart so this module loads no zod). */
export type Channel = (typeof CHANNELS)[number];

/** Channels whose leads count as marketing-sourced (for the `pipeline` metric). */
export const MARKETING_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'paid_search',
  'paid_social',
  'organic_search',
  'organic_social',
  'email',
  'referral',
  'events',
]);

/** Channels that never carry ad spend: their leads are counted as such, never as "unattributed". */
export const UNPAID_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'organic_search',
  'organic_social',
  'email',
  'referral',
  'direct',
]);

/** Strips case, accents, punctuation and extra spaces: the form used to compare labels. */
export function foldLabel(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Labels seen in CRM exports (HubSpot "Original Source", Salesforce "Lead Source",
// Pipedrive "Source", UTM mediums), folded with foldLabel.
const CHANNEL_ALIASES: ReadonlyMap<string, Channel> = new Map(
  Object.entries({
    'paid search': 'paid_search',
    ppc: 'paid_search',
    cpc: 'paid_search',
    sem: 'paid_search',
    'google ads': 'paid_search',
    adwords: 'paid_search',
    'microsoft ads': 'paid_search',
    bing: 'paid_search',
    'paid social': 'paid_social',
    'paid social media': 'paid_social',
    'social paid': 'paid_social',
    'facebook ads': 'paid_social',
    'meta ads': 'paid_social',
    'linkedin ads': 'paid_social',
    'organic search': 'organic_search',
    seo: 'organic_search',
    organic: 'organic_search',
    'organic social': 'organic_social',
    'social media': 'organic_social',
    social: 'organic_social',
    email: 'email',
    'email marketing': 'email',
    'inbound email': 'email',
    newsletter: 'email',
    referral: 'referral',
    referrals: 'referral',
    partner: 'referral',
    'word of mouth': 'referral',
    'employee referral': 'referral',
    'partner referral': 'referral',
    'external referral': 'referral',
    'existing client referral': 'referral',
    'ai referrals': 'referral',
    direct: 'direct',
    'direct traffic': 'direct',
    none: 'direct',
    events: 'events',
    event: 'events',
    'trade show': 'events',
    'networking event': 'events',
    webinar: 'events',
    'offline sources': 'events',
    other: 'other',
    'other campaigns': 'other',
  } satisfies Record<string, Channel>),
);

/** Maps a raw channel label to the taxonomy; unknown or empty labels become `other`. */
export function channelFrom(raw: string | null | undefined): Channel {
  if (!raw) return 'other';
  const folded = foldLabel(raw);
  if ((CHANNELS as readonly string[]).includes(folded.replace(/ /g, '_'))) {
    return folded.replace(/ /g, '_') as Channel;
  }
  // A Map, not an object literal: labels such as "constructor" must not hit the prototype.
  return CHANNEL_ALIASES.get(folded) ?? 'other';
}
