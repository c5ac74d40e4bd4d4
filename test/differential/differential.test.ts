import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { compareEngines, compareResults } from './compare.js';
import { requireNativeEngine } from './native.js';

// Both engines over real code that is always present: this repository's own sources and
// fixtures (the large corpora — Django, Go's standard library, TypeScript — run by hand
// with bench/differential.mjs). Every file's JSON must be identical, and so must the
// files skipped and the dependency graphs.
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const wasm = new WasmEngine({ threads: 0 });
const native = requireNativeEngine();
afterAll(async () => {
  await wasm.close();
  await native.close();
});

describe('differential: native vs wasm on this repository', () => {
  for (const dir of ['src', 'test/fixtures', 'test/golden']) {
    it(`${dir}: identical results file by file`, async () => {
      const c = await compareEngines(wasm, native, { path: `${REPO}/${dir}`, root: REPO });
      expect(c.files).toBeGreaterThan(0);
      expect({ onlyWasm: c.onlyWasm, onlyNative: c.onlyNative, skippedMismatch: c.skippedMismatch }).toEqual({
        onlyWasm: [],
        onlyNative: [],
        skippedMismatch: false,
      });
      expect(c.mismatches).toEqual([]);
    });
  }

  it('src: identical dependency graphs', async () => {
    const options = { path: `${REPO}/src`, root: REPO };
    const [w, n] = [await wasm.analyze(options), await native.analyze(options)];
    for (const includeExternal of [false, true]) {
      const expected = await wasm.dependencies(w, REPO, { includeExternal });
      expect(await native.dependencies(n, REPO, { includeExternal })).toEqual(expected);
    }
    expect(compareResults(w, n).mismatches).toEqual([]);
  });
});
