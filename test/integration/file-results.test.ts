import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analysis/analyses.js';
import { FileResults } from '../../src/analysis/file-results.js';
import { DiskCache } from '../../src/cache/disk-cache.js';
import { discoverFiles } from '../../src/engine/discovery.js';
import { loadNativeEngine } from '../../src/engine/native/loader.js';
import type { AnalyzeOptions, AnalyzeResult, Engine, FileAnalysis } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { wholeAnalysis } from '../helpers/whole-analysis.js';

// Each call is another analysis of the same files (a limit that changes no file's fate gives it
// another key): the per-file tiers answer it, not the kept snapshot of an identical call before.
let seq = 0;
const fresh = (...[analyses, engine, options]: Parameters<typeof wholeAnalysis>) =>
  wholeAnalysis(analyses, engine, { ...options, maxFileSize: 1_000_000 + seq++ });

// The per-file results above both engines: an unchanged file is never sent to the engine
// again, a changed, touched, added or renamed one is, alone; a deleted one is gone; another
// engine version starts afresh. Both engines go through the same cache and agree.

class RecordingEngine implements Engine {
  readonly kind;
  readonly version;
  /** The files each analyze call was asked for. */
  calls: (readonly string[] | undefined)[] = [];

  constructor(
    private readonly inner: Engine,
    version?: string,
  ) {
    this.kind = inner.kind;
    this.version = version ?? inner.version;
  }

  analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
    this.calls.push(options.files);
    // No engine-private cache in the way: every file sent is really analysed.
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

const native = loadNativeEngine();
if (!native.ok) throw new Error(`the native engine must be built for these tests: ${native.reason}`);
const engines: [string, () => Engine][] = [
  ['wasm', () => new WasmEngine({ threads: 0 })],
  ['native', () => native.engine],
];

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mca-filecache-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/a.ts'), 'export function a(x: number) {\n  return x > 1 ? x : 0;\n}\n');
  writeFileSync(join(dir, 'src/b.ts'), "import { a } from './a.js';\nexport const b = () => a(2);\n");
  writeFileSync(join(dir, 'src/c.py'), 'def c(x):\n    if x:\n        return 1\n    return 0\n');
  return dir;
}

