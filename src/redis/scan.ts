import type { RedisConnection } from './connection.js';

// Paging over SCAN on every master. A SCAN batch cannot be split at a cursor position, so the
// keys of a batch that did not fit in the page travel in the cursor itself ("pending"); that
// keeps SCAN's guarantee (every key present throughout is returned) without KEYS.

interface ScanState {
  node: number;
  cursor: string;
  pending: string[];
}

/** SCAN round trips per page: a sparse keyspace yields short pages, never a long stall. */
const MAX_ROUNDS = 50;

export function encodeCursor(state: ScanState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): ScanState {
  if (!cursor) return { node: 0, cursor: '0', pending: [] };
  try {
    const s = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as ScanState;
    if (Number.isInteger(s.node) && typeof s.cursor === 'string' && Array.isArray(s.pending)) return s;
  } catch {
    // fall through: a cursor we did not make
  }
  throw new Error('invalid cursor');
}

export interface ScanPage {
  items: string[];
  nextCursor?: string;
}

/** Up to `limit` items (mapped from keys; undefined drops a key) and the cursor to go on. */
export async function scanPage(
  conn: RedisConnection,
  pattern: string,
  limit: number,
  cursor: string | undefined,
  map: (key: string) => string | undefined,
): Promise<ScanPage> {
  const state = decodeCursor(cursor);
  const nodes = await conn.nodes();
  const items = state.pending.splice(0, limit);
  for (let round = 0; round < MAX_ROUNDS && items.length < limit && state.node < nodes.length; round++) {
    if (state.pending.length) break;
    const node = nodes[state.node]!;
    const args = ['SCAN', state.cursor, 'MATCH', pattern, 'COUNT', String(Math.max(limit, 10))];
    const [next, keys] = await conn.guard(() => node.call<[string, string[]]>(args));
    const mapped = keys.map(map).filter((k): k is string => k !== undefined);
    const room = limit - items.length;
    items.push(...mapped.slice(0, room));
    state.pending = mapped.slice(room);
    if (String(next) === '0') {
      state.node += 1;
      state.cursor = '0';
    } else {
      state.cursor = String(next);
    }
  }
  const more = state.pending.length > 0 || state.node < nodes.length;
  return { items, ...(more ? { nextCursor: encodeCursor(state) } : {}) };
}
