import { resolve } from 'node:path';
import type { DependencyGraph, DependencyOptions, ImportFacts } from '../types.js';
import type { NativeAddon } from './addon.js';

/**
 * The dependency graph of an analysis, resolved and built in Rust (crates/engine/src/deps,
 * a port of src/engine/deps). Only what resolution reads crosses the boundary: paths,
 * languages, imports, package names and top-level symbol names.
 */
export async function nativeDependencies(
  addon: NativeAddon,
  result: { files: readonly ImportFacts[] },
  root: string,
  options: DependencyOptions,
): Promise<DependencyGraph> {
  const files = result.files.map((f) => ({
    path: f.path,
    language: f.language,
    imports: f.imports,
    packageName: f.packageName,
    symbols: f.symbols.map((s) => s.name),
  }));
  const request = {
    files,
    root: resolve(root),
    options: {
      includeExternal: options.includeExternal,
      includeTypeEdges: options.includeTypeEdges,
      includeDynamicEdges: options.includeDynamicEdges,
    },
  };
  return JSON.parse(await addon.dependencies(JSON.stringify(request))) as DependencyGraph;
}
