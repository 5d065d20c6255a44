import { z } from 'zod';

/** ISO 4217 code. One currency per workspace; other currencies need a configured rate. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR or USD');
export type Currency = z.infer<typeof CurrencySchema>;

const SYMBOLS: Readonly<Record<string, Currency>> = {
  '€': 'EUR',
  $: 'USD',
  US$: 'USD',
  '£': 'GBP',
  CHF: 'CHF',
  R$: 'BRL',
  C$: 'CAD',
  A$: 'AUD',
  '¥': 'JPY',
};

/** The currency a symbol or code stands for, or null when it names none we know. */
export function currencyFromSymbol(symbol: string): Currency | null {
  const trimmed = symbol.trim();
  if (/^[A-Z]{3}$/.test(trimmed)) return trimmed;
  return SYMBOLS[trimmed] ?? null;
}
