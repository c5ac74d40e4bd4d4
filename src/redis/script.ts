import { createHash } from 'node:crypto';
import type { RedisArg, RedisConnection } from './connection.js';

/**
 * A Lua script run by EVALSHA, falling back to EVAL when the server does not know it
 * (first use, after a restart or a failover: the script cache is not persisted).
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run<T>(conn: RedisConnection, keys: string[], args: RedisArg[], binary = false): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await conn.call<T>(keys[0], ['EVALSHA', this.sha, ...tail], binary);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return conn.call<T>(keys[0], ['EVAL', this.source, ...tail], binary);
    }
  }
}
