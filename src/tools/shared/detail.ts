import { z } from 'zod';

// How much an analysis answer says. summary: what an agent needs to decide where to look
// next; standard: the working detail; full: every figure the engine computed.

export const DETAIL_LEVELS = ['summary', 'standard', 'full'] as const;
export type Detail = (typeof DETAIL_LEVELS)[number];

export const DetailEnum = z.enum(DETAIL_LEVELS);

/** A directory starts at summary (cheap, then narrow); a single file at standard. */
export function detailFor(requested: Detail | undefined, isDirectory: boolean): Detail {
  return requested ?? (isDirectory ? 'summary' : 'standard');
}
