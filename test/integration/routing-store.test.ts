import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/session/memory-store.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { isMemorySessionId, RoutingSessionStore } from '../../src/session/routing-store.js';
import { sessionStoreContract } from '../contract/session-store.contract.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// The gradual rollout's store (flag sessions.redisPercent) over a real Redis and this
// process's memory: it is a SessionStore like the others (the whole contract, with new
// sessions split between the two), and every id says which store holds it.

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});

const routing = async (share: () => boolean) =>
  new RoutingSessionStore(await RedisSessionStore.connect({ url: server.url }), new MemorySessionStore(), share);

sessionStoreContract('routing, half the new sessions in Redis', () => routing(() => Math.random() < 0.5));
sessionStoreContract('routing, every new session in memory (rollback)', () => routing(() => false));

describe('routing by id', () => {
  it('memory sessions carry UUID version 8, Redis sessions version 4; each is found in its store only', async () => {
    const redisOnly = await RedisSessionStore.connect({ url: server.url });
    const memory = new MemorySessionStore();
    let toRedis = true;
    const store = new RoutingSessionStore(redisOnly, memory, () => toRedis);
    try {
      const inRedis = await store.create({ label: 'r' });
      toRedis = false;
      const inMemory = await store.create({ label: 'm' });
      expect(inRedis.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(inMemory.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([isMemorySessionId(inRedis.id), isMemorySessionId(inMemory.id)]).toEqual([false, true]);
      expect(await redisOnly.get(inRedis.id)).toMatchObject({ label: 'r' });
      expect(await redisOnly.get(inMemory.id)).toBeUndefined();
      expect(await memory.get(inMemory.id)).toMatchObject({ label: 'm' });
      expect(await memory.get(inRedis.id)).toBeUndefined();
      expect(store.counts()).toEqual({ created: { redis: 1, memory: 1 } });
      const updated = await store.update(inMemory.id, 1, { state: { tool: { n: 1 } } });
      expect(updated).toMatchObject({ id: inMemory.id, version: 2, state: { tool: { n: 1 } } });
    } finally {
      await store.close();
    }
  });
});
