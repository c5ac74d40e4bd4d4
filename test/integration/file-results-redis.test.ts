import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analysis/analyses.js';
import { FileResults } from '../../src/analysis/file-results.js';
import { SnapshotStore } from '../../src/analysis/snapshots.js';
import { MemoryLruCache } from '../../src/cache/memory-lru.js';
import { TwoLevelCache } from '../../src/cache/two-level.js';
import { loadNativeEngine } from '../../src/engine/native/loader.js';
import type { AnalyzeOptions, AnalyzeResult, Engine, FileAnalysis } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { RedisConnection } from '../../src/redis/connection.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { wholeAnalysis } from '../helpers/whole-analysis.js';

// The fleet's tier of the per-file results: what one instance analysed, another instance (its
// own memory, another checkout of the same files at another path) takes from Redis by content
// hash without analysing; a Redis that is gone costs speed, never a result.

let server: RedisServer;
const connections: RedisConnection[] = [];
const dirs: string[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of connections) await c.close();
  await server?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

class CountingEngine implements Engine {
  readonly kind;
  readonly version;
  sent = 0;
  constructor(private readonly inner: Engine) {
    this.kind = inner.kind;
    this.version = inner.version;
  }
  analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
    this.sent += options.files?.length ?? 0;
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

/** One server instance: its own connection, memory tiers and snapshots; Redis shared. */
async function instance(url = server.url): Promise<Analyses> {
  const connection = new RedisConnection({ url, pingIntervalMs: 100, commandTimeoutMs: 500, reconnectMaxMs: 200 });
  connections.push(connection);
  await connection.connect(2000);
  const cache = await TwoLevelCache.create<FileAnalysis>({ front: new MemoryLruCache<FileAnalysis>(), connection });
  return new Analyses(new SnapshotStore(), new FileResults({ content: cache.front, redis: cache.back }));
}

function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mca-fleet-tier-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(
    join(dir, 'pkg/a.ts'),
    "import { b } from './b.js';\nexport function a(x: number) {\n  return x > 0 ? b(x) : 0;\n}\n",
  );
  writeFileSync(
    join(dir, 'pkg/b.ts'),
    'export function b(x: number) {\n  for (let i = 0; i < x; i++) { if (i % 2) { continue; } }\n  return x;\n}\n',
  );
  writeFileSync(join(dir, 'pkg/c.py'), 'def c(items):\n    return [i for i in items if i]\n');
  return dir;
}

const native = loadNativeEngine();
if (!native.ok) throw new Error(`the native engine must be built for these tests: ${native.reason}`);
const engines: [string, () => Engine][] = [
  ['wasm', () => new WasmEngine({ threads: 0 })],
  ['native', () => native.engine],
];

describe.each(engines)('the Redis tier above the engines (%s engine)', (_name, make) => {
  it('serves another instance, on another checkout of the same files, without analysing', async () => {
    const first = checkout();
    const a = new CountingEngine(make());
    const made = await wholeAnalysis(await instance(), a, { path: first, root: first });
    expect(a.sent).toBe(3);
    expect(made.cache).toMatchObject({ hits: 0, misses: 3 });

    const second = checkout();
    cpSync(first, second, { recursive: true });
    const b = new CountingEngine(make());
    const served = await wholeAnalysis(await instance(), b, { path: second, root: second });
    expect(b.sent).toBe(0);
    expect(served.cache).toMatchObject({ hits: 3, misses: 0, tiers: { memory: 0, disk: 0, content: 0, redis: 3 } });
    expect(served.result.files).toEqual(made.result.files);
  });

  it('analyses a file whose bytes differ, and only that one', async () => {
    const dir = checkout();
    writeFileSync(join(dir, 'pkg/c.py'), 'def c(items):\n    return len(items)\n');
    const engine = new CountingEngine(make());
    const run = await (await instance()).run(engine, { path: dir, root: dir });
    expect(engine.sent).toBe(1);
    expect(run.cache).toMatchObject({ hits: 2, misses: 1, tiers: { redis: 2 } });
  });
});

describe('the Redis tier when Redis is gone', () => {
  it('answers from the engine, the same result', async () => {
    const own = await startRedisServer();
    const analyses = await instance(own.url);
    await own.dispose();
    const dir = checkout();
    const engine = new CountingEngine(new WasmEngine({ threads: 0 }));
    const run = await wholeAnalysis(analyses, engine, { path: dir, root: dir });
    expect(engine.sent).toBe(3);
    expect(run.result.files.map((f) => f.path)).toEqual(['pkg/a.ts', 'pkg/b.ts', 'pkg/c.py']);
  });
});
