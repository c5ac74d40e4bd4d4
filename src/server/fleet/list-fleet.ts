import type { Config } from '../../config/config.js';
import { connectFromConfig } from '../../redis/open.js';
import type { InstanceInfo } from './instance-info.js';
import { liveInstances } from './liveness.js';

/** The live instances registered on the configured Redis (for the `fleet` command). */
export async function listFleet(config: Config): Promise<InstanceInfo[]> {
  const connection = await connectFromConfig(config);
  try {
    return await liveInstances(connection);
  } finally {
    await connection.close();
  }
}