describe.each(engines)('per-file results by stat (%s engine)', (_name, make) => {
  const dir = tree();
  const engine = new RecordingEngine(make());
  const analyses = new Analyses();
  const run = () => fresh(analyses, engine, { path: dir, root: dir });
  const sent = () => engine.calls.at(-1);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyses every file once, then none while nothing changed', async () => {
    const first = await run();
    expect([...(sent() ?? [])].sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/c.py']);
    expect(first.cache).toMatchObject({ hits: 0, misses: 3 });
    const calls = engine.calls.length;
    const second = await run();
    expect(engine.calls.length).toBe(calls);
    expect(second.cache).toMatchObject({ hits: 3, misses: 0 });
    expect(second.result.files).toEqual(first.result.files);
  });

  it('sends only the file that changed, and its new result replaces the old', async () => {
    writeFileSync(
      join(dir, 'src/a.ts'),
      'export function a(x: number) {\n  if (x > 1) { return x; }\n  return x < 0 ? -x : 0;\n}\n',
    );
    const { result } = await run();
    expect(sent()).toEqual(['src/a.ts']);
    expect(result.files.find((f) => f.path === 'src/a.ts')!.functions[0]!.cyclomatic).toBe(3);
  });

  it('finds a touched file by its content (its stat changed, its bytes did not): read and hashed, not analysed', async () => {
    const before = (await run()).result.files.find((f) => f.path === 'src/c.py');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src/c.py'), later, later);
    const calls = engine.calls.length;
    const { result, cache } = await run();
    expect(engine.calls.length).toBe(calls);
    expect(cache.tiers).toEqual({ memory: 2, disk: 0, content: 1, redis: 0 });
    expect(result.files.find((f) => f.path === 'src/c.py')).toEqual(before);
    // Found once by content, it is on the stat path again.
    expect((await run()).cache.tiers.memory).toBe(3);
  });

  it('drops a deleted file; a renamed one is found by content under its new path, an added one is analysed', async () => {
    rmSync(join(dir, 'src/b.ts'));
    const calls = engine.calls.length;
    const afterDelete = await run();
    expect(engine.calls.length).toBe(calls);
    expect(afterDelete.result.files.map((f) => f.path)).toEqual(['src/a.ts', 'src/c.py']);
    renameSync(join(dir, 'src/c.py'), join(dir, 'src/d.py'));
    writeFileSync(join(dir, 'src/e.ts'), 'export const e = 1;\n');
    const afterRename = await run();
    expect(sent()).toEqual(['src/e.ts']);
    expect(afterRename.cache).toMatchObject({ hits: 2, misses: 1, tiers: { memory: 1, content: 1 } });
    expect(afterRename.result.files.map((f) => f.path)).toEqual(['src/a.ts', 'src/d.py', 'src/e.ts']);
    expect(afterRename.result.files.find((f) => f.path === 'src/d.py')!.functions[0]!.name).toBe('c');
  });

  it('gives identical files at different paths one analysis, each under its own path', async () => {
    mkdirSync(join(dir, 'copy'), { recursive: true });
    writeFileSync(join(dir, 'copy/e.ts'), 'export const e = 1;\n');
    const calls = engine.calls.length;
    const { result } = await run();
    expect(engine.calls.length).toBe(calls);
    const copies = result.files.filter((f) => f.path.endsWith('e.ts'));
    expect(copies.map((f) => f.path)).toEqual(['copy/e.ts', 'src/e.ts']);
    expect({ ...copies[0]!, path: 'x' }).toEqual({ ...copies[1]!, path: 'x' });
    rmSync(join(dir, 'copy'), { recursive: true });
  });

  it('reuses per-file results under other filters, never across engine versions', async () => {
    const calls = engine.calls.length;
    const filtered = await fresh(analyses, engine, { path: dir, root: dir, languages: ['python'] });
    expect(engine.calls.length).toBe(calls);
    expect(filtered.result.files.map((f) => f.path)).toEqual(['src/d.py']);
    const upgraded = new RecordingEngine(engine, `${engine.version}+next`);
    const afresh = await fresh(analyses, upgraded, { path: dir, root: dir });
    expect([...(upgraded.calls[0] ?? [])].sort()).toEqual(['src/a.ts', 'src/d.py', 'src/e.ts']);
    expect(afresh.cache).toMatchObject({ hits: 0, misses: 3 });
  });

  it("skips what cannot be analysed, with the engine's reason, every time", async () => {
    writeFileSync(join(dir, 'src/bin.ts'), Buffer.from([0, 1, 2, 0, 255]));
    for (let i = 0; i < 2; i++) {
      const { result } = await run();
      expect(result.skipped).toContainEqual(expect.objectContaining({ path: 'src/bin.ts', reason: 'binary' }));
      expect(sent()).toEqual(['src/bin.ts']);
    }
  });
});

