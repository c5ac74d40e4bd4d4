import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigTree } from '../helpers/big-tree.js';
import { envelopeOf } from '../helpers/cli.js';
import { linkedClient } from '../helpers/app.js';

// Batches with the memory store: the same tools and semantics as on a fleet, one process.

/** An error envelope's structured detail. */
const detailsOf = (envelope: any): Record<string, unknown> => envelope.status.details;

/** A page's data with its cursor (which names the snapshot of one run) taken out. */
export function withoutCursor(data: any): unknown {
  const cursor = data.nextCursor as string | undefined;
  return JSON.parse(JSON.stringify(data).replaceAll(cursor ?? '\u0000', '<cursor>'));
}

describe('batches in one process (memory store)', () => {
  let h: Awaited<ReturnType<typeof linkedClient>>;
  let tree: string;
  beforeAll(async () => {
    tree = bigTree(60);
    // Glob syntax in a file name: a split chunk must still name exactly this file.
    writeFileSync(join(tree, 'pkg1', 'weird[1]{a}.ts'), 'export function w(a: number) { return a > 1 ? a : 0; }\n');
    h = await linkedClient({ roots: [tree], batchConcurrency: 2 });
  });
  afterAll(async () => {
    await h.close();
    rmSync(tree, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    envelopeOf(await h.client.callTool({ name, arguments: args }));

  /** Every result of a batch, paging with nextCursor; each index must come exactly once. */
  async function allResults(batchId: string, extra: Record<string, unknown> = {}) {
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('batch_status', { batchId, limit: 7, ...extra, ...(cursor ? { cursor } : {}) });
      expect(page.status.code).toBe('OK');
      seen.push(...page.data.results);
      cursor = page.data.nextCursor;
    } while (cursor);
    return seen;
  }

  it('runs every job once and answers each as the direct call does', async () => {
    const files = ['pkg0/m0.ts', 'pkg1/m1.ts', 'pkg2/m2.ts', 'pkg3/m3.ts', 'pkg1/weird[1]{a}.ts'];
    const jobs = files.flatMap((path) => [
      { tool: 'analyze_complexity', args: { path } },
      { tool: 'analyze_structure', args: { path } },
    ]);
    const submitted = await call('batch_submit', { jobs });
    expect(submitted.status.code).toBe('OK');
    expect(submitted.data.total).toBe(10);
    expect(submitted.data.batchId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const done = await call('batch_status', { batchId: submitted.data.batchId, waitMs: 60_000, limit: 1 });
    expect(done.data.state).toBe('completed');
    expect(done.data.counts).toEqual({ queued: 0, running: 0, completed: 10, failed: 0, cancelled: 0 });
    const results = await allResults(submitted.data.batchId);
    expect(results.map((r) => r.index)).toEqual([...Array(10).keys()]);
    for (const r of results) {
      const direct = await call(r.tool, r.args);
      expect(r.status).toEqual({ success: true, code: 'OK' });
      expect(r.data).toEqual(direct.data);
      expect(r.attempts).toBe(1);
      expect(r.instanceId).toBe(h.app.fleet.instanceId);
    }
  });

  it('refuses bad input before anything is queued, naming the bad job', async () => {
    const good = { tool: 'analyze_complexity', args: { path: 'pkg0' } };
    const jobs = Array.from({ length: 60 }, () => good);
    const badArgs = await call('batch_submit', {
      jobs: jobs.map((j, i) =>
        i === 57 || i === 59 ? { tool: 'analyze_complexity', args: { path: 'pkg0', detial: 'full' } } : j,
      ),
    });
    expect(badArgs.status.code).toBe('INVALID_ARGUMENT');
    expect(detailsOf(badArgs)).toMatchObject({ index: 57, tool: 'analyze_complexity' });
    expect(badArgs.status.message).toContain('Job 57');
    expect(badArgs.status.message).toContain('detail');
    expect(detailsOf(badArgs).invalidTotal).toBe(2);
    expect((detailsOf(badArgs).invalid as { index: number }[]).map((j) => j.index)).toEqual([57, 59]);
    // Nothing was queued: no batch exists to ask for.
    expect(h.app.service.activeCount).toBe(0);

    const unknown = await call('batch_submit', { jobs: [good, { tool: 'analyse_everything', args: {} }] });
    expect(unknown.status.code).toBe('NOT_FOUND');
    expect(detailsOf(unknown)).toMatchObject({ index: 1 });

    const notAnalysis = await call('batch_submit', { jobs: [{ tool: 'session_close', args: {} }] });
    expect(notAnalysis.status.code).toBe('INVALID_ARGUMENT');
    expect(detailsOf(notAnalysis)).toMatchObject({ index: 0 });

    const tooMany = await call('batch_submit', { jobs: Array.from({ length: 10_001 }, () => good) });
    expect(tooMany.status.code).toBe('INVALID_ARGUMENT');
    expect(JSON.stringify(detailsOf(tooMany))).toContain('jobs');

    const both = await call('batch_submit', { jobs: [good], split: { tool: 'analyze_complexity', path: '.' } });
    expect(both.status.code).toBe('INVALID_ARGUMENT');
  });

  it('binds a batch to the session it was made in: another session, or none, gets NOT_FOUND', async () => {
    const a = (await call('session_create', { label: 'a' })).data.sessionId as string;
    const b = (await call('session_create', { label: 'b' })).data.sessionId as string;
    const submitted = await call('batch_submit', {
      jobs: [{ tool: 'analyze_complexity', args: { path: 'pkg0/m0.ts' } }],
      sessionId: a,
    });
    const batchId = submitted.data.batchId as string;
    expect((await call('batch_status', { batchId, sessionId: a, waitMs: 30_000 })).data.state).toBe('completed');
    for (const other of [{ sessionId: b }, {}]) {
      const foreign = await call('batch_status', { batchId, ...other });
      expect(foreign.status.code).toBe('NOT_FOUND');
      expect(JSON.stringify(foreign)).not.toContain('pkg0/m0.ts');
      expect((await call('batch_cancel', { batchId, ...other })).status.code).toBe('NOT_FOUND');
    }
    expect((await call('batch_status', { batchId: 'AAAAAAAAAAAAAAAAAAAAAA' })).status.code).toBe('NOT_FOUND');
  });

  it('stores a failed job with its code and does not retry a non-retryable one', async () => {
    const submitted = await call('batch_submit', {
      jobs: [
        { tool: 'analyze_complexity', args: { path: 'pkg0/m0.ts' } },
        { tool: 'analyze_complexity', args: { path: 'no/such/dir' } },
      ],
    });
    const done = await call('batch_status', { batchId: submitted.data.batchId, waitMs: 30_000 });
    expect(done.data.state).toBe('completed');
    expect(done.data.counts).toMatchObject({ completed: 1, failed: 1 });
    const failed = done.data.results[1];
    expect(failed.status).toMatchObject({ success: false, code: 'PATH_NOT_FOUND', retryable: false });
    expect(failed.data).toBeNull();
    expect(failed.attempts).toBe(1);
  });

  it('cancel: no job starts afterwards; every job ends with one result', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => ({
      tool: 'analyze_complexity',
      args: { path: `pkg${i % 20}` },
    }));
    const submitted = await call('batch_submit', { jobs });
    const batchId = submitted.data.batchId as string;
    const cancelled = await call('batch_cancel', { batchId });
    expect(cancelled.status.code).toBe('OK');
    const cancelledAt = Date.parse(cancelled.data.cancelledAt);
    const done = await call('batch_status', { batchId, waitMs: 60_000 });
    expect(done.data.state).toBe('cancelled');
    const { completed, failed, cancelled: nCancelled, queued, running } = done.data.counts;
    expect(queued + running).toBe(0);
    expect(completed + failed + nCancelled).toBe(40);
    // Two workers: at most the two jobs running at the cancel ran at all.
    expect(nCancelled).toBeGreaterThanOrEqual(38);
    const results = await allResults(batchId);
    expect(results).toHaveLength(40);
    for (const r of results.filter((x) => x.status.code !== 'CANCELLED'))
      expect(Date.parse(r.startedAt)).toBeLessThanOrEqual(cancelledAt);
    expect((await call('batch_cancel', { batchId })).data.state).toBe('cancelled');
  });

  it('split: chunks of files, and a merged result equal to one analysis of the whole tree', async () => {
    const submitted = await call('batch_submit', {
      split: { tool: 'analyze_complexity', path: '.', filesPerJob: 7, args: { detail: 'summary' } },
    });
    expect(submitted.status.code).toBe('OK');
    expect(submitted.data.total).toBe(Math.ceil(61 / 7));
    const done = await call('batch_status', { batchId: submitted.data.batchId, waitMs: 60_000, maxTokens: 24_000 });
    expect(done.data.state).toBe('completed');
    expect(done.data.split).toEqual({ tool: 'analyze_complexity', path: '.', files: 61 });
    const direct = await call('analyze_complexity', { path: '.', detail: 'summary' });
    expect(done.data.merged.status.code).toBe('OK');
    // Equal but for the snapshot its cursor names (each run makes its own).
    expect(withoutCursor(done.data.merged.data)).toEqual(withoutCursor(direct.data));
    expect(done.data.merged.data.total).toBe(61);
    // Every file was in exactly one chunk: the chunks' file counts add up to the tree's.
    const chunks = await allResults(submitted.data.batchId, { maxTokens: 24_000 });
    expect(chunks.reduce((n, r) => n + r.data.summary.files, 0)).toBe(61);
  });
});

describe('waiting on a batch (memory store, an instance that runs no jobs)', () => {
  it('answers working when the wait is over, with progress notifications meanwhile', async () => {
    const h = await linkedClient({ batchConcurrency: 0 });
    try {
      const submitted = envelopeOf(
        await h.client.callTool({
          name: 'batch_submit',
          arguments: { jobs: [{ tool: 'analyze_complexity', args: { path: 'src' } }] },
        }),
      );
      const progress: { progress: number; total?: number; message?: string }[] = [];
      const status = envelopeOf(
        await h.client.callTool(
          { name: 'batch_status', arguments: { batchId: submitted.data.batchId, waitMs: 300 } },
          { onprogress: (p) => progress.push(p) },
        ),
      );
      expect(status.data.state).toBe('working');
      expect(status.data.counts).toEqual({ queued: 1, running: 0, completed: 0, failed: 0, cancelled: 0 });
      expect(status.data.results).toEqual([]);
      expect(status.data.nextCursor).toBe('j0');
      expect(progress[0]).toEqual({ progress: 0, total: 1, message: '0 of 1 jobs finished' });
    } finally {
      await h.close();
    }
  });
});
