import type { PagePosition } from '../../analysis/analyses.js';
import { ToolError } from '../../envelope/errors.js';

/**
 * A cursor is an offset into a deterministic ordering of one analysis, and names the snapshot
 * of that analysis (with the tree signature it was made of) so a later page slices it instead
 * of analysing again. Opaque to clients: base64url of "offset" or "offset.snapshot.signature".
 */
export interface Paging {
  start: number;
  position?: PagePosition | undefined;
}

export function decodeCursor(cursor: string | undefined): Paging {
  if (!cursor) return { start: 0 };
  const [offset = '', snapshot, signature, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  const start = /^\d+$/.test(offset) ? Number(offset) : Number.NaN;
  const wellFormed =
    Number.isSafeInteger(start) &&
    rest.length === 0 &&
    (snapshot === undefined || (Boolean(snapshot) && Boolean(signature)));
  if (!wellFormed) throw new ToolError('INVALID_ARGUMENT', 'cursor is not one this server gave out.');
  return { start, ...(snapshot && signature ? { position: { snapshot, signature } } : {}) };
}

export function encodeCursor(offset: number, position?: PagePosition): string {
  return Buffer.from(position ? `${offset}.${position.snapshot}.${position.signature}` : String(offset)).toString(
    'base64url',
  );
}

/** The cursor of the page after `count` items from `start`, when any item is left. */
export function nextCursorAfter(paging: Paging, count: number, total: number): string | undefined {
  return paging.start + count < total ? encodeCursor(paging.start + count, paging.position) : undefined;
}

/**
 * The data.truncated note: what this page shows, what was left out and how to get it. Written
 * for a model, so it names the arguments to use.
 */
export function truncationNote(p: {
  unit: string;
  start: number;
  count: number;
  total: number;
  nextCursor?: string | undefined;
  /** Inner lists cut to fit, e.g. "functions of big.py: 40 of 912 listed". */
  cut?: string[];
  budgetTokens: number;
  narrow: string;
}): string | undefined {
  const cut = p.cut ?? [];
  if (!p.nextCursor && cut.length === 0) return undefined;
  const shown =
    p.count === 0
      ? `No ${p.unit}`
      : `${p.unit[0]!.toUpperCase()}${p.unit.slice(1)} ${p.start + 1}–${p.start + p.count}`;
  const parts = [`${shown} of ${p.total} shown (answer budget ${p.budgetTokens} tokens).`];
  if (cut.length > 0) parts.push(`Cut to fit: ${cut.join('; ')}.`);
  if (p.nextCursor) parts.push(`Next page: cursor "${p.nextCursor}" with the same arguments.`);
  parts.push(`To get less at a time: ${p.narrow}; a larger maxTokens (up to 24000) gives more per page.`);
  return parts.join(' ');
}
