import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLruCache } from '../../src/cache/memory-lru.js';
import { TwoLevelCache } from '../../src/cache/two-level.js';
import { RedisConnection } from '../../src/redis/connection.js';
import { sleep } from '../contract/contract-helpers.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;
const connections: RedisConnection[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterEach(async () => {
  for (const c of connections.splice(0)) await c.close();
});
afterAll(async () => {
  await server?.dispose();
});

type Value = { metrics: number[] };

/** One server instance's cache: its own connection and memory tier. */
async function instance(url = server.url, redisTtlMs?: number): Promise<TwoLevelCache<Value>> {
  const connection = new RedisConnection({ url, pingIntervalMs: 100 });
  connections.push(connection);
  await connection.connect(2000);
  return TwoLevelCache.create<Value>({
    front: new MemoryLruCache<Value>(),
    connection,
    ...(redisTtlMs ? { redisTtlMs } : {}),
  });
}

async function eventually(check: () => Promise<boolean>, withinMs = 2000): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('TwoLevelCache across instances', () => {
  it('shares entries through Redis and counts hits per tier', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.set('k1', { metrics: [1, 2, 3] });
    expect(await b.get('k1')).toEqual({ metrics: [1, 2, 3] });
    expect(await b.get('k1')).toEqual({ metrics: [1, 2, 3] });
    expect(await b.get('absent')).toBeUndefined();
    const stats = b.stats();
    expect(stats.tiers.redis).toMatchObject({ hits: 1, misses: 1, errors: 0 });
    expect(stats.tiers.memory.hits).toBe(1);
    expect(stats).toMatchObject({ hits: 2, misses: 1, entries: 1 });
  });

  it('a delete on one instance reaches the memory tier of the others', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.set('k2', { metrics: [9] });
    expect(await b.get('k2')).toEqual({ metrics: [9] });
    await a.delete('k2');
    await eventually(async () => (await b.front.get('k2')) === undefined);
    expect(await b.get('k2')).toBeUndefined();
    expect(b.stats().invalidationsReceived).toBeGreaterThanOrEqual(1);
  });

  it('clear on one instance empties Redis and every memory tier', async () => {
    const [a, b] = [await instance(), await instance()];
    for (let i = 0; i < 30; i++) await a.set(`c${i}`, { metrics: [i] });
    expect(await b.get('c7')).toEqual({ metrics: [7] });
    await a.clear();
    await eventually(async () => b.front.stats().entries === 0);
    expect(await b.back.countEntries()).toBe(0);
  });

  it('Redis entries expire after their TTL', async () => {
    const a = await instance(server.url, 150);
    await a.set('ttl', { metrics: [1] });
    await sleep(300);
    const fresh = await instance();
    expect(await fresh.get('ttl')).toBeUndefined();
  });

  it('keeps serving from memory when Redis is gone, and never throws', async () => {
    const own = await startRedisServer();
    try {
      const a = await instance(own.url);
      await a.set('m', { metrics: [5] });
      await own.stop('SIGKILL');
      await sleep(100);
      expect(await a.get('m')).toEqual({ metrics: [5] });
      expect(await a.get('other')).toBeUndefined();
      await a.set('n', { metrics: [6] });
      await a.delete('m');
      expect(a.stats().tiers.redis.errors).toBeGreaterThan(0);
    } finally {
      await own.dispose();
    }
  });
});
