import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Analyses } from '../../src/analysis/analyses.js';
import { SnapshotStore } from '../../src/analysis/snapshots.js';
import { scanTree } from '../../src/analysis/tree-signature.js';
import type { EngineProvider } from '../../src/engine/select.js';
import type { AnalyzeOptions, Engine } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { linkedClient } from '../helpers/app.js';
import { envelopeOf } from '../helpers/cli.js';
import { generatedRepo } from '../helpers/generated-repo.js';

// Whole analyses above the engines: later pages slice a snapshot instead of analysing again,
// a tree that changed between pages is answered as STALE_CURSOR, identical analyses in flight
// are joined. The engine is wrapped to count its analyses (and, for single flight, to hold
// them until every caller has joined).

class CountingEngine implements Engine {
  readonly kind;
  readonly version;
  analyses = 0;
  gate: Promise<void> | undefined;

  constructor(private readonly inner: Engine) {
    this.kind = inner.kind;
    this.version = inner.version;
  }

  async analyze(options: AnalyzeOptions) {
    this.analyses++;
    await this.gate;
    return this.inner.analyze(options);
  }

  tags(...args: Parameters<Engine['tags']>) {
    return this.inner.tags(...args);
  }

  dependencies(...args: Parameters<Engine['dependencies']>) {
    return this.inner.dependencies(...args);
  }

  close() {
    return this.inner.close();
  }
}

function provider(engine: Engine): EngineProvider {
  return {
    get: async () => engine,
    availability: () => ({
      selected: engine.kind,
      native: { available: false, reason: 'test' },
      wasm: { available: true },
    }),
    close: () => engine.close(),
  };
}

