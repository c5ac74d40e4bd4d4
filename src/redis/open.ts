import type { Config } from '../config/config.js';
import { RedisConnection } from './connection.js';
import { redisConnectionOptions } from './target.js';

/**
 * A connection for a command-line tool (fleet, flags, sessions) from the same options as the
 * server's (URL or cluster nodes, TLS files, password), connected or a clear error that shows
 * the URL without its password.
 */
export async function connectFromConfig(config: Config, waitMs = 5000): Promise<RedisConnection> {
  const connection = new RedisConnection(redisConnectionOptions(config));
  if (!(await connection.connect(waitMs))) {
    await connection.close();
    throw new Error(`Redis at ${connection.target.display} is not reachable.`);
  }
  return connection;
}
