import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/engine/wasm/pool.js';
import type { AnalysisTask, TaskOutcome } from '../../src/engine/wasm/task.js';
import { runTask } from '../../src/engine/wasm/task.js';
import { resolveWorkerEntry, type WorkerEntry } from '../../src/engine/wasm/worker-entry.js';

// A stand-in worker speaking the pool's protocol: it answers each file with its path,
// dies on a file whose source is CRASH and never answers SLOW, so crash isolation and
// abort are tested without depending on a real parser misbehaving.
const FAKE: WorkerEntry = {
  kind: 'eval',
  code: `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ batch, tasks }) => {
      tasks.forEach((t, index) => {
        if (t.source === 'CRASH') process.exit(3);
        if (t.source === 'SLOW') return;
        parentPort.postMessage({ batch, index, outcome: { ok: true, analysis: { path: t.path, threadTag: 'worker' } } });
      });
    });`,
};

const pools: WorkerPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

function pool(size: number, batchSize: number, entry: WorkerEntry = FAKE): WorkerPool {
  const p = new WorkerPool({ size, batchSize, entry });
  pools.push(p);
  return p;
}

const task = (path: string, source = ''): AnalysisTask => ({ path, language: 'typescript', source });
const pathOf = (o: TaskOutcome) => (o.ok ? (o.analysis ?? o.tags)?.path : `failed: ${o.error}`);

describe('WorkerPool', () => {
  it('runs every task of several batches on several workers', async () => {
    const p = pool(2, 3);
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => p.run(task(`f${i}.ts`))));
    expect(outcomes.map(pathOf)).toEqual(Array.from({ length: 10 }, (_, i) => `f${i}.ts`));
    expect(p.capacity).toBe(6);
  });

  it('turns a worker crash into a failed outcome for that file only and carries on', async () => {
    const p = pool(1, 4);
    const outcomes = await Promise.all([
      p.run(task('a.ts')),
      p.run(task('boom.ts', 'CRASH')),
      p.run(task('b.ts')),
      p.run(task('c.ts')),
    ]);
    expect(outcomes.map(pathOf)).toEqual(['a.ts', 'failed: worker crashed: worker exited with code 3', 'b.ts', 'c.ts']);
    expect(pathOf(await p.run(task('after.ts')))).toBe('after.ts');
  });

  it('rejects the files of an aborted run, terminates its worker, and keeps serving others', async () => {
    const p = pool(1, 2);
    const controller = new AbortController();
    const slow = p.run(task('slow.ts', 'SLOW'), controller.signal);
    const queued = p.run(task('queued.ts'), controller.signal);
    const third = p.run(task('third.ts'), controller.signal);
    controller.abort(new Error('stop'));
    await expect(slow).rejects.toThrow('stop');
    await expect(queued).rejects.toThrow('stop');
    await expect(third).rejects.toThrow('stop');
    await expect(p.run(task('x.ts'), controller.signal)).rejects.toThrow('stop');
    expect(pathOf(await p.run(task('fresh.ts')))).toBe('fresh.ts');
  });

  it('rejects pending work when closed', async () => {
    const p = pool(1, 1);
    const slow = expect(p.run(task('slow.ts', 'SLOW'))).rejects.toThrow('closed');
    await p.close();
    await slow;
    await expect(p.run(task('late.ts'))).rejects.toThrow('closed');
  });

  it("runs the bundle's worker (dist/bin/worker.js, beside the .cjs) with the same results as in-process", async () => {
    // Built by the suite's global setup (npm run build's bundle step).
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const bundle = pathToFileURL(join(repo, 'dist', 'bin', 'mcp-code-analysis.cjs')).href;
    const entry = resolveWorkerEntry(bundle);
    expect(entry).toEqual({ kind: 'file', url: new URL('./worker.js', bundle) });
    const p = pool(2, 2, entry!);
    const tasks = [
      task('a.ts', 'import { b } from "./b";\nexport function f(x: number) { if (x) { return 1; } return 2; }\n'),
      { path: 'm.py', language: 'python' as const, source: 'import os\ndef g(a, b):\n    return a and b\n' },
    ];
    const threaded = await Promise.all(tasks.map((t) => p.run(t)));
    expect(threaded).toEqual(await Promise.all(tasks.map((t) => runTask(t))));
    expect(threaded.every((o) => o.ok)).toBe(true);
  });

  it('runs the real worker from sources (through tsx) with the same results as in-process', async () => {
    const entry = resolveWorkerEntry();
    expect(entry?.kind).toBe('eval');
    const p = pool(2, 2, entry!);
    const tasks = [
      task('a.ts', 'import { b } from "./b";\nexport function f(x: number) { if (x) { return 1; } return 2; }\n'),
      { path: 'm.py', language: 'python' as const, source: 'import os\ndef g(a, b):\n    return a and b\n' },
      task('broken.ts', 'function ( {\n'),
    ];
    const threaded = await Promise.all(tasks.map((t) => p.run(t)));
    const local = await Promise.all(tasks.map((t) => runTask(t)));
    expect(threaded).toEqual(local);
    expect(threaded.every((o) => o.ok)).toBe(true);
  });
});
