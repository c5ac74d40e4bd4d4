import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../src/envelope/execution-record.js';
import { RedisConnection } from '../../src/redis/connection.js';
import { startSweeper } from '../../src/session/execution-record-store.js';
import { RedisExecutionRecordStore } from '../../src/session/execution-records-redis.js';
import { sleep } from '../contract/contract-helpers.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;
let connection: RedisConnection;
beforeAll(async () => {
  server = await startRedisServer();
  connection = new RedisConnection({ url: server.url });
  await connection.connect(2000);
});
afterAll(async () => {
  await connection?.close();
  await server?.dispose();
});

describe('an instance killed mid-execution', () => {
  it('leaves a running record that another instance closes as failed once the lease runs out', async () => {
    const executionId = `killed-${Date.now()}`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/lease-holder.ts', server.url, executionId, '300'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(line.toString()).toContain('started');
    const store = new RedisExecutionRecordStore({ connection });
    const closed: ExecutionRecord[] = [];
    const sweeper = startSweeper(store, { intervalMs: 100, onClosed: (r) => closed.push(...r) });
    try {
      await sleep(700); // the child renews: nothing to close while it lives
      expect(closed).toEqual([]);
      expect((await store.get(executionId))?.state).toBe('running');
      const killedAt = Date.now();
      child.kill('SIGKILL');
      while (!closed.length && Date.now() - killedAt < 5000) await sleep(50);
      expect(closed.map((r) => r.executionId)).toEqual([executionId]);
      expect(Date.now() - killedAt).toBeLessThan(2000);
      expect((await store.get(executionId))?.outcome?.message).toMatch(/instance lost/);
    } finally {
      sweeper.stop();
      child.kill('SIGKILL');
    }
  });
});
