import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isToolError } from '../../src/envelope/errors.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { makeRecord } from '../contract/contract-helpers.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// Three stores with their own connections play three server instances on one Redis.

let server: RedisServer;
let instances: RedisSessionStore[] = [];
beforeAll(async () => {
  server = await startRedisServer();
  instances = await Promise.all([0, 1, 2].map(() => RedisSessionStore.connect({ url: server.url })));
});
afterAll(async () => {
  for (const s of instances) await s.close();
  await server?.dispose();
});

async function casIncrement(store: RedisSessionStore, id: string, tag: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const cur = (await store.get(id))!;
    try {
      await store.update(id, cur.version, {
        state: { n: ((cur.state['n'] as number) ?? 0) + 1 },
        appendHistory: [{ ...makeRecord(0, id), executionId: tag }],
      });
      return;
    } catch (error) {
      if (!isToolError(error) || error.code !== 'SESSION_CONFLICT') throw error;
    }
  }
  throw new Error('gave up after 1000 conflicts');
}

describe('several instances on one Redis', () => {
  it('a session created through one instance is used through the others', async () => {
    const [a, b, c] = instances as [RedisSessionStore, RedisSessionStore, RedisSessionStore];
    const s = await a.create({ label: 'shared' });
    const u = await b.update(s.id, s.version, { state: { fromB: true } });
    expect((await c.get(s.id))?.state).toEqual({ fromB: true });
    expect(await codeOfConflict(a.update(s.id, s.version, { state: { stale: true } }))).toBe(true);
    expect(u.version).toBe(s.version + 1);
  });

  it('many concurrent calls through all instances: every update and every history record is kept', async () => {
    const s = await instances[0]!.create({});
    const perInstance = 20;
    const work = instances.flatMap((store, i) =>
      Array.from({ length: perInstance }, (_, j) =>
        j % 2
          ? casIncrement(store, s.id, `cas-${i}-${j}`)
          : store.appendHistory(s.id, [{ ...makeRecord(j, s.id), executionId: `app-${i}-${j}` }]),
      ),
    );
    await Promise.all(work);
    const got = (await instances[2]!.get(s.id))!;
    expect(got.state['n']).toBe((instances.length * perInstance) / 2);
    const ids = new Set(got.history.map((r) => r.executionId));
    expect(ids.size).toBe(instances.length * perInstance);
  });

  it('a lock taken through one instance excludes the others, and its fencing token guards the write', async () => {
    const s = await instances[0]!.create({});
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      instances.flatMap((store) =>
        [0, 1, 2].map(async () => {
          const lock = await store.lock(s.id, { ttlMs: 5000, waitMs: 10_000 });
          inside++;
          maxInside = Math.max(maxInside, inside);
          const cur = (await store.get(s.id))!;
          await new Promise((r) => setTimeout(r, 5));
          await store.update(s.id, cur.version, {
            state: { n: ((cur.state['n'] as number) ?? 0) + 1 },
            fencingToken: lock.fencingToken,
          });
          inside--;
          expect(await lock.release()).toBe(true);
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect((await instances[1]!.get(s.id))?.state['n']).toBe(9);
  });
});

async function codeOfConflict(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return false;
  } catch (error) {
    return isToolError(error) && error.code === 'SESSION_CONFLICT';
  }
}
