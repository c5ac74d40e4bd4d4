import { afterAll } from 'vitest';
import { runGoldenSuite, type GoldenAnalysis } from './run-golden.js';
import { requireNativeEngine } from '../differential/native.js';

// The analyze_complexity and analyze_structure goldens against the native engine, through
// the same runner as the WASM engine (engine-golden-wasm.test.ts): one file at a time, as
// an explicitly named file under its case directory.
const engine = requireNativeEngine();
afterAll(() => engine.close());

async function analyze(absPath: string, relPath: string): Promise<GoldenAnalysis> {
  const root = absPath.slice(0, absPath.length - relPath.length - 1);
  const result = await engine.analyze({ path: absPath, root });
  const file = result.files[0];
  if (!file || result.files.length !== 1) throw new Error(`native engine analysed ${result.files.length} files for ${relPath}: ${JSON.stringify(result.skipped)}`);
  return file;
}

runGoldenSuite('native', analyze);
