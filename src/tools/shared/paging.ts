import { ToolError } from '../../envelope/errors.js';

/** Cursors are offsets into a deterministic ordering; opaque to clients. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const n = Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10);
  if (!Number.isInteger(n) || n < 0) throw new ToolError('INVALID_ARGUMENT', 'cursor is not one this server gave out.');
  return n;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

/** The cursor of the page after `count` items from `start`, when any item is left. */
export function nextCursorAfter(start: number, count: number, total: number): string | undefined {
  return start + count < total ? encodeCursor(start + count) : undefined;
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
  const shown = p.count === 0 ? `No ${p.unit}` : `${p.unit[0]!.toUpperCase()}${p.unit.slice(1)} ${p.start + 1}–${p.start + p.count}`;
  const parts = [`${shown} of ${p.total} shown (answer budget ${p.budgetTokens} tokens).`];
  if (cut.length > 0) parts.push(`Cut to fit: ${cut.join('; ')}.`);
  if (p.nextCursor) parts.push(`Next page: cursor "${p.nextCursor}" with the same arguments.`);
  parts.push(`To get less at a time: ${p.narrow}; a larger maxTokens (up to 24000) gives more per page.`);
  return parts.join(' ');
}
