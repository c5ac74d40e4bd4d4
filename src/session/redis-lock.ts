import { randomUUID } from 'node:crypto';
import { ToolError } from '../envelope/errors.js';
import type { SessionLock } from './types.js';
import type { RedisConnection } from '../redis/connection.js';
import type { SessionKeys } from '../redis/keys.js';
import { EXTEND, LOCK, UNLOCK } from './redis-scripts.js';

/** Polling with a little jitter, so waiters on several instances do not retry in lockstep. */
const POLL_MS = 10;

/**
 * SET NX PX with a random token (only its holder can release it: compare-and-delete) and a
 * fencing token from the session hash: a holder whose lock expired and was granted to
 * someone else carries a smaller token, and the update script refuses its write.
 */
export async function acquireRedisLock(
  conn: RedisConnection,
  keys: SessionKeys,
  ttlMs: number,
  waitMs: number,
): Promise<SessionLock> {
  const token = randomUUID();
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    const result = await LOCK.run<number>(
      conn,
      [keys.meta, keys.lock],
      [token, String(Math.max(1, Math.round(ttlMs)))],
    );
    if (result === -1) throw new ToolError('SESSION_NOT_FOUND', `No live session for lock ${keys.lock}.`);
    if (result > 0) {
      return {
        key: keys.lock,
        token,
        fencingToken: result,
        release: async () => (await UNLOCK.run<number>(conn, [keys.lock], [token])) === 1,
        extend: async (ms: number) =>
          (await EXTEND.run<number>(conn, [keys.lock], [token, String(Math.max(1, Math.round(ms)))])) === 1,
      };
    }
    const left = giveUpAt - Date.now();
    if (left <= 0)
      throw new ToolError('SESSION_CONFLICT', `Lock ${keys.lock} is held by another call.`, { key: keys.lock });
    await new Promise((r) => setTimeout(r, Math.min(left, POLL_MS + Math.random() * POLL_MS)));
  }
}
