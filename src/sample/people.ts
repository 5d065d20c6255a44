import type { Channel } from '../model/channel.ts';
import type { Rng } from './prng.ts';

const FIRST = [
  'Camille',
  'Léa',
  'Hugo',
  'Louis',
  'Chloé',
  'Inès',
  'Jules',
  'Manon',
  'Lucas',
  'Emma',
  'Nathan',
  'Sarah',
  'Théo',
  'Zoé',
  'Yanis',
  'Amira',
  'Paul',
  'Julie',
  'Karim',
  'Anaïs',
  'Marc',
  'Élodie',
  'Rafael',
  'Ana',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'Roux',
  'Fournier',
  'Girard',
  'Benali',
  'Nguyen',
  'Silva',
  'Costa',
];
const DOMAINS = [
  'gmail.com',
  'orange.fr',
  'acme-conseil.fr',
  'batiplus.fr',
  'logistika.be',
  'alpinex.ch',
  'nordtech.fr',
  'outlook.fr',
];
const INVALID_EMAILS = ['n/a', 'test@test', '', 'aaa', 'no-email'];
const OWNERS = [
  'Claire Dubois',
  'Marc Leroy',
  'Sofia Almeida',
  'Thomas Girard',
  'Nadia Benali',
  'Julien Petit',
];
const COUNTRIES: readonly [string, number][] = [
  ['France', 70],
  ['Belgium', 10],
  ['Switzerland', 7],
  ['Canada', 5],
  ['Luxembourg', 3],
  ['Morocco', 5],
];
const SEGMENTS: readonly [string, number][] = [
  ['SMB', 60],
  ['Mid-Market', 30],
  ['Enterprise', 10],
];
const PRODUCTS: readonly [string, number][] = [
  ['Suite', 50],
  ['Analytics', 30],
  ['Starter', 20],
];

const FORMS: Readonly<Record<Channel, readonly string[]>> = {
  paid_search: ['Demo request', 'Free trial', 'Contact us'],
  paid_social: ['Ebook', 'Lead form', 'Webinar'],
  organic_search: ['Contact us', 'Free trial', 'Ebook'],
  organic_social: ['Webinar', 'Ebook'],
  email: ['Webinar', 'Demo request'],
  referral: ['Contact us', 'Demo request'],
  direct: ['Contact us', 'Free trial'],
  events: ['Event badge scan', 'Webinar'],
  other: ['Contact us'],
};

/** Probability a valid lead becomes an MQL, by channel. */
export const MQL_RATE: Readonly<Record<Channel, number>> = {
  paid_search: 0.55,
  paid_social: 0.5,
  organic_search: 0.6,
  organic_social: 0.5,
  email: 0.65,
  referral: 0.75,
  direct: 0.45,
  events: 0.7,
  other: 0.4,
};

const weightedPick = (rng: Rng, items: readonly [string, number][]): string =>
  rng.weighted(items, (i) => i[1])[0];
const asciiCache = new Map<string, string>();
const ascii = (s: string): string => {
  let folded = asciiCache.get(s);
  if (folded === undefined) {
    folded = s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    asciiCache.set(s, folded);
  }
  return folded;
};

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  valid: boolean;
  owner: string;
  country: string;
  segment: string;
  product: string;
  form: string;
}

/** A made-up contact; `forceValid` for leads the plan needs to convert. */
export function person(rng: Rng, id: number, channel: Channel, forceValid: boolean): Person {
  const firstName = rng.pick(FIRST);
  const lastName = rng.pick(LAST);
  const valid = forceValid || rng.chance(0.93);
  const email = valid
    ? `${ascii(firstName)}.${ascii(lastName)}${id % 1000}@${rng.pick(DOMAINS)}`
    : rng.pick(INVALID_EMAILS);
  const phone = rng.chance(0.3)
    ? `+33 6 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`
    : '';
  return {
    firstName,
    lastName,
    email,
    phone,
    valid,
    owner: rng.pick(OWNERS),
    country: weightedPick(rng, COUNTRIES),
    segment: weightedPick(rng, SEGMENTS),
    product: weightedPick(rng, PRODUCTS),
    form: rng.pick(FORMS[channel]),
  };
}

/** Won amount by segment (EUR, rounded to 10). */
export function dealAmount(rng: Rng, segment: string): number {
  const [lo, hi] =
    segment === 'Enterprise' ? [5000, 15000] : segment === 'Mid-Market' ? [1800, 4500] : [600, 1800];
  return Math.round(rng.int(lo, hi) / 10) * 10;
}