describe('snapshots, stale cursors and single flight', () => {
  const tree = generatedRepo(120);
  const engine = new CountingEngine(new WasmEngine({ threads: 0 }));
  let h: Awaited<ReturnType<typeof linkedClient>>;

  beforeAll(async () => {
    h = await linkedClient({ roots: [tree.dir] }, { engines: provider(engine) });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(tree.dir, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    envelopeOf(await h.client.callTool({ name, arguments: args }));

  async function pages(name: string, args: Record<string, unknown>) {
    const out = [];
    let cursor: string | undefined;
    do {
      const env = await call(name, { ...args, ...(cursor ? { cursor } : {}) });
      expect(env.status.code, JSON.stringify(env.status)).toBe('OK');
      out.push(env);
      cursor = env.data.nextCursor;
    } while (cursor);
    return out;
  }

  it('slices the snapshot for every later page: no engine call, no file read', async () => {
    for (const [name, args] of [
      ['analyze_complexity', { path: '.', detail: 'standard', maxTokens: 3000 }],
      ['analyze_structure', { path: '.', detail: 'full', maxTokens: 3000 }],
      ['analyze_dependencies', { path: '.', detail: 'full', maxTokens: 3000 }],
    ] as const) {
      const first = await call(name, args);
      const before = engine.analyses;
      let cursor = first.data.nextCursor;
      let count = 1;
      while (cursor) {
        const env = await call(name, { ...args, cursor });
        // A later page reads no file and asks the engine nothing: no cache use of its own.
        expect(env.metadata.cache, name).toMatchObject({ hits: 0, misses: 0 });
        cursor = env.data.nextCursor;
        count++;
      }
      expect(count, name).toBeGreaterThan(3);
      expect(engine.analyses - before, name).toBe(0);
    }
  });

  it('answers STALE_CURSOR when the tree changed between pages, and starts over cleanly', async () => {
    const first = await call('analyze_complexity', { path: '.', detail: 'standard', maxTokens: 3000 });
    writeFileSync(join(tree.dir, 'packages/added_later.py'), 'def added(x):\n    return x\n');
    const second = await call('analyze_complexity', {
      path: '.',
      detail: 'standard',
      maxTokens: 3000,
      cursor: first.data.nextCursor,
    });
    expect(second.status.code).toBe('STALE_CURSOR');
    expect(second.status.retryable).toBe(false);
    const again = await pages('analyze_complexity', { path: '.', detail: 'standard', maxTokens: 3000 });
    expect(again.flatMap((e) => e.data.files.map((f: { path: string }) => f.path))).toContain(
      'packages/added_later.py',
    );
    // An edit that keeps the file list but changes a file is a change too.
    const next = await call('analyze_structure', { path: '.', maxTokens: 2000 });
    writeFileSync(
      join(tree.dir, 'packages/added_later.py'),
      'def added(x):\n    return x + 1\n\n\ndef more():\n    pass\n',
    );
    expect(
      (await call('analyze_structure', { path: '.', maxTokens: 2000, cursor: next.data.nextCursor })).status.code,
    ).toBe('STALE_CURSOR');
  });

  it('re-analyses when the snapshot is gone (evicted, another instance) and the tree is unchanged: same pages', async () => {
    const args = { path: '.', detail: 'summary', maxTokens: 2000 };
    const reference = await pages('analyze_complexity', args);
    const first = await call('analyze_complexity', args);
    // A cursor whose snapshot this instance never had: the offset and signature still hold, and
    // this instance's own snapshot of the same analysis and tree answers it.
    const [offset, , signature] = Buffer.from(first.data.nextCursor, 'base64url').toString().split('.');
    const foreign = Buffer.from(`${offset}.unknownSnapshotId.${signature}`).toString('base64url');
    const here = await call('analyze_complexity', { ...args, cursor: foreign });
    expect(here.data.files).toEqual(reference[1]!.data.files);
    // Another instance (stores of its own, the same engine, which it must not close): made afresh.
    const other = await linkedClient(
      { roots: [tree.dir] },
      { engines: { ...provider(engine), close: async () => {} } },
    );
    try {
      const there = envelopeOf(
        await other.client.callTool({
          name: 'analyze_complexity',
          arguments: { ...args, cursor: first.data.nextCursor },
        }),
      );
      // Every file looked up in the tiers (the disk's, from earlier calls), not sliced from a snapshot.
      expect(there.metadata.cache.hits + there.metadata.cache.misses).toBe(reference[0]!.data.total);
      expect(there.data.files).toEqual(reference[1]!.data.files);
    } finally {
      await other.close();
    }
    const bad = await call('analyze_complexity', { ...args, cursor: Buffer.from('12.x').toString('base64url') });
    expect(bad.status.code).toBe('INVALID_ARGUMENT');
  });

  it('answers a repeated call on an unchanged tree from its snapshot: nothing analysed or looked up, one progress report', async () => {
    const args = { path: 'packages', detail: 'summary' };
    const first = await call('analyze_complexity', args);
    const before = engine.analyses;
    const progress: number[] = [];
    const again = envelopeOf(
      await h.client.callTool(
        { name: 'analyze_complexity', arguments: args },
        { onprogress: (p: { progress: number }) => progress.push(p.progress) },
      ),
    );
    expect(engine.analyses).toBe(before);
    expect(again.metadata.cache).toMatchObject({ hits: 0, misses: 0 });
    expect(again.data).toEqual(first.data);
    expect(progress).toEqual([first.data.total]);
    // An edit changes the tree's signature: analysed again (the changed file only).
    writeFileSync(join(tree.dir, 'packages/edited_now.py'), 'def e(x):\n    return x\n');
    const edited = await call('analyze_complexity', args);
    expect(engine.analyses).toBe(before + 1);
    expect(edited.data.total).toBe(first.data.total + 1);
  });

  it('joins 16 identical concurrent cold calls into one analysis; a caller that cancels leaves the others their result', async () => {
    let open!: () => void;
    engine.gate = new Promise<void>((resolve) => (open = resolve));
    // Files no earlier call analysed, so the analysis really goes to the engine.
    for (let i = 0; i < 5; i++)
      writeFileSync(join(tree.dir, `packages/fresh_${i}.py`), `def f${i}(x):\n    return x\n`);
    const args = { path: 'packages', detail: 'summary', include: ['fresh_*.py'] };
    const before = engine.analyses;
    const abort = new AbortController();
    const cancelled = h.client
      .callTool({ name: 'analyze_complexity', arguments: args }, { signal: abort.signal })
      .catch((e: unknown) => e);
    const calls = Array.from({ length: 16 }, () => h.client.callTool({ name: 'analyze_complexity', arguments: args }));
    const analyses = h.app.deps.analyses;
    const options = {
      path: join(tree.dir, 'packages'),
      root: tree.dir,
      include: ['fresh_*.py'],
      maxFileSize: h.app.config.maxFileSize,
    };
    const { signature } = await scanTree(options);
    await vi.waitFor(() => expect(analyses.waiting(engine, options, signature)).toBe(17), {
      timeout: 20_000,
      interval: 20,
    });
    abort.abort();
    await vi.waitFor(() => expect(analyses.waiting(engine, options, signature)).toBe(16), {
      timeout: 20_000,
      interval: 20,
    });
    open();
    engine.gate = undefined;
    const results = (await Promise.all(calls)).map(envelopeOf);
    expect(engine.analyses - before).toBe(1);
    for (const r of results) expect(r.data.summary).toEqual(results[0]!.data.summary);
    expect(await cancelled).toBeInstanceOf(Error);
  });

  it('keeps snapshots bounded by count, files and age', () => {
    let now = 0;
    const store = new SnapshotStore({ maxSnapshots: 2, maxFiles: 5, ttlMs: 100, now: () => now });
    const result = (files: number) => ({
      files: Array.from({ length: files }, () => ({})) as never,
      skipped: [],
      top: { cognitive: [], cyclomatic: [], loc: [] },
    });
    const a = store.add('k', 's', result(1));
    const b = store.add('k', 's', result(1));
    const c = store.add('k', 's', result(1));
    expect([store.get(a.id), store.get(b.id)?.id, store.get(c.id)?.id]).toEqual([undefined, b.id, c.id]);
    // 1 + 1 + 4 files is over 5: the oldest goes, and 1 + 4 fits.
    const big = store.add('k', 's', result(4));
    expect([store.get(b.id), store.get(c.id)?.id, store.get(big.id)?.id]).toEqual([undefined, c.id, big.id]);
    const bigger = store.add('k', 's', result(5));
    expect([store.get(c.id), store.get(big.id), store.get(bigger.id)?.id]).toEqual([undefined, undefined, bigger.id]);
    now = 101;
    expect(store.get(big.id)).toBeUndefined();
    expect(new Analyses(store).snapshots).toBe(store);
  });
});
