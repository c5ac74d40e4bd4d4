import type { Config } from '../config/config.js';
import { connectFromConfig } from '../redis/open.js';
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
    if (!file) throw new Error("--store memory needs --session-snapshot FILE: the memory store's sessions at rest.");
    return {
      source: snapshotSource(file),
      sink: snapshotSink(file),
      describe: `memory snapshot ${file}`,
      close: async () => undefined,
    };
  }
  const connection = await connectFromConfig(config);
  const store = new RedisSessionStore({ connection });
  return {
    source: store,
    sink: store,
    describe: `redis ${connection.target.display}`,
    async close() {
      await store.close();
      await connection.close();
    },
  };
}
