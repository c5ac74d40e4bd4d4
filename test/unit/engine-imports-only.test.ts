import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDependencyGraph } from '../../src/engine/deps/index.js';
import { discoverFiles } from '../../src/engine/discovery.js';
import { readSource } from '../../src/engine/read-source.js';
import type { AnalyzeResult, FileAnalysis } from '../../src/engine/types.js';
import { WorkerPool } from '../../src/engine/wasm/pool.js';
import { createRunner } from '../../src/engine/wasm/runner.js';
import { InProcessRunner, type TaskRunner } from '../../src/engine/wasm/task.js';
import { requireNativeEngine } from '../differential/native.js';
import { materialise, parseTxtar } from '../golden/txtar.js';

// `importsOnly` computes what the dependency graph reads and nothing else: the same imports,
// package names, languages and parse errors as a full analysis, in both engines, on every
// golden input, the fixtures and this repository's engine sources; the same graphs; and
// both engines give the same imports-only results. The WASM engine is driven through its
// task runners (in this thread and on a worker), which is where the option reaches a parse.
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const native = requireNativeEngine();
const inThread = new InProcessRunner();
const onWorker = createRunner({ threads: 1 });
const temp: string[] = [];
afterAll(async () => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  await native.close();
  await onWorker.close();
});

function goldenTrees(): [string, string][] {
  const golden = join(REPO, 'test/golden');
  const trees: [string, string][] = [];
  for (const tool of readdirSync(golden, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(golden, tool.name)).sort()) {
      const input = join(golden, tool.name, name, 'input.txtar');
      let text: string;
      try {
        text = readFileSync(input, 'utf8');
      } catch {
        continue;
      }
      const root = materialise(parseTxtar(text), 'mca-imports-only-');
      temp.push(root);
      trees.push([`golden ${tool.name}/${name}`, root]);
    }
  }
  return trees;
}

/** The WASM engine's per-file work over a tree, with or without the option. */
async function wasmRun(root: string, runner: TaskRunner, importsOnly: boolean): Promise<AnalyzeResult> {
  const found = await discoverFiles({ path: root, root });
  const files: FileAnalysis[] = [];
  for (const file of found.files) {
    const read = await readSource(file.abs, 1024 * 1024);
    if (!read.ok) throw new Error(`${file.rel}: ${read.reason}`);
    const outcome = await runner.run({ path: file.rel, language: file.language, source: read.text, importsOnly });
    if (!outcome.ok) throw new Error(`${file.rel}: ${outcome.error}`);
    if (!outcome.analysis) throw new Error(`${file.rel}: no analysis`);
    files.push(outcome.analysis);
  }
  return {
    files,
    skipped: found.skipped,
    stats: { filesAnalyzed: files.length, bytes: 0, cacheHits: 0, cacheMisses: 0, durationMs: 0 },
  };
}

/** What the graph reads of a file, and what importsOnly must leave empty. */
function graphInputs(f: FileAnalysis) {
  return {
    path: f.path,
    language: f.language,
    imports: f.imports,
    packageName: f.packageName,
    parseErrors: f.parseErrors,
    javaSymbols: f.language === 'java' ? f.symbols : [],
  };
}

function expectImportsOnly(full: AnalyzeResult, only: AnalyzeResult): void {
  expect(only.files.map(graphInputs)).toEqual(full.files.map(graphInputs));
  expect(only.skipped).toEqual(full.skipped);
  for (const f of only.files) {
    expect(f.functions).toEqual([]);
    expect(f.totals).toEqual({
      functions: 0,
      cyclomaticSum: 0,
      cyclomaticMax: 0,
      cognitiveSum: 0,
      loc: { sloc: 0, ploc: 0, lloc: 0, cloc: 0, blank: 0 },
    });
    if (f.language !== 'java') expect(f.symbols).toEqual([]);
  }
}

describe('importsOnly: the graph inputs of a full analysis, nothing more', () => {
  const trees: [string, string][] = [
    ...goldenTrees(),
    ['test/fixtures', join(REPO, 'test/fixtures')],
    ['src/engine', join(REPO, 'src/engine')],
  ];
  for (const [name, root] of trees) {
    it(name, async () => {
      const nativeFull = await native.analyze({ path: root, root });
      const nativeOnly = await native.analyze({ path: root, root, importsOnly: true });
      expect(nativeOnly.files.length).toBeGreaterThan(0);
      expectImportsOnly(nativeFull, nativeOnly);

      const wasmFull = await wasmRun(root, inThread, false);
      const wasmOnly = await wasmRun(root, inThread, true);
      expectImportsOnly(wasmFull, wasmOnly);
      // The two engines agree on imports-only results as on full ones: the whole file JSON.
      expect(wasmOnly.files).toEqual(nativeOnly.files);

      for (const includeExternal of [false, true]) {
        const expected = buildDependencyGraph(wasmFull.files, root, { includeExternal });
        expect(buildDependencyGraph(wasmOnly.files, root, { includeExternal })).toEqual(expected);
        expect(await native.dependencies(nativeOnly, root, { includeExternal })).toEqual(expected);
      }
    });
  }

  it('the option crosses into a worker thread', async () => {
    expect(onWorker).toBeInstanceOf(WorkerPool);
    const root = join(REPO, 'src/engine/wasm');
    const [full, only] = [await wasmRun(root, onWorker, false), await wasmRun(root, onWorker, true)];
    expectImportsOnly(full, only);
    expect(only.files).toEqual((await native.analyze({ path: root, root, importsOnly: true })).files);
  });
});
