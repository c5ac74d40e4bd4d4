import type { Config } from '../../config/config.js';
import { RedisConnection } from '../../redis/index.js';
import type { InstanceInfo } from './instance-info.js';
import { liveInstances } from './liveness.js';

/** The live instances registered on the configured Redis (for the `fleet` command). */
export async function listFleet(config: Config): Promise<InstanceInfo[]> {
  const urls = config.redisUrl.split(',').map((u) => u.trim()).filter(Boolean);
  const connection = new RedisConnection(config.redisCluster ? { clusterNodes: urls } : { url: urls[0]! });
  try {
    if (!(await connection.connect(5000))) throw new Error(`Redis at ${config.redisUrl} is not reachable.`);
    return await liveInstances(connection);
  } finally {
    await connection.close();
  }
}
