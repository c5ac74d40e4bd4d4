import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { rmSync } from 'node:fs';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigTree } from '../helpers/big-tree.js';
import { envelopeOf } from '../helpers/cli.js';
import { startFleet, type Fleet } from '../helpers/fleet.js';

// Batches on a fleet: three server processes on one real redis-server behind round-robin
// nginx, each running a BullMQ worker. A batch submitted through one instance is polled
// through the others, survives the kill -9 of an instance running its jobs, and stops on
// cancel; every job ends with exactly one result.

type Env = ReturnType<typeof envelopeOf>;

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'fleet-batches', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

describe('batches across a fleet behind a round-robin proxy', () => {
  let fleet: Fleet;
  let tree: string;
  let client: Client;
  let redis: ReturnType<typeof createClient>;
  const call = async (name: string, args: Record<string, unknown>): Promise<Env> =>
    envelopeOf(await client.callTool({ name, arguments: args }));

  beforeAll(async () => {
    tree = bigTree(300);
    fleet = await startFleet({
      instances: 3,
      args: ['--root', tree, '--no-cache', '--batch-concurrency', '2', '--batch-lock-ms', '3000'],
    });
    client = await connect(fleet.url);
    redis = createClient({ url: fleet.redis.url });
    await redis.connect();
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await redis?.quit();
    await fleet?.dispose();
    rmSync(tree, { recursive: true, force: true });
  });

  /** Every result, paged with nextCursor through the proxy (so through every instance). */
  async function allResults(batchId: string, extra: Record<string, unknown> = {}) {
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('batch_status', {
        batchId,
        limit: 100,
        maxTokens: 24_000,
        ...extra,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status.code).toBe('OK');
      seen.push(...page.data.results);
      cursor = page.data.nextCursor;
    } while (cursor);
    return seen;
  }

  async function waitUntil(batchId: string, done: (data: any) => boolean): Promise<any> {
    for (;;) {
      const status = await call('batch_status', { batchId, limit: 1 });
      expect(status.status.code).toBe('OK');
      if (done(status.data)) return status.data;
    }
  }

  /** The instance id of each server process, asked of each directly (not through the proxy). */
  async function instanceIds(): Promise<string[]> {
    return Promise.all(
      fleet.servers.map(async (server) => {
        const direct = await connect(server.url);
        const info = envelopeOf(await direct.callTool({ name: 'server_info', arguments: {} }));
        await direct.close();
        return (info.data.fleet as { instanceId: string }).instanceId;
      }),
    );
  }

  it('300 jobs: submitted through one instance, polled through others; a kill -9 mid-batch loses none', async () => {
    const ids = await instanceIds();
    const jobs = Array.from({ length: 300 }, (_, i) => ({
      tool: 'analyze_complexity',
      args: { path: `pkg${i % 20}/m${i}.ts`, detail: 'standard' },
    }));
    const servedBefore = fleet.servedBy({ path: '/mcp' });
    const submitted = await call('batch_submit', { jobs });
    expect(submitted.status.code).toBe('OK');
    const batchId = submitted.data.batchId as string;

    // Kill instance 1 while it runs jobs of the batch (read from the batch's keys in Redis).
    const runKey = `mca:{b:${batchId}}:run`;
    const victim = 1;
    const runningOn = async (id: string) =>
      Object.entries(await redis.hGetAll(runKey)).flatMap(([index, instance]) => (instance === id ? [index] : []));
    while ((await runningOn(ids[victim]!)).length === 0) {
      const status = await call('batch_status', { batchId, limit: 1 });
      if (status.data.counts.queued === 0) throw new Error('the batch ran out of queued jobs before the kill');
    }
    await fleet.kill(victim);
    // What the dead instance was running when it died (it can no longer change these entries).
    const orphans = await runningOn(ids[victim]!);
    expect(orphans.length).toBeGreaterThanOrEqual(1);

    const done = await call('batch_status', { batchId, waitMs: 120_000, limit: 1 });
    expect(done.data.state).toBe('completed');
    expect(done.data.counts).toEqual({ queued: 0, running: 0, completed: 300, failed: 0, cancelled: 0 });
    const results = await allResults(batchId);
    expect(results.map((r) => r.index)).toEqual([...Array(300).keys()]);
    // The jobs the killed instance was running were taken over and finished elsewhere.
    for (const index of orphans) expect(results[Number(index)].instanceId).not.toBe(ids[victim]);
    const ranOn = new Set(results.map((r) => r.instanceId));
    expect(ranOn.size).toBeGreaterThanOrEqual(2);
    for (const r of results) {
      const direct = await call(r.tool, r.args);
      expect(r.data).toEqual(direct.data);
    }
    // Polling went through several instances (the proxy has no stickiness).
    const served = fleet.servedBy({ path: '/mcp' }).map((n, i) => n - (servedBefore[i] ?? 0));
    expect(served.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('cancel through another instance: no job starts afterwards, running ones end cancelled', async () => {
    const jobs = Array.from({ length: 300 }, (_, i) => ({ tool: 'analyze_structure', args: { path: `pkg${i % 20}` } }));
    const submitted = await call('batch_submit', { jobs });
    const batchId = submitted.data.batchId as string;
    await waitUntil(batchId, (data) => data.counts.completed >= 5);
    const cancelled = await call('batch_cancel', { batchId });
    expect(cancelled.status.code).toBe('OK');
    const cancelledAt = Date.parse(cancelled.data.cancelledAt);
    const done = await call('batch_status', { batchId, waitMs: 60_000, limit: 1 });
    expect(done.data.state).toBe('cancelled');
    const counts = done.data.counts;
    expect(counts.queued + counts.running).toBe(0);
    expect(counts.completed + counts.failed + counts.cancelled).toBe(300);
    expect(counts.cancelled).toBeGreaterThan(0);
    const results = await allResults(batchId);
    expect(results.map((r) => r.index)).toEqual([...Array(300).keys()]);
    for (const r of results) {
      if (r.status.code === 'OK') expect(Date.parse(r.startedAt)).toBeLessThanOrEqual(cancelledAt);
      else expect(r.status.code).toBe('CANCELLED');
    }
  }, 120_000);

  it('a non-retryable failure is stored once and not retried; another session cannot see the batch', async () => {
    const a = (await call('session_create', { label: 'owner' })).data.sessionId as string;
    const b = (await call('session_create', { label: 'other' })).data.sessionId as string;
    const submitted = await call('batch_submit', {
      sessionId: a,
      jobs: [
        { tool: 'analyze_complexity', args: { path: 'pkg0/m0.ts' } },
        { tool: 'analyze_complexity', args: { path: 'does/not/exist' } },
      ],
    });
    const batchId = submitted.data.batchId as string;
    const done = await call('batch_status', { batchId, sessionId: a, waitMs: 60_000 });
    expect(done.data.state).toBe('completed');
    expect(done.data.results[1].status).toMatchObject({ code: 'PATH_NOT_FOUND', retryable: false });
    expect(done.data.results[1].attempts).toBe(1);
    // Asked through every instance in turn (round robin): never found under another session.
    for (let i = 0; i < 3; i++) {
      expect((await call('batch_status', { batchId, sessionId: b })).status.code).toBe('NOT_FOUND');
      expect((await call('batch_status', { batchId })).status.code).toBe('NOT_FOUND');
    }
  }, 120_000);

  it('split: chunks run across the fleet; the merged result equals one analysis of the whole tree', async () => {
    const submitted = await call('batch_submit', {
      split: { tool: 'analyze_complexity', path: '.', filesPerJob: 20, args: { detail: 'summary' } },
    });
    expect(submitted.data.total).toBe(15);
    const done = await call('batch_status', { batchId: submitted.data.batchId, waitMs: 120_000, maxTokens: 24_000 });
    expect(done.data.state).toBe('completed');
    const direct = await call('analyze_complexity', { path: '.', detail: 'summary' });
    const strip = (data: any) => JSON.stringify(data).replaceAll(String(data.nextCursor), '<cursor>');
    expect(strip(done.data.merged.data)).toEqual(strip(direct.data));
    const chunks = await allResults(submitted.data.batchId);
    expect(new Set(chunks.map((r) => r.instanceId)).size).toBeGreaterThanOrEqual(2);
    expect(chunks.reduce((n, r) => n + r.data.summary.files, 0)).toBe(300);
  }, 180_000);
});
