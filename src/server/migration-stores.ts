import type { Config } from '../config/config.js';
import { RedisConnection } from '../redis/index.js';
import type { SessionSink, SessionSource } from '../session/migration.js';
import { RedisSessionStore } from '../session/redis-store.js';
import { snapshotSink, snapshotSource } from '../session/snapshot.js';

export interface MigrationEnd {
  source: SessionSource;
  sink: SessionSink;
  describe: string;
  close(): Promise<void>;
}

/**
 * The store a migration reads or writes. A memory store lives inside a server process; its
 * form at rest is the snapshot file (--session-snapshot), which the server loads at start.
 */
export async function openMigrationEnd(config: Config): Promise<MigrationEnd> {
  if (config.store === 'memory') {
    const file = config.sessionSnapshot;
    if (!file) throw new Error('--store memory needs --session-snapshot FILE: the memory store\'s sessions at rest.');
    return { source: snapshotSource(file), sink: snapshotSink(file), describe: `memory snapshot ${file}`, close: async () => undefined };
  }
  const urls = config.redisUrl.split(',').map((u) => u.trim()).filter(Boolean);
  const connection = new RedisConnection(config.redisCluster ? { clusterNodes: urls } : { url: urls[0]! });
  if (!(await connection.connect(5000))) {
    await connection.close();
    throw new Error(`Redis at ${config.redisUrl} is not reachable.`);
  }
  const store = new RedisSessionStore({ connection });
  return {
    source: store,
    sink: store,
    describe: `redis ${config.redisUrl}`,
    async close() {
      await store.close();
      await connection.close();
    },
  };
}
