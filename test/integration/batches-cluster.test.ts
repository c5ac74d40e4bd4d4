import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../helpers/cli.js';
import { linkedClient } from '../helpers/app.js';
import { redisCli } from '../helpers/redis-server.js';
import { startRedisCluster, type RedisClusterHandle } from '../helpers/redis-cluster.js';

// Batches on a real 3-master Redis Cluster: BullMQ's keys share the {bq} hash tag and each
// batch's keys its own {b:<id>} tag, so every script runs on one slot; batches spread over
// the masters.

describe('batches on Redis Cluster', () => {
  let cluster: RedisClusterHandle;
  let h: Awaited<ReturnType<typeof linkedClient>>;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    h = await linkedClient({ store: 'redis', redisUrl: cluster.urls.join(','), redisCluster: true });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
    await cluster?.dispose();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    envelopeOf(await h.client.callTool({ name, arguments: args }));

  it('runs batches to completion, a split batch merged, and cancels', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const submitted = await call('batch_submit', {
        jobs: [
          { tool: 'analyze_complexity', args: { path: 'src/a.ts' } },
          { tool: 'analyze_dependencies', args: { path: '.' } },
        ],
      });
      expect(submitted.status.code).toBe('OK');
      ids.push(submitted.data.batchId as string);
    }
    for (const batchId of ids) {
      const done = await call('batch_status', { batchId, waitMs: 60_000 });
      expect(done.data.state).toBe('completed');
      expect(done.data.counts.completed).toBe(2);
      expect(done.data.results[1].data.cycles).toEqual([['src/a.ts', 'src/b.ts']]);
    }
    const split = await call('batch_submit', { split: { tool: 'analyze_complexity', path: '.', filesPerJob: 1 } });
    const merged = await call('batch_status', { batchId: split.data.batchId, waitMs: 60_000 });
    expect(merged.data.state).toBe('completed');
    expect(merged.data.merged.data.total).toBe(split.data.total);
    // A batch that is done stays as it is.
    const cancelled = await call('batch_cancel', { batchId: ids[0] });
    expect(cancelled.data.state).toBe('completed');
    expect(cancelled.data.cancelledAt).toBeUndefined();

    // The batches' keys live on more than one master: nothing pins them to one slot.
    const masters = cluster.nodes.filter((n) => redisCli(n.port, 'ROLE').startsWith('master'));
    const holding = masters.filter((m) => redisCli(m.port, 'KEYS', 'mca:{b:*').trim() !== '');
    expect(holding.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
