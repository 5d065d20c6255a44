import type { Channel } from '../model/channel.ts';

/** Where a campaign runs: its spend lands in that platform's export. `none`: no spend file. */
export type Platform = 'google' | 'bing' | 'facebook' | 'linkedin' | 'none';

export interface SampleCampaign {
  /** The name as the ad platform writes it (spend exports). */
  name: string;
  /** The name as the CRM holds it (UTM campaign): another spelling, joined by campaignKey. */
  utm: string;
  platform: Platform;
  channel: Channel;
  /** Active window as fractions of the sample's timeline (0 = first day, 1 = yesterday). */
  from: number;
  to: number;
  /** Share among the active campaigns of its channel. */
  weight: number;
}

/** The CLV target the sample's config sets (EUR); CAC above CLV / 3 is an overrun. */
export const SAMPLE_CLV_TARGET = 1800;
export const SAMPLE_CURRENCY = 'EUR';
export const SAMPLE_TIME_ZONE = 'Europe/Paris';
/** The anchor ("today") of the committed sample in samples/. */
export const SAMPLE_ANCHOR = '2026-11-23';
export const SAMPLE_SEED = 42;

/**
 * Seed 000's campaign A vs B, scaled ×5 in EUR: same spend, A brings twice the leads at half
 * the CPL but few sales; at 200 € per sale A loses 3 000 € and B earns 5 000 €.
 */
export const CAMPAIGN_A = {
  name: 'Lead Magnet Ebook',
  utm: 'lead_magnet_ebook',
  platform: 'facebook',
  leads: 500,
  customers: 10,
  revenuePerSale: 200,
  spend: 5000,
  profit: -3000,
} as const;
export const CAMPAIGN_B = {
  name: 'Demo Request Pro',
  utm: 'demo-request-pro',
  platform: 'google',
  leads: 250,
  customers: 50,
  revenuePerSale: 200,
  spend: 5000,
  profit: 5000,
} as const;
/** The campaign whose CAC (900 €) exceeds CLV / 3 (600 €). */
export const CAC_OVERRUN_CAMPAIGN = {
  name: 'ABM Diretores',
  utm: 'abm_diretores',
  platform: 'linkedin',
  leads: 240,
  customers: 12,
  spend: 10_800,
  cac: 900,
} as const;

/**
 * The planted driver of a CPL move: this campaign's spend ×4 in the last full ISO week before
 * the anchor (the week of the MQL→SQL drop), with no more leads. `why cpl period=last-week`
 * names it first, and the digest's CPL line says "mostly Brand - FR".
 */
export const SPEND_SPIKE = { name: 'Brand - FR', factor: 4 } as const;

/** The planted MQL→SQL drop: SQL decisions in the last full ISO week before the anchor. */
export const MQL_TO_SQL = { baseline: 0.4, dropWeek: 0.15, minMqlsInDropWeek: 150 } as const;

export const EXACT_CAMPAIGNS = [
  { ...CAMPAIGN_A, channel: 'paid_social', from: 0.45, to: 0.72 },
  { ...CAMPAIGN_B, channel: 'paid_search', from: 0.45, to: 0.72 },
  { ...CAC_OVERRUN_CAMPAIGN, channel: 'paid_social', from: 0.25, to: 1 },
] as const;

const c = (
  name: string,
  utm: string,
  platform: Platform,
  channel: Channel,
  from: number,
  to: number,
  weight = 1,
): SampleCampaign => ({ name, utm, platform, channel, from, to, weight });

