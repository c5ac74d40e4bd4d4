import { ToolError } from '../../envelope/errors.js';

/** Cursors are offsets into a deterministic ordering; opaque to clients. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const n = Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10);
  if (!Number.isInteger(n) || n < 0) throw new ToolError('INVALID_ARGUMENT', 'cursor is not one this server gave out.');
  return n;
}

export function page<T>(items: T[], cursor: string | undefined, limit: number): { items: T[]; nextCursor?: string; total: number } {
  const start = decodeCursor(cursor);
  const slice = items.slice(start, start + limit);
  const next = start + limit;
  return { items: slice, total: items.length, ...(next < items.length ? { nextCursor: Buffer.from(String(next)).toString('base64url') } : {}) };
}
