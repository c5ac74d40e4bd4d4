import { isToolError } from '../envelope/errors.js';
import { decodeValue, encodeValue } from '../redis/codec.js';
import type { RedisConnection } from '../redis/connection.js';
import { CACHE_INVALIDATION_CHANNEL, CACHE_KEY_PATTERN, cacheKey } from '../redis/keys.js';
import type { CacheStats, ResultCache } from './types.js';

export interface RedisCacheTierOptions {
  connection: RedisConnection;
  /** Entries expire this long after they were written (space, not correctness: keys are content hashes). */
  ttlMs?: number;
  compressThreshold?: number;
  /** Identifies this instance in invalidation messages. */
  origin: string;
}

export interface RedisTierStats extends CacheStats {
  /** Calls that met an unreachable Redis and were served as misses / dropped writes. */
  errors: number;
}

export type InvalidationMessage = { op: 'del'; key: string; origin: string } | { op: 'clear'; origin: string };

const STATS_REFRESH_MS = 30_000;

/**
 * The shared tier: one value per key with a TTL. A cache must never fail an analysis, so
 * an unreachable Redis turns reads into misses and writes into no-ops (counted in errors).
 */
export class RedisCacheTier<V> implements ResultCache<V> {
  private readonly conn: RedisConnection;
  private readonly ttl: string;
  private readonly threshold: number | undefined;
  readonly origin: string;
  private hits = 0;
  private misses = 0;
  private errors = 0;
  private counted = { entries: 0, at: 0 };
  private written = { count: 0, bytes: 0 };

  constructor(options: RedisCacheTierOptions) {
    this.conn = options.connection;
    this.ttl = String(options.ttlMs ?? 24 * 60 * 60 * 1000);
    this.threshold = options.compressThreshold;
    this.origin = options.origin;
  }

  async get(key: string): Promise<V | undefined> {
    const k = cacheKey(key);
    const data = await this.soft(() => this.conn.call<Buffer | null>(k, ['GET', k], true));
    if (!data) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return decodeValue(data) as V;
  }

  async set(key: string, value: V): Promise<void> {
    const k = cacheKey(key);
    const data = encodeValue(value, this.threshold);
    this.written.count++;
    this.written.bytes += data.length;
    await this.soft(() => this.conn.call(k, ['SET', k, data, 'PX', this.ttl]));
  }

  async delete(key: string): Promise<void> {
    const k = cacheKey(key);
    await this.soft(() => this.conn.call(k, ['DEL', k]));
    await this.publish({ op: 'del', key, origin: this.origin });
  }

  /** Removes every cache entry on every master (SCAN + UNLINK), then tells the other instances. */
  async clear(): Promise<void> {
    await this.soft(async () => {
      for (const node of await this.conn.nodes()) {
        let cursor = '0';
        do {
          const [next, keys] = await node.call<[string, string[]]>([
            'SCAN',
            cursor,
            'MATCH',
            CACHE_KEY_PATTERN,
            'COUNT',
            '1000',
          ]);
          // One key per UNLINK: on a cluster the keys of a batch live in different slots.
          await Promise.all(keys.map((key) => this.conn.call(key, ['UNLINK', key])));
          cursor = String(next);
        } while (cursor !== '0');
      }
    });
    await this.publish({ op: 'clear', origin: this.origin });
  }

  /** entries: counted by SCAN at most every 30 s (in the background); bytes: estimated from this instance's writes. */
  stats(): RedisTierStats {
    if (Date.now() - this.counted.at > STATS_REFRESH_MS) void this.countEntries();
    const avg = this.written.count ? this.written.bytes / this.written.count : 0;
    return {
      hits: this.hits,
      misses: this.misses,
      errors: this.errors,
      entries: this.counted.entries,
      bytes: Math.round(avg * this.counted.entries),
    };
  }

  async countEntries(): Promise<number> {
    this.counted.at = Date.now();
    const n = await this.soft(async () => {
      let total = 0;
      for (const node of await this.conn.nodes()) {
        let cursor = '0';
        do {
          const [next, keys] = await node.call<[string, string[]]>([
            'SCAN',
            cursor,
            'MATCH',
            CACHE_KEY_PATTERN,
            'COUNT',
            '1000',
          ]);
          total += keys.length;
          cursor = String(next);
        } while (cursor !== '0');
      }
      return total;
    });
    if (n !== undefined) this.counted.entries = n;
    return this.counted.entries;
  }

  private async publish(message: InvalidationMessage): Promise<void> {
    await this.soft(() => this.conn.call(undefined, ['PUBLISH', CACHE_INVALIDATION_CHANNEL, JSON.stringify(message)]));
  }

  private async soft<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (!isToolError(error) || error.code !== 'STORE_UNAVAILABLE') throw error;
      this.errors++;
      return undefined;
    }
  }
}
