import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isToolError } from '../../src/envelope/errors.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { makeRecord, sleep } from '../contract/contract-helpers.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// Redis is killed (kill -9) and restarted under load. With appendonly + appendfsync always
// every acknowledged write must survive; during the outage calls fail fast and retryably.

let server: RedisServer;
let store: RedisSessionStore;

beforeAll(async () => {
  server = await startRedisServer({ durable: true });
  store = await RedisSessionStore.connect(
    { url: server.url, pingIntervalMs: 100, breaker: { openMs: 200 }, reconnectMaxMs: 200 },
    { historyLimit: 1_000_000 },
  );
});
afterAll(async () => {
  await store?.close();
  await server?.dispose();
});

interface Tally {
  acked: string[];
  unavailable: number;
  slowestFailureMs: number;
  other: unknown[];
}

async function appendLoop(sessionId: string, worker: number, stopAt: () => boolean, tally: Tally): Promise<void> {
  for (let i = 0; !stopAt(); i++) {
    const record = makeRecord(i, sessionId);
    record.executionId = `w${worker}-${i}`;
    const started = performance.now();
    try {
      await store.appendHistory(sessionId, [record]);
      tally.acked.push(record.executionId);
    } catch (error) {
      tally.slowestFailureMs = Math.max(tally.slowestFailureMs, performance.now() - started);
      if (isToolError(error) && error.code === 'STORE_UNAVAILABLE' && error.retryable) tally.unavailable++;
      else tally.other.push(error);
      await sleep(5);
    }
  }
}

describe('Redis chaos: kill -9 and restart during load', () => {
  it('fails fast and retryably during the outage, loses no acknowledged write, recovers within seconds', async () => {
    const session = await store.create({ ttlMs: 600_000 });
    const tally: Tally = { acked: [], unavailable: 0, slowestFailureMs: 0, other: [] };
    let stop = false;
    const load = Promise.all([0, 1, 2, 3].map((w) => appendLoop(session.id, w, () => stop, tally)));

    await sleep(700);
    const ackedBeforeKill = tally.acked.length;
    await server.stop('SIGKILL');
    await sleep(1000);
    const failuresDuringOutage = tally.unavailable;
    expect(store.connection.health().status).not.toBe('up');
    await server.restart();
    const restartedAt = Date.now();
    const ackedAtRestart = tally.acked.length;
    while (tally.acked.length === ackedAtRestart && Date.now() - restartedAt < 10_000) await sleep(20);
    const recoveryMs = Date.now() - restartedAt;
    await sleep(500);
    stop = true;
    await load;

    expect(tally.other).toEqual([]);
    expect(ackedBeforeKill).toBeGreaterThan(0);
    expect(failuresDuringOutage).toBeGreaterThan(0);
    expect(tally.slowestFailureMs).toBeLessThan(2500);
    expect(recoveryMs).toBeLessThan(5000);
    expect(store.connection.health().status).toBe('up');

    const history = (await store.get(session.id))!.history.map((r) => r.executionId);
    const stored = new Set(history);
    const lost = tally.acked.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    console.error(
      `chaos: acked=${tally.acked.length} unavailable=${tally.unavailable} recoveryMs=${recoveryMs} slowestFailureMs=${Math.round(tally.slowestFailureMs)}`,
    );
  });
});
