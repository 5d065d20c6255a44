import type { DueRun } from '../../src/schedule/due.ts';
import type { DigestContent } from '../../src/schedule/poster.ts';
import type { Subscription } from '../../src/schedule/subscriptions.ts';

/**
 * A placeholder digest: the exactly-once machinery is tested independently of the digest's
 * content (the digest area tests that), with a summary, two thread parts and a tiny "chart".
 */
export async function placeholderRender(due: DueRun, subscription: Subscription): Promise<DigestContent> {
  return {
    summary: { text: `Weekly digest ${due.week.label} for ${subscription.id}`, blocks: [] },
    details: [
      { text: `Details 1 of ${due.week.label}`, blocks: [] },
      { text: `Details 2 of ${due.week.label}`, blocks: [] },
    ],
    chart: { filename: `digest-${due.week.label}.png`, data: Buffer.from('not really a png') },
  };
}
