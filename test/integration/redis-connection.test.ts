import { afterEach, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/redis/connection.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { codeOf, sleep } from '../contract/contract-helpers.js';
import { freePort, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function untilOk(fn: () => Promise<unknown>, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await fn();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > withinMs) throw error;
      await sleep(25);
    }
  }
}

describe('Redis connection health', () => {
  it('starts without Redis, fails fast with STORE_UNAVAILABLE, and recovers by itself when Redis appears', async () => {
    const port = await freePort();
    const store = await RedisSessionStore.connect(
      { url: `redis://127.0.0.1:${port}`, pingIntervalMs: 100 },
      { waitMs: 300 },
    );
    cleanups.push(() => store.close());
    expect(await store.healthy()).toBe(false);
    const started = performance.now();
    expect(await codeOf(store.create({}))).toBe('STORE_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(500);

    const server = await startRedisServer({ port });
    cleanups.push(() => server.dispose());
    const recoveryMs = await untilOk(() => store.create({}), 5000);
    expect(recoveryMs).toBeLessThan(5000);
    expect(await store.healthy()).toBe(true);
  });

  it('times out on a hung server (SIGSTOP) with STORE_UNAVAILABLE, then recovers after SIGCONT', async () => {
    const server: RedisServer = await startRedisServer();
    cleanups.push(() => server.dispose());
    const store = await RedisSessionStore.connect({ url: server.url, commandTimeoutMs: 300, pingIntervalMs: 100 });
    cleanups.push(() => store.close());
    const s = await store.create({});
    server.pause();
    try {
      const started = performance.now();
      expect(await codeOf(store.get(s.id))).toBe('STORE_UNAVAILABLE');
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      server.resume();
    }
    await untilOk(async () => expect(await store.get(s.id)).toBeDefined(), 5000);
  });

  it('reports PING latency and the breaker state', async () => {
    const server = await startRedisServer();
    cleanups.push(() => server.dispose());
    const conn = new RedisConnection({ url: server.url, pingIntervalMs: 50 });
    cleanups.push(() => conn.close());
    expect(await conn.connect(2000)).toBe(true);
    await sleep(200);
    const health = conn.health();
    expect(health).toMatchObject({ mode: 'standalone', status: 'up', breaker: 'closed' });
    expect(health.latencyMs).toBeGreaterThan(0);
    expect(health.latencyMs).toBeLessThan(100);
  });
});
