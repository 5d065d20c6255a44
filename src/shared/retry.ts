/** Exponential backoff with a cap: 1 s, 2 s, 4 s … 60 s. */
export const defaultBackoff = (attempt: number): number => Math.min(60_000, 1000 * 2 ** (attempt - 1));

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
