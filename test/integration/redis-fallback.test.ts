import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FallbackSessionStore } from '../../src/session/fallback-store.js';
import { MemorySessionStore } from '../../src/session/memory-store.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { sessionStoreContract, sleep } from '../contract/session-store.contract.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});

sessionStoreContract('redis with memory fallback (Redis up)', async () => {
  return new FallbackSessionStore(await RedisSessionStore.connect({ url: server.url }), new MemorySessionStore());
});

describe('--store-fallback memory', () => {
  it('degrades to memory loudly while Redis is down and returns to Redis after', async () => {
    const own = await startRedisServer({ durable: true });
    const events: boolean[] = [];
    const store = new FallbackSessionStore(
      await RedisSessionStore.connect({ url: own.url, pingIntervalMs: 100, reconnectMaxMs: 200 }),
      new MemorySessionStore(),
      (degraded) => events.push(degraded),
    );
    try {
      const before = await store.create({});
      await own.stop('SIGKILL');
      await sleep(100);
      const during = await store.create({ label: 'during outage' });
      expect(store.status()).toMatchObject({ degraded: true, localSessions: 1, outages: 1 });
      expect((await store.update(during.id, during.version, { state: { a: 1 } })).state).toEqual({ a: 1 });
      expect(await store.get(before.id)).toBeUndefined();
      await own.restart();
      const until = Date.now() + 5000;
      while (!(await store.get(before.id)) && Date.now() < until) await sleep(50);
      expect((await store.get(before.id))?.id).toBe(before.id);
      expect(store.status().degraded).toBe(false);
      expect((await store.get(during.id))?.label).toBe('during outage');
      expect(events).toEqual([true, false]);
    } finally {
      await store.close();
      await own.dispose();
    }
  });
});
