#!/usr/bin/env node
// One engine, one corpus, in a process of its own (so peak RSS is that engine's):
//   node bench/engine-run.mjs native|wasm PATH [--threads N]
// Prints {files, bytes, analyzeSeconds, depsSeconds, graphNodes} as JSON. Runs dist/ (npm run build).
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { threads: { type: 'string' } } });
const [kind, path] = positionals;
const threads = Number(values.threads ?? 2);
let engine;
if (kind === 'wasm') {
  const { WasmEngine } = await import('../dist/engine/wasm/engine.js');
  engine = new WasmEngine({ threads, cache: false });
} else {
  const { loadNativeEngine, nativeAddonPath } = await import('../dist/engine/native/loader.js');
  const load = loadNativeEngine(nativeAddonPath(), { threads });
  if (!load.ok) throw new Error(load.reason);
  engine = load.engine;
}
let t = performance.now();
const result = await engine.analyze({ path, root: path });
const analyzeSeconds = (performance.now() - t) / 1000;
t = performance.now();
const graph = await engine.dependencies(result, path, { includeExternal: true });
const depsSeconds = (performance.now() - t) / 1000;
await engine.close();
console.log(
  JSON.stringify({
    files: result.stats.filesAnalyzed,
    bytes: result.stats.bytes,
    analyzeSeconds,
    depsSeconds,
    graphNodes: graph.nodes.length,
  }),
);
