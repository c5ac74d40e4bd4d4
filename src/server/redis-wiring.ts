import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { SessionStore } from '../session/types.js';

/** --store redis: wired when the Redis session store lands (src/session/redis-store.ts). */
export async function createRedisSessionStore(_config: Config, _log: Logger): Promise<SessionStore> {
  throw new Error('--store redis is not available in this build yet (the Redis session store is the Redis issue); use --store memory.');
}
