import type { LeadDimension } from '../model/dimension.ts';
import type { LeadColumns } from './snapshot.ts';

/**
 * The lead columns of one part of a file (a byte range mapped on its own thread, see
 * data/lead-parts.ts), as SnapshotBuilder.exportLeadPart gives them: row i of every array is
 * the part's i-th distinct lead, in the order first written, holding its last version. Codes
 * are the part's own: its dictionaries' spellings and its customer ids say how to map them
 * (`customerCode` holds the part's customer codes, handed out in the order its leads were written).
 */
export interface LeadPart
  extends Pick<
    LeadColumns,
    | 'created'
    | 'mql'
    | 'sql'
    | 'opportunity'
    | 'customer'
    | 'lost'
    | 'activated'
    | 'valid'
    | 'marketing'
    | 'amount'
    | 'pipeline'
    | 'customerCode'
  > {
  rows: number;
  codes: Record<LeadDimension, Int32Array>;
  /** 1 where the lead has an amount (revenue data), beside `amount` (0 when absent). */
  hasAmount: Uint8Array;
  /** How many customer codes the part handed out (a lead without a customer id gets its own). */
  customerCodes: number;
  /** The codes given for a customer id (ascending), and each one's id (trimmed). */
  customerIdCodes: Int32Array;
  customerIds: string[];
  /** Per dimension, each distinct spelling with its part code, in the order first written (Dictionary.spellings). */
  spellings: Record<LeadDimension, [string, number][]>;
}

/** The buffers of a part, to transfer it to another thread instead of copying it. */
export function partBuffers(part: LeadPart): ArrayBuffer[] {
  const arrays = [
    ...Object.values<Int32Array>(part.codes),
    part.created,
    part.mql,
    part.sql,
    part.opportunity,
    part.customer,
    part.lost,
    part.activated,
    part.valid,
    part.marketing,
    part.hasAmount,
    part.amount,
    part.pipeline,
    part.customerCode,
    part.customerIdCodes,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
