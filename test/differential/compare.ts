import { isDeepStrictEqual } from 'node:util';
import type { AnalyzeOptions, AnalyzeResult, Engine, FileAnalysis } from '../../src/engine/types.js';

export interface Mismatch {
  path: string;
  /** The first differing leaves, `a/b/c: wasm → native`. */
  diffs: string[];
}

export interface Comparison {
  files: number;
  /** Paths that only one engine analysed or skipped. */
  onlyWasm: string[];
  onlyNative: string[];
  mismatches: Mismatch[];
  skippedMismatch: boolean;
  wasmMs: number;
  nativeMs: number;
}

/** Leaf-level differences between two JSON values (at most `limit`). */
export function jsonDiff(a: unknown, b: unknown, limit = 5, at = ''): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const out: string[] = [];
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (out.length >= limit) break;
      out.push(
        ...jsonDiff(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
          limit - out.length,
          `${at}/${k}`,
        ),
      );
    }
    return out;
  }
  return [`${at}: ${JSON.stringify(a)?.slice(0, 200)} → ${JSON.stringify(b)?.slice(0, 200)}`];
}

/** JSON round trip: what a client would see (drops undefined fields). */
function plain(file: FileAnalysis): unknown {
  return JSON.parse(JSON.stringify(file));
}

/**
 * Runs both engines over the same tree and compares their results file by file (the stats
 * differ by design: duration and cache counters).
 */
export async function compareEngines(wasm: Engine, native: Engine, options: AnalyzeOptions): Promise<Comparison> {
  let t = performance.now();
  const w = await wasm.analyze(options);
  const wasmMs = performance.now() - t;
  t = performance.now();
  const n = await native.analyze(options);
  const nativeMs = performance.now() - t;
  return { ...compareResults(w, n), wasmMs, nativeMs };
}

export function compareResults(w: AnalyzeResult, n: AnalyzeResult): Omit<Comparison, 'wasmMs' | 'nativeMs'> {
  const byPath = new Map(n.files.map((f) => [f.path, f]));
  const wasmPaths = new Set(w.files.map((f) => f.path));
  const mismatches: Mismatch[] = [];
  for (const file of w.files) {
    const other = byPath.get(file.path);
    if (!other) continue;
    const diffs = jsonDiff(plain(file), plain(other));
    if (diffs.length > 0) mismatches.push({ path: file.path, diffs });
  }
  return {
    files: w.files.length,
    onlyWasm: w.files.filter((f) => !byPath.has(f.path)).map((f) => f.path),
    onlyNative: n.files.filter((f) => !wasmPaths.has(f.path)).map((f) => f.path),
    mismatches,
    skippedMismatch: !isDeepStrictEqual(w.skipped, n.skipped),
  };
}
