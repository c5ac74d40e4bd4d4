import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLruCache } from '../../src/cache/memory-lru.js';
import { TwoLevelCache } from '../../src/cache/two-level.js';
import { RedisConnection } from '../../src/redis/connection.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { redisCli } from '../helpers/redis-server.js';
import { sessionStoreContract, sleep } from '../contract/session-store.contract.js';
import { startRedisCluster, type RedisClusterHandle } from '../helpers/redis-cluster.js';

// The same contract on a 3-master cluster, then again after a manual failover of one shard.

let cluster: RedisClusterHandle;
let longLived: RedisSessionStore;
const before: string[] = [];
beforeAll(async () => {
  cluster = await startRedisCluster();
  const store = await connectStore();
  for (let i = 0; i < 12; i++) before.push((await store.create({ label: `pre-${i}`, ttlMs: 600_000 })).id);
  await store.close();
  longLived = await connectStore();
}, 60_000);
afterAll(async () => {
  await longLived?.close();
  await cluster?.dispose();
});

function connectStore(): Promise<RedisSessionStore> {
  return RedisSessionStore.connect({ clusterNodes: cluster.urls });
}

describe('Redis Cluster', () => {
  it('spreads sessions over every master', () => {
    const masters = cluster.nodes.filter((n) => redisCli(n.port, 'ROLE').startsWith('master'));
    expect(masters).toHaveLength(3);
    const counts = masters.map((m) => Number(redisCli(m.port, 'DBSIZE')));
    expect(counts.filter((c) => c > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('shares the two-level cache and its invalidations', async () => {
    const conns = [
      new RedisConnection({ clusterNodes: cluster.urls }),
      new RedisConnection({ clusterNodes: cluster.urls }),
    ];
    try {
      for (const c of conns) expect(await c.connect(5000)).toBe(true);
      const [a, b] = await Promise.all(
        conns.map((connection) => TwoLevelCache.create<number[]>({ front: new MemoryLruCache(), connection })),
      );
      for (let i = 0; i < 10; i++) await a!.set(`k${i}`, [i]);
      for (let i = 0; i < 10; i++) expect(await b!.get(`k${i}`)).toEqual([i]);
      await a!.delete('k3');
      const until = Date.now() + 3000;
      while ((await b!.front.get('k3')) !== undefined && Date.now() < until) await sleep(20);
      expect(await b!.get('k3')).toBeUndefined();
      expect(await b!.back.countEntries()).toBe(9);
    } finally {
      for (const c of conns) await c.close();
    }
  });
});

sessionStoreContract('redis cluster (3 masters)', connectStore);

describe('after CLUSTER FAILOVER of one shard', () => {
  beforeAll(async () => {
    const { oldMaster, newMaster } = await cluster.failover();
    expect(redisCli(newMaster, 'ROLE').startsWith('master')).toBe(true);
    expect(redisCli(oldMaster, 'ROLE').startsWith('slave')).toBe(true);
  }, 60_000);

  it('every session written before the failover is still there', async () => {
    const store = await connectStore();
    try {
      for (const id of before) expect((await store.get(id))?.id).toBe(id);
    } finally {
      await store.close();
    }
  });

  it('a connection made before the failover follows the new topology within seconds', async () => {
    const started = Date.now();
    let updated = 0;
    for (const id of before) {
      for (;;) {
        try {
          const s = (await longLived.get(id))!;
          await longLived.update(id, s.version, { state: { after: true } });
          updated++;
          break;
        } catch (error) {
          if (Date.now() - started > 10_000) throw error;
          await sleep(100);
        }
      }
    }
    expect(updated).toBe(before.length);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  sessionStoreContract('redis cluster after failover', connectStore);
});
