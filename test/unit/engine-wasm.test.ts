import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';

const dirs: string[] = [];
const engines: WasmEngine[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  for (const engine of engines) await engine.close();
});

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'mca-wasm-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function engine(options: ConstructorParameters<typeof WasmEngine>[0] = {}): WasmEngine {
  const e = new WasmEngine({ threads: 0, ...options });
  engines.push(e);
  return e;
}

describe('WasmEngine: bad input is data, never a crash', () => {
  it('analyses broken and empty files and skips binary, oversized and undecodable ones', async () => {
    const root = tree({
      'good.ts': 'export function ok(a: number) { return a > 1 ? a : 0; }\n',
      'broken.ts': 'function fine() { return 1; }\nfunction broken( {\n  if (\n',
      'empty.py': '',
      'blob.js': Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x00, 0x01, 0x02]),
      'huge.go': `package main\n// ${'x'.repeat(300)}\n`,
      'latin1.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a]),
    });
    const result = await engine().analyze({ path: root, root, maxFileSize: 256 });
    expect(result.files.map((f) => f.path)).toEqual(['broken.ts', 'empty.py', 'good.ts']);
    expect(result.skipped).toEqual([
      { path: 'blob.js', reason: 'binary' },
      { path: 'huge.go', reason: 'too-large', detail: expect.stringContaining('> limit 256') },
      { path: 'latin1.py', reason: 'invalid-utf8' },
    ]);
    const [broken, empty, good] = result.files as [FileAnalysis, FileAnalysis, FileAnalysis];
    expect(broken.parseErrors.count).toBeGreaterThan(0);
    expect(broken.parseErrors.first[0]?.line).toBeGreaterThanOrEqual(2);
    expect(broken.functions.map((f) => f.name)).toContain('fine');
    expect(empty).toMatchObject({ functions: [], imports: [], parseErrors: { count: 0 } });
    expect(good.parseErrors.count).toBe(0);
    expect(good.functions[0]).toMatchObject({ name: 'ok', cyclomatic: 2 });
    expect(result.stats).toMatchObject({ filesAnalyzed: 3, cacheMisses: 3, cacheHits: 0 });
  });

  it('reports a file deleted during the run as vanished', async () => {
    const root = tree({ 'a.ts': 'export const a = 1;\n', 'z.ts': 'export const z = 1;\n' });
    const progress: string[] = [];
    const result = await engine({ readAhead: 1 }).analyze({
      path: root,
      root,
      onProgress: (p) => {
        progress.push(`${p.filesDone}/${p.filesTotal}`);
        if (p.currentPath === 'a.ts') unlinkSync(join(root, 'z.ts'));
      },
    });
    expect(result.files.map((f) => f.path)).toEqual(['a.ts']);
    expect(result.skipped).toEqual([{ path: 'z.ts', reason: 'vanished' }]);
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('survives 10,000 levels of nesting', async () => {
    const depth = 10_000;
    const root = tree({
      'deep.js': `const x = ${'['.repeat(depth)}require("./y")${']'.repeat(depth)};\nif (a) { if (b) { f(); } }\n`,
    });
    const result = await engine().analyze({ path: root, root });
    expect(result.skipped).toEqual([]);
    expect(result.files[0]?.imports).toEqual([{ specifier: './y', kind: 'static', line: 1 }]);
  });

  it('answers PATH_NOT_FOUND for a missing path and CANCELLED when aborted', async () => {
    const root = tree({ 'a.ts': 'export const a = 1;\n', 'b.ts': 'export const b = 1;\n' });
    await expect(engine().analyze({ path: join(root, 'missing'), root })).rejects.toMatchObject({
      code: 'PATH_NOT_FOUND',
    });
    await expect(engine().analyze({ path: root, root, signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const controller = new AbortController();
    const run = engine({ readAhead: 1 }).analyze({
      path: root,
      root,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('WasmEngine: dependencies', () => {
  it('resolves the imports of a single analysed file against the files on disk', async () => {
    const root = tree({
      'src/main.ts': 'import { a } from "./a.js";\nimport "./nope";\n',
      'src/a.ts': 'export const a = 1;\n',
    });
    const e = engine();
    const result = await e.analyze({ path: join(root, 'src/main.ts'), root });
    const graph = await e.dependencies(result, root);
    expect(result.files.map((f) => f.path)).toEqual(['src/main.ts']);
    expect(graph.edges).toEqual([{ from: 'src/main.ts', to: 'src/a.ts', kind: 'static', line: 1, target: 'file' }]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['src/a.ts', 'src/main.ts']);
    expect(graph.unresolved).toEqual([{ from: 'src/main.ts', specifier: './nope', line: 2 }]);
    expect(graph.orphans).toEqual([]);
  });
});

describe('WasmEngine: threads', () => {
  it('gives the same results on worker threads as in this thread', async () => {
    const root = tree({
      'src/a.ts': 'import { b } from "./b.js";\nexport class A { m(x: number) { return x && b; } }\n',
      'src/b.ts': 'export const b = () => { for (;;) { break; } };\n',
      'pkg/m.py': 'from . import n\ndef f(a):\n    return [x for x in a if x]\n',
      'pkg/n.py': '',
      'pkg/__init__.py': '',
      'r.rs': 'fn main() { let v = vec![1]; match v.len() { 0 => {}, _ => {} } }\n',
    });
    const local = await engine().analyze({ path: root, root });
    const threaded = engine({ threads: 2, batchSize: 2 });
    const seen: number[] = [];
    const result = await threaded.analyze({ path: root, root, onProgress: (p) => seen.push(p.filesDone) });
    expect(result.files).toEqual(local.files);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const graph = await threaded.dependencies(result, root);
    expect(graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['pkg/m.py->pkg/n.py', 'src/a.ts->src/b.ts']);
  });
});
