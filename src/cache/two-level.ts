import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../redis/connection.js';
import { CACHE_INVALIDATION_CHANNEL } from '../redis/keys.js';
import { RedisCacheTier, type InvalidationMessage, type RedisTierStats } from './redis-tier.js';
import type { CacheStats, ResultCache } from './types.js';

export interface TwoLevelCacheOptions<V> {
  /** The in-process tier (MemoryLruCache). */
  front: ResultCache<V>;
  connection: RedisConnection;
  redisTtlMs?: number;
  compressThreshold?: number;
}

export interface TwoLevelStats extends CacheStats {
  tiers: { memory: CacheStats; redis: RedisTierStats };
  invalidationsReceived: number;
}

/**
 * Memory LRU in front of the shared Redis tier. Reads fill the front from Redis; deletes and
 * clears reach every instance's front through pub/sub. A reconnect of the subscriber means
 * messages may have been missed, so the front is dropped then (it refills from Redis).
 */
export class TwoLevelCache<V> implements ResultCache<V> {
  readonly front: ResultCache<V>;
  readonly back: RedisCacheTier<V>;
  private received = 0;
  private frontHits = 0;

  private constructor(options: TwoLevelCacheOptions<V>) {
    this.front = options.front;
    this.back = new RedisCacheTier<V>({
      connection: options.connection,
      origin: randomUUID(),
      ...(options.redisTtlMs !== undefined ? { ttlMs: options.redisTtlMs } : {}),
      ...(options.compressThreshold !== undefined ? { compressThreshold: options.compressThreshold } : {}),
    });
  }

  /** Subscribes to invalidations before returning, so no delete is missed from then on. */
  static async create<V>(options: TwoLevelCacheOptions<V>): Promise<TwoLevelCache<V>> {
    const cache = new TwoLevelCache<V>(options);
    await options.connection.subscribe(
      CACHE_INVALIDATION_CHANNEL,
      (m) => void cache.onInvalidation(m),
      () => void cache.front.clear(),
    );
    return cache;
  }

  async get(key: string): Promise<V | undefined> {
    const near = await this.front.get(key);
    if (near !== undefined) {
      this.frontHits++;
      return near;
    }
    const far = await this.back.get(key);
    if (far !== undefined) await this.front.set(key, far);
    return far;
  }

  async set(key: string, value: V): Promise<void> {
    await this.front.set(key, value);
    await this.back.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.front.delete(key);
    await this.back.delete(key);
  }

  async clear(): Promise<void> {
    await this.front.clear();
    await this.back.clear();
  }

  /** hits: either tier; misses: both missed. Per-tier numbers under tiers (for server_info). */
  stats(): TwoLevelStats {
    const memory = this.front.stats();
    const redis = this.back.stats();
    return {
      hits: this.frontHits + redis.hits,
      misses: redis.misses,
      entries: memory.entries,
      bytes: memory.bytes,
      tiers: { memory, redis },
      invalidationsReceived: this.received,
    };
  }

  private async onInvalidation(raw: string): Promise<void> {
    let message: InvalidationMessage;
    try {
      message = JSON.parse(raw) as InvalidationMessage;
    } catch {
      return;
    }
    if (message.origin === this.back.origin) return;
    this.received++;
    if (message.op === 'del') await this.front.delete(message.key);
    else if (message.op === 'clear') await this.front.clear();
  }
}