describe.each(engines)('imports-only results beside full ones (%s engine)', (_name, make) => {
  it('keeps them apart: a full analysis after an imports-only one analyses again, each is then found', async () => {
    const dir = tree();
    try {
      const engine = new RecordingEngine(make());
      const analyses = new Analyses();
      const importsOnly = { path: dir, root: dir, importsOnly: true };
      const deps = await fresh(analyses, engine, importsOnly);
      expect(deps.result.files.every((f) => f.functions.length === 0)).toBe(true);
      expect(deps.result.files.find((f) => f.path === 'src/b.ts')!.imports.map((i) => i.specifier)).toEqual(['./a.js']);
      const full = await fresh(analyses, engine, { path: dir, root: dir });
      expect(full.cache).toMatchObject({ hits: 0, misses: 3 });
      expect(full.result.files.find((f) => f.path === 'src/a.ts')!.functions.map((f) => f.name)).toEqual(['a']);
      const calls = engine.calls.length;
      expect((await fresh(analyses, engine, importsOnly)).cache).toMatchObject({ hits: 3, misses: 0 });
      expect((await fresh(analyses, engine, { path: dir, root: dir })).cache).toMatchObject({
        hits: 3,
        misses: 0,
      });
      expect(engine.calls.length).toBe(calls);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(engines)('imports of plain modules without a parse (%s engine)', (_name, make) => {
  // A TS module whose imports are its header is answered by the scan above the engine
  // (src/analysis/scanned-imports.ts); a CommonJS file, a dynamic import() and other languages
  // still go to the engine. Either way the results are the engine's own.
  const dir = mkdtempSync(join(tmpdir(), 'mca-scan-'));
  mkdirSync(join(dir, 'src'));
  const files: Record<string, string> = {
    'src/a.ts': '/** Use: `import { a } from "./a.js"` */\nexport function a(x: number) {\n  return x / 2;\n}\n',
    'src/b.ts':
      "import { a } from './a.js';\nimport type { T } from './t.js';\nexport * from './a.js';\nexport const b = () => a(2);\n",
    'src/t.ts': 'export interface T {\n  x: number;\n}\n',
    'src/lazy.ts': "export const lazy = () => import('./a.js');\n",
    'src/cjs.js': "const { a } = require('./a.js');\nmodule.exports = a;\n",
    'src/c.py': 'import os\n',
  };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const importsOnly = { path: dir, root: dir, importsOnly: true };
  const graphOf = (r: Awaited<ReturnType<typeof fresh>>) =>
    r.result.files.map((f) => ({ path: f.path, language: f.language, imports: f.imports }));

  it('sends only the files a scan declines to the engine, with the same imports as a parse', async () => {
    const engine = new RecordingEngine(make());
    const scanned = await fresh(new Analyses(), engine, importsOnly);
    expect(engine.calls.flatMap((c) => c ?? []).sort()).toEqual(['src/c.py', 'src/cjs.js', 'src/lazy.ts']);
    expect(scanned.cache).toMatchObject({ hits: 0, misses: 6 });
    const parsedEngine = new RecordingEngine(make());
    const parsed = await fresh(
      new Analyses(undefined, new FileResults({ importScan: false })),
      parsedEngine,
      importsOnly,
    );
    expect(parsedEngine.calls.flatMap((c) => c ?? []).sort()).toEqual(Object.keys(files).sort());
    expect(graphOf(scanned)).toEqual(graphOf(parsed));
    expect(scanned.result.files.find((f) => f.path === 'src/b.ts')!.imports).toEqual([
      { specifier: './a.js', kind: 'static', line: 1 },
      { specifier: './t.js', kind: 'type', line: 2 },
      { specifier: './a.js', kind: 'reexport', line: 3 },
    ]);
  });

  it('parses every file for navigation, which needs the trees (onTags)', async () => {
    const engine = new RecordingEngine(make());
    const tagged: string[] = [];
    await fresh(new Analyses(), engine, { ...importsOnly, onTags: (t) => tagged.push(t.path) });
    expect(engine.calls.flatMap((c) => c ?? []).sort()).toEqual(Object.keys(files).sort());
    expect(tagged.sort()).toEqual(Object.keys(files).sort());
  });

  it('answers a file written after the walk as it now is, and keeps it from the stat the walk saw', async () => {
    const results = new FileResults();
    const engine = new RecordingEngine(make());
    const found = await discoverFiles(importsOnly);
    const signal = new AbortController().signal;
    const t = join(dir, 'src/t.ts');
    writeFileSync(t, "import { a } from './a.js';\nexport interface T {\n  x: number;\n}\n");
    try {
      const first = await results.analyze(engine, importsOnly, found, signal, () => undefined);
      expect(first.content.files.find((f) => f.path === 'src/t.ts')!.imports).toEqual([
        { specifier: './a.js', kind: 'static', line: 1 },
      ]);
      // The same walk again: every other file is found by the stat the walk saw; the written
      // one was not stored under it (its bytes are not those), so it is scanned again.
      const again = await results.analyze(engine, importsOnly, found, signal, () => undefined);
      expect(again.cache).toMatchObject({ hits: Object.keys(files).length - 1, misses: 1 });
    } finally {
      writeFileSync(t, files['src/t.ts']!);
    }
  });
});

describe('both engines through the same per-file results', () => {
  it('give the same result for the same tree', async () => {
    const dir = tree();
    try {
      const analyses = new Analyses();
      const results = [];
      for (const [, make] of engines)
        results.push((await fresh(analyses, make(), { path: dir, root: dir })).result.files);
      expect(results[1]).toEqual(results[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(engines)('per-file results on disk, from one process to the next (%s engine)', (_name, make) => {
  const dir = tree();
  const cacheDir = mkdtempSync(join(tmpdir(), 'mca-filecache-disk-'));
  const engine = new RecordingEngine(make());
  /** A fresh process: empty memory tiers, the same directory on disk. */
  const processOnDisk = () => {
    const disk = new DiskCache<FileAnalysis>(cacheDir);
    const analyses = new Analyses(undefined, new FileResults({ disk }));
    return {
      disk,
      run: () => fresh(analyses, engine, { path: dir, root: dir }),
      scan: () => analyses.run(engine, { path: dir, root: dir }),
    };
  };
  /** The entry of a file, as its two lines. */
  const entryOf = (path: string) => {
    const files = readdirSync(join(cacheDir, 'v2'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const file = files
      .map((e) => join(e.parentPath, e.name))
      .find((f) => readFileSync(f, 'utf8').split('\n', 1)[0]!.includes(JSON.stringify(path).slice(1, -1)))!;
    const text = readFileSync(file, 'utf8');
    const nl = text.indexOf('\n');
    return { file, header: text.slice(0, nl), body: text.slice(nl + 1) };
  };
  let cold: Awaited<ReturnType<typeof wholeAnalysis>>;
  afterAll(() => [dir, cacheDir].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('scans from the heads on disk, and reads the full results of the files a page shows only', async () => {
    cold = await processOnDisk().run();
    expect(cold.cache).toMatchObject({ hits: 0, misses: 3 });
    const calls = engine.calls.length;
    const warm = processOnDisk();
    const scanned = await warm.scan();
    expect(scanned.cache).toEqual({ hits: 3, misses: 0, tiers: { memory: 0, disk: 3, content: 0, redis: 0 } });
    expect(warm.disk.stats()).toEqual({ hits: 3, misses: 0, writes: 0 });
    // The snapshot a warm scan makes is the one the full results made.
    expect(scanned.snapshot.files).toEqual(cold.snapshot.files);
    expect(scanned.snapshot.top).toStrictEqual(cold.snapshot.top);
    // A page's details come from disk too (one read of a full result per file), not from the engine.
    // The second scan finds the heads in memory (kept there by the first): no entry opened again.
    const page = await warm.run();
    expect(page.result.files).toEqual(cold.result.files);
    expect(page.cache).toMatchObject({ hits: 3, misses: 0, tiers: { memory: 3, disk: 0 } });
    expect(warm.disk.stats()).toEqual({ hits: 6, misses: 0, writes: 0 }); // 3 heads, then 3 full results
    expect(engine.calls.length).toBe(calls);
  });

  it('analyses again, alone, a file whose full result is corrupt, when a page asks for it, and replaces the entry', async () => {
    const { file, header, body } = entryOf('src/c.py');
    writeFileSync(file, `${header}\n${' '.repeat(Buffer.byteLength(body))}`);
    const warm = processOnDisk();
    const calls = engine.calls.length;
    const { cache, result } = await warm.run();
    expect(cache).toMatchObject({ hits: 3, misses: 0, tiers: { disk: 3 } });
    expect(engine.calls.slice(calls)).toEqual([['src/c.py']]);
    expect(result.files).toEqual(cold.result.files);
    expect(entryOf('src/c.py').body).toBe(body);
    await processOnDisk().run();
    expect(engine.calls.length).toBe(calls + 1);
  });

  it('analyses again, alone, a file whose head is corrupt, and replaces the entry', async () => {
    const { file, header, body } = entryOf('src/a.ts');
    writeFileSync(file, `${header.slice(0, 40)}\n${body}`);
    const calls = engine.calls.length;
    const { cache, result } = await processOnDisk().run();
    expect(cache).toMatchObject({ hits: 2, misses: 1, tiers: { disk: 2 } });
    expect(engine.calls.slice(calls)).toEqual([['src/a.ts']]);
    expect(result.files).toEqual(cold.result.files);
    expect(entryOf('src/a.ts').header).toBe(header);
    expect((await processOnDisk().run()).cache).toMatchObject({ hits: 3, misses: 0, tiers: { disk: 3 } });
  });

  it('takes a head record of another shape (another version of the code, same engine) for a miss', async () => {
    const { file, header, body } = entryOf('src/b.ts');
    const parsed = JSON.parse(header);
    writeFileSync(file, `${JSON.stringify({ ...parsed, head: { ...parsed.head, v: 0 } })}\n${body}`);
    const calls = engine.calls.length;
    const { cache, result } = await processOnDisk().run();
    expect(cache).toMatchObject({ hits: 2, misses: 1, tiers: { disk: 2 } });
    expect(engine.calls.slice(calls)).toEqual([['src/b.ts']]);
    expect(result.files).toEqual(cold.result.files);
    expect(entryOf('src/b.ts').header).toBe(header);
  });

  it('ignores entries of the former format (the full result only), and a prune removes them', async () => {
    const old = join(cacheDir, 'v1');
    renameSync(join(cacheDir, 'v2'), old);
    for (const e of readdirSync(old, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const f = join(e.parentPath, e.name);
      const [header, body] = readFileSync(f, 'utf8').split('\n') as [string, string];
      writeFileSync(f, JSON.stringify({ format: 1, key: JSON.parse(header).key, value: JSON.parse(body) }));
    }
    const calls = engine.calls.length;
    const again = processOnDisk();
    const { cache, result } = await again.run();
    expect(cache).toMatchObject({ hits: 0, misses: 3 });
    expect(engine.calls.length).toBe(calls + 1);
    expect(result.files).toEqual(cold.result.files);
    expect(await again.disk.prune()).toMatchObject({ entries: 3, removed: 0 });
    // The older format's directory is gone; beside the entries, the usage the prune measured.
    expect(readdirSync(cacheDir).sort()).toEqual(['v2', 'v2.usage.json']);
  });
});

describe.each(engines)('chunks of misses in flight together (%s engine)', (_name, make) => {
  it('give the snapshot one chunk gives, with progress that only rises', async () => {
    const dir = tree();
    for (let i = 0; i < 5; i++)
      writeFileSync(join(dir, `src/extra${i}.ts`), `export const e${i} = (x: number) => x > ${i} ? x : 0;\n`);
    try {
      const engine = make();
      // One file per chunk: up to two engine calls run while results come back in any order.
      const many = new Analyses(undefined, new FileResults({ chunkFiles: 1 }));
      const progress: number[] = [];
      const a = await fresh(many, engine, { path: dir, root: dir, onProgress: (p) => progress.push(p.filesDone) });
      const b = await fresh(new Analyses(), engine, { path: dir, root: dir });
      expect(a.snapshot.files).toEqual(b.snapshot.files);
      expect(a.snapshot.top).toEqual(b.snapshot.top);
      expect(a.result.files).toEqual(b.result.files);
      expect(a.cache).toMatchObject({ hits: 0, misses: 8 });
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
      expect(progress.at(-1)).toBe(8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
