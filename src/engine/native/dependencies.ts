import { buildDependencyGraph } from '../deps/index.js';
import type { AnalyzeResult, DependencyGraph, DependencyOptions } from '../types.js';
import type { NativeAddon } from './addon.js';

/**
 * The dependency graph of an analysis. Until the Rust port of src/engine/deps is complete
 * the engine-neutral TypeScript resolver runs over the native engine's imports.
 */
export async function nativeDependencies(
  _addon: NativeAddon,
  result: AnalyzeResult,
  root: string,
  options: DependencyOptions,
): Promise<DependencyGraph> {
  return buildDependencyGraph(result.files, root, options);
}
