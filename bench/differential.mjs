#!/usr/bin/env node
// Differential test on real code no one here wrote: both engines over each corpus, file by
// file, identical JSON expected (and identical skipped lists and dependency graphs).
//
//   bash bench/corpus.sh && node bench/ts-corpus.mjs && node bench/differential.mjs [--only name] [--graph]
// Exit status 1 when any file differs. Corpora that are absent are reported, not skipped silently.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { WasmEngine } = await import('../src/engine/wasm/engine.ts');
const { compareEngines } = await import('../test/differential/compare.ts');
const { requireNativeEngine } = await import('../test/differential/native.ts');
const { CORPORA } = await import('./corpora.mjs');

const { values } = parseArgs({ options: { only: { type: 'string' }, graph: { type: 'boolean' } } });
const wasm = new WasmEngine({ cache: false });
const native = requireNativeEngine();
let failed = false;
for (const [name, root] of Object.entries(CORPORA)) {
  if (values.only && values.only !== name) continue;
  if (!existsSync(root)) {
    console.log(`${name}: corpus missing at ${root} (bench/corpus.sh, bench/ts-corpus.mjs)`);
    failed = true;
    continue;
  }
  const c = await compareEngines(wasm, native, { path: root, root });
  const bad = c.mismatches.length + c.onlyWasm.length + c.onlyNative.length + (c.skippedMismatch ? 1 : 0);
  console.log(
    `${name}: ${c.files} files compared, ${c.mismatches.length} mismatches, only-wasm ${c.onlyWasm.length}, only-native ${c.onlyNative.length}, skipped ${c.skippedMismatch ? 'differ' : 'equal'} (wasm ${(c.wasmMs / 1000).toFixed(1)} s, native ${(c.nativeMs / 1000).toFixed(1)} s)`,
  );
  for (const m of c.mismatches.slice(0, 10)) console.log(`  ${m.path}\n    ${m.diffs.join('\n    ')}`);
  for (const p of [...c.onlyWasm, ...c.onlyNative].slice(0, 10)) console.log(`  only one engine: ${p}`);
  if (values.graph) {
    const options = { path: root, root };
    const [w, n] = [await wasm.analyze(options), await native.analyze(options)];
    const same =
      JSON.stringify(await wasm.dependencies(w, root, { includeExternal: true })) ===
      JSON.stringify(await native.dependencies(n, root, { includeExternal: true }));
    console.log(`  dependency graph: ${same ? 'identical' : 'DIFFERENT'}`);
    if (!same) failed = true;
  }
  if (bad > 0) failed = true;
}
await wasm.close();
process.exit(failed ? 1 : 0);
