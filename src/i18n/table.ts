import type { Locale } from './locale.ts';

/** One message in every language we speak. `{name}` placeholders are filled from params. */
export type Message = Readonly<Record<Locale, string>>;
export type MessageTable = Readonly<Record<string, Message>>;