/** The other campaigns: leads pick among the active ones of their channel. */
export const CAMPAIGNS: readonly SampleCampaign[] = [
  c('Brand - FR', 'brand_fr', 'google', 'paid_search', 0, 1, 3),
  c('Generic - CRM PME', 'generic-crm-pme', 'google', 'paid_search', 0, 1, 2),
  c('Competitor - Alternatives', 'competitor_alternatives', 'google', 'paid_search', 0.1, 1),
  c('Spring Sale', 'spring_sale', 'google', 'paid_search', 0.51, 0.68, 2),
  c('Black Friday 2025', 'black-friday-2025', 'google', 'paid_search', 0.31, 0.35, 3),
  c('Remarketing Search', 'Remarketing%20Search', 'google', 'paid_search', 0.3, 1),
  c('Webinar Promo Q1', 'webinar_promo_q1', 'google', 'paid_search', 0.4, 0.5),
  c('DSA - Site FR', 'dsa_site_fr', 'google', 'paid_search', 0, 0.6),
  c('Generic - Logiciel Marketing', 'generic logiciel marketing', 'google', 'paid_search', 0.2, 1),
  c('Black Friday 2026', 'BLACK_FRIDAY_2026', 'google', 'paid_search', 0.965, 1, 3),
  c('Search - Belgique', 'search-belgique', 'google', 'paid_search', 0.5, 1),
  c('Brand Bing', 'brand-bing', 'bing', 'paid_search', 0, 1, 2),
  c('Generic Bing - CRM', 'generic_bing_crm', 'bing', 'paid_search', 0, 1),
  c('Competitor Bing', 'COMPETITOR BING', 'bing', 'paid_search', 0.3, 1),
  c('Spring Sale Bing', 'spring_sale_bing', 'bing', 'paid_search', 0.51, 0.68),
  c('Retargeting Automne', 'Retargeting%20Automne', 'facebook', 'paid_social', 0.85, 1, 2),
  c('Lookalike FR', 'lookalike_fr', 'facebook', 'paid_social', 0, 1, 2),
  c('Lead Ads - Livre Blanc', 'lead-ads-livre-blanc', 'facebook', 'paid_social', 0.1, 0.9),
  c('Video Awareness', 'video_awareness', 'facebook', 'paid_social', 0.2, 0.5),
  c('Retargeting Always-On', 'retargeting_always_on', 'facebook', 'paid_social', 0, 1),
  c('Promo Été 2026', 'promo_ete_2026', 'facebook', 'paid_social', 0.68, 0.84),
  c('Instagram Stories', 'instagram-stories', 'facebook', 'paid_social', 0.6, 1),
  c('Sponsored Content FR', 'sponsored_content_fr', 'linkedin', 'paid_social', 0, 1, 2),
  c('Lead Gen Form - DAF', 'lead_gen_form_daf', 'linkedin', 'paid_social', 0.3, 1),
  c('Webinar Outubro', 'webinar-outubro', 'linkedin', 'paid_social', 0.9, 0.95),
  c('Conversation Ads', 'conversation_ads', 'linkedin', 'paid_social', 0.4, 0.7),
  c('Retargeting LinkedIn', 'retargeting_linkedin', 'linkedin', 'paid_social', 0.5, 1),
  c('Newsletter Mensuelle', 'newsletter_mensuelle', 'none', 'email', 0, 1, 2),
  c('Nurturing MQL', 'nurturing-mql', 'none', 'email', 0, 1),
  c('Webinar Invitation', 'webinar_invitation', 'none', 'email', 0.3, 1),
  c('Relance Essai', 'relance_essai', 'none', 'email', 0.5, 1),
  c('Black Friday Emailing', 'black-friday-emailing', 'none', 'email', 0.31, 0.35, 3),
  c('Salon VivaTech 2026', 'salon_vivatech_2026', 'none', 'events', 0.69, 0.72, 4),
  c('Webinar Live Demo', 'webinar_live_demo', 'none', 'events', 0, 1),
  c('Programme Partenaires', 'programme_partenaires', 'none', 'referral', 0, 1),
  c('Posts LinkedIn Organiques', 'posts_linkedin_organiques', 'none', 'organic_social', 0, 1),
  c('Product Hunt Launch', 'product-hunt-launch', 'none', 'organic_social', 0.6, 0.62, 6),
];

/** Share of the (non-exact) leads per channel and, for paid ones, per platform. */
export const CHANNEL_MIX: readonly { channel: Channel; platform: Platform; share: number; label: string }[] =
  [
    { channel: 'paid_search', platform: 'google', share: 26, label: 'Paid Search' },
    { channel: 'paid_search', platform: 'bing', share: 5, label: 'Paid Search' },
    { channel: 'paid_social', platform: 'facebook', share: 14, label: 'Paid Social' },
    { channel: 'paid_social', platform: 'linkedin', share: 6, label: 'Paid Social' },
    { channel: 'organic_search', platform: 'none', share: 17, label: 'Organic Search' },
    { channel: 'email', platform: 'none', share: 9, label: 'Email Marketing' },
    { channel: 'referral', platform: 'none', share: 7, label: 'Referrals' },
    { channel: 'direct', platform: 'none', share: 9, label: 'Direct Traffic' },
    { channel: 'organic_social', platform: 'none', share: 4, label: 'Social Media' },
    { channel: 'events', platform: 'none', share: 3, label: 'Offline Sources' },
  ];

export const ORIGINAL_SOURCE: Readonly<Record<Channel, string>> = {
  paid_search: 'Paid Search',
  paid_social: 'Paid Social',
  organic_search: 'Organic Search',
  organic_social: 'Social Media',
  email: 'Email Marketing',
  referral: 'Referrals',
  direct: 'Direct Traffic',
  events: 'Offline Sources',
  other: 'Other Campaigns',
};
