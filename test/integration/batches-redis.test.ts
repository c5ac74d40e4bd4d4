import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../helpers/cli.js';
import { linkedClient } from '../helpers/app.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// Two instances in one process on one real redis-server: one only submits (it runs no jobs),
// the other works; then Redis goes away and batches say so rather than answer NOT_FOUND.

type Linked = Awaited<ReturnType<typeof linkedClient>>;
const via = (h: Linked) => async (name: string, args: Record<string, unknown>) =>
  envelopeOf(await h.client.callTool({ name, arguments: args }));

describe('batches on one Redis, shared by two instances', () => {
  let redis: RedisServer;
  let submitter: Awaited<ReturnType<typeof linkedClient>>;
  let worker: Awaited<ReturnType<typeof linkedClient>>;
  beforeAll(async () => {
    redis = await startRedisServer();
    submitter = await linkedClient({ store: 'redis', redisUrl: redis.url, batchConcurrency: 0 });
    worker = await linkedClient({ store: 'redis', redisUrl: redis.url, batchConcurrency: 1 });
  }, 60_000);
  afterAll(async () => {
    await submitter?.close();
    await worker?.close();
    await redis?.dispose();
  });

  it('jobs submitted on one instance run on the other; both answer for the batch', async () => {
    const submitted = await via(submitter)('batch_submit', {
      jobs: [
        { tool: 'analyze_structure', args: { path: 'src/a.ts' } },
        { tool: 'symbol_at', args: { path: 'src/a.ts', line: 7 } },
      ],
      priority: 1,
    });
    const batchId = submitted.data.batchId as string;
    const done = await via(submitter)('batch_status', { batchId, waitMs: 60_000 });
    expect(done.data.state).toBe('completed');
    expect(done.data.results.map((r: { instanceId: string }) => r.instanceId)).toEqual([
      worker.app.fleet.instanceId,
      worker.app.fleet.instanceId,
    ]);
    const again = await via(worker)('batch_status', { batchId });
    expect(again.data).toEqual(done.data);
  });

  it('with Redis gone, submit and status answer STORE_UNAVAILABLE (retryable), not NOT_FOUND', async () => {
    const submitted = await via(submitter)('batch_submit', {
      jobs: [{ tool: 'analyze_structure', args: { path: 'src/b.ts' } }],
    });
    await via(submitter)('batch_status', { batchId: submitted.data.batchId, waitMs: 60_000 });
    await redis.stop('SIGKILL');
    const refused = await via(submitter)('batch_submit', {
      jobs: [{ tool: 'analyze_structure', args: { path: 'src/b.ts' } }],
    });
    expect(refused.status).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    const status = await via(worker)('batch_status', { batchId: submitted.data.batchId });
    expect(status.status).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
  });
});

describe('batches over TLS as a user confined to our keys', () => {
  it('submits, runs and cancels with `~mca:* &mca:* +@all -@dangerous` (BullMQ included)', async () => {
    const password = 'batch-user-Pa55';
    const server = await startRedisServer({
      tls: true,
      users: [`mca on >${password} ~mca:* &mca:* +@all -@dangerous`],
    });
    const h = await linkedClient({
      store: 'redis',
      redisUrl: server.url.replace('rediss://', `rediss://mca:${password}@`),
      redisCa: server.tls!.ca,
      redisCert: server.tls!.cert,
      redisKey: server.tls!.key,
    });
    try {
      const call = via(h);
      const submitted = await call('batch_submit', {
        jobs: [{ tool: 'analyze_complexity', args: { path: 'src' } }],
      });
      expect(submitted.status.code).toBe('OK');
      const done = await call('batch_status', { batchId: submitted.data.batchId, waitMs: 60_000 });
      expect(done.data.state).toBe('completed');
      expect(done.data.results[0].status.code).toBe('OK');
      const other = await call('batch_submit', {
        jobs: Array.from({ length: 50 }, () => ({ tool: 'analyze_complexity', args: { path: 'src' } })),
      });
      const cancelled = await call('batch_cancel', { batchId: other.data.batchId });
      expect(cancelled.status.code).toBe('OK');
    } finally {
      await h.close();
      await server.dispose();
    }
  }, 60_000);
});
