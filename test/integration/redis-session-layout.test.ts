import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { makeRecord } from '../contract/contract-helpers.js';
import { redisCli, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// What the contract cannot see: the key layout, TTLs on every key, compression, appends.

let server: RedisServer;
let store: RedisSessionStore;
beforeAll(async () => {
  server = await startRedisServer();
  store = await RedisSessionStore.connect({ url: server.url }, { compressThreshold: 1024 });
});
afterAll(async () => {
  await store?.close();
  await server?.dispose();
});

describe('RedisSessionStore layout', () => {
  it('keeps a session under one hash tag, every key with the session TTL', async () => {
    const s = await store.create({ ttlMs: 120_000 });
    await store.appendHistory(s.id, [makeRecord(1)]);
    const keys = redisCli(server.port, '--scan', '--pattern', `*${s.id}*`).split('\n').sort();
    expect(keys).toEqual([`mca:{s:${s.id}}:hist`, `mca:{s:${s.id}}:meta`]);
    for (const key of keys) {
      const pttl = Number(redisCli(server.port, 'PTTL', key));
      expect(pttl).toBeGreaterThan(100_000);
      expect(pttl).toBeLessThanOrEqual(120_000);
    }
  });

  it('stores large state compressed, one hash field per state key', async () => {
    const s = await store.create({});
    const big = Array.from({ length: 2000 }, (_, i) => `src/module-${i % 50}/file-${i}.ts`);
    await store.update(s.id, s.version, { state: { files: big, small: { n: 1 } } });
    const meta = `mca:{s:${s.id}}:meta`;
    const stored = Number(redisCli(server.port, 'HSTRLEN', meta, 's:files'));
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(JSON.stringify(big).length / 4);
    expect(redisCli(server.port, 'HGET', meta, 's:small')).toBe('j{"n":1}');
    expect((await store.get(s.id))?.state['files']).toEqual(big);
  });

  it('appends history to a list (the existing entries are not rewritten)', async () => {
    const s = await store.create({});
    await store.appendHistory(s.id, [makeRecord(1), makeRecord(2)]);
    const hist = `mca:{s:${s.id}}:hist`;
    redisCli(server.port, 'LSET', hist, '0', JSON.stringify({ ...makeRecord(1), tool: 'marker' }));
    await store.update(s.id, s.version, { appendHistory: [makeRecord(3)] });
    const history = (await store.get(s.id))!.history;
    expect(history.map((r) => r.tool)).toEqual(['marker', 'analyze_file', 'analyze_file']);
  });
});
