import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { resultSize } from '../analysis/file-results.js';
import { BullMqJobQueue, type BullMqQueueOptions } from '../batch/bullmq-queue.js';
import { RedisBatchStore } from '../batch/redis-store.js';
import { MemoryLruCache } from '../cache/memory-lru.js';
import { RedisCacheTier } from '../cache/redis-tier.js';
import { TwoLevelCache } from '../cache/two-level.js';
import type { ResultCache } from '../cache/types.js';
import type { Config } from '../config/config.js';
import type { FileAnalysis } from '../engine/types.js';
import { RedisConnection } from '../redis/index.js';
import { redisConnectionOptions } from '../redis/target.js';
import { startSweeper, type ExecutionRecordStore, type Stoppable } from '../session/execution-record-store.js';
import { RedisExecutionRecordStore } from '../session/execution-records-redis.js';
import { FallbackSessionStore } from '../session/fallback-store.js';
import { MemorySessionStore } from '../session/memory-store.js';
import { RedisSessionStore } from '../session/redis-store.js';
import { RoutingSessionStore } from '../session/routing-store.js';
import { RedisFlagSource } from '../flags/redis-source.js';
import type { SessionStore } from '../session/types.js';
import type { Fleet } from './fleet/fleet.js';
import { redisFleet } from './fleet/redis-fleet.js';

/** Everything that lives in Redis for `--store redis`, built from one managed connection. */
export interface RedisWiring {
  sessions: SessionStore;
  records: { store: ExecutionRecordStore; instanceId: string; leaseMs: number };
  /** The content-keyed tiers of the per-file results: memory in front, the fleet's Redis behind. */
  content: ResultCache<FileAnalysis>;
  shared: ResultCache<FileAnalysis> | undefined;
  /** Another content-keyed tier on the same connection and key space (navigation's tags), with its own counts. */
  sharedTier<V>(): ResultCache<V>;
  /** Transport sessions, resumable streams and messages shared by the instances. */
  fleet: Fleet;
  /** The fleet's runtime feature flags (a Redis hash, changes announced on pub/sub). */
  flags: RedisFlagSource;
  /** Batches shared by the fleet: their state in Redis, their jobs on BullMQ (connected at first use). */
  batches: { store: RedisBatchStore; queue(options: BullMqQueueOptions): BullMqJobQueue };
  features(): Record<string, unknown>;
  close(): Promise<void>;
}

const LEASE_MS = 10_000;

export interface RedisWiringOptions {
  /** Whether a new tool session goes to Redis (flag sessions.redisPercent); the rest stay in this instance's memory. */
  newSessionInRedis?: () => boolean;
}

export async function wireRedis(config: Config, log: Logger, options: RedisWiringOptions = {}): Promise<RedisWiring> {
  const connection = new RedisConnection({
    ...redisConnectionOptions(config),
    pingIntervalMs: 1000,
    commandTimeoutMs: 2000,
    reconnectMaxMs: 1000,
    breaker: { failureThreshold: 3, openMs: 1000 },
    logger: log,
  });
  // Not reachable yet is not fatal: the connection keeps trying, /readyz says 503 meanwhile,
  // and analyses without a session keep working. Refused (credentials, TLS trust) is: it
  // will not get better by waiting, and a server that cannot keep a session should not start.
  if (!(await connection.connect(5000))) {
    if (connection.refusal) {
      await connection.close();
      throw new Error(connection.refusal);
    }
    log.warn({ url: connection.target.display }, 'Redis is not reachable yet; retrying in the background');
  }

  const redisSessions = new RedisSessionStore({ connection, defaultTtlMs: config.sessionTtlMs });
  const fallback =
    config.storeFallback === 'memory'
      ? new FallbackSessionStore(
          redisSessions,
          new MemorySessionStore({ maxSessions: config.maxSessions, defaultTtlMs: config.sessionTtlMs }),
          (degraded, reason) =>
            log.warn(
              { degraded, reason },
              degraded
                ? 'Redis unreachable: serving sessions from local memory (--store-fallback memory)'
                : 'Redis is back: sessions served from Redis again',
            ),
        )
      : undefined;
  const routing = new RoutingSessionStore(
    fallback ?? redisSessions,
    new MemorySessionStore({ maxSessions: config.maxSessions, defaultTtlMs: config.sessionTtlMs }),
    options.newSessionInRedis ?? (() => true),
  );
  const sessions: SessionStore = routing;
  const records = new RedisExecutionRecordStore({ connection });
  const instanceId = randomUUID();
  const fleet = await redisFleet(connection, instanceId, config.sessionTtlMs);
  const front = new MemoryLruCache<FileAnalysis>({
    maxEntries: config.cacheEntries,
    maxBytes: config.cacheMemoryMb * 1024 * 1024,
    sizeOf: resultSize,
  });
  const cache = await TwoLevelCache.create<FileAnalysis>({ front, connection }).catch((error: unknown) => {
    log.warn({ err: error }, 'shared cache tier unavailable: using the in-memory cache only');
    return undefined;
  });
  // Executions whose instance died are closed by whichever instance sweeps first; the
  // closed record also lands in its session's history, as if the call had ended.
  const sweeper: Stoppable = startSweeper(records, {
    intervalMs: LEASE_MS / 2,
    onClosed: (closed) => {
      for (const r of closed) if (r.sessionId) void sessions.appendHistory(r.sessionId, [r]).catch(() => undefined);
      log.warn({ executions: closed.map((r) => r.executionId) }, 'closed executions of a lost instance');
    },
    onError: () => undefined,
  });
  return {
    sessions,
    records: { store: records, instanceId, leaseMs: LEASE_MS },
    content: front,
    shared: cache?.back,
    sharedTier: <V>() => new RedisCacheTier<V>({ connection, origin: instanceId }),
    fleet,
    flags: new RedisFlagSource(connection),
    batches: { store: new RedisBatchStore(connection), queue: (o) => new BullMqJobQueue(connection, o) },
    features: () => ({
      sessionRouting: routing.counts(),
      redis: connection.health(),
      cache: cache ? cache.stats() : { tiers: { memory: front.stats() }, redis: 'unavailable' },
      ...(fallback ? { fallback: fallback.status() } : {}),
    }),
    async close() {
      sweeper.stop();
      await Promise.allSettled([records.close(), sessions.close(), fleet.close()]);
      await connection.close();
    },
  };
}
