import type { DependencyGraph } from '../engine/types.js';
import type { SymbolIndex } from './symbol-index.js';

// What a change to some files affects: the files that depend on them, transitively, through
// the import graph (every kind of edge: a type-only import breaks a build as well) and through
// resolved references (Go and Java use their package's names without an import).

export interface ImpactedFile {
  path: string;
  /** Import or reference steps from the nearest changed file. */
  distance: number;
  /** A file of tests (by its name or folder: *.test.ts, test_*.py, *_test.go, FooTest.java, tests/…). */
  test: boolean;
  /** The changed file it was reached from first (nearest). */
  via: string;
}

const TEST_FILE =
  /(^|\/)(tests?|__tests__|spec|specs)\/|[._-](test|spec)\.[cm]?[jt]sx?$|_test\.go$|(^|\/)test_[^/]*\.py$|_test\.py$|Tests?\.java$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

/** Dependents of `changed`, nearest first (then by path); the changed files themselves are not listed. */
export function impactOf(
  changed: readonly string[],
  graph: DependencyGraph,
  index: SymbolIndex,
  maxDepth = Number.POSITIVE_INFINITY,
): ImpactedFile[] {
  const dependents = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    if (from === to) return;
    let set = dependents.get(to);
    if (!set) dependents.set(to, (set = new Set()));
    set.add(from);
  };
  for (const e of graph.edges) if (e.target === 'file') link(e.from, e.to);
  for (const e of index.fileEdges()) if (e.sure > 0) link(e.from, e.to);
  const seen = new Map<string, ImpactedFile>();
  const start = new Set(changed);
  let frontier = [...start].map((path) => ({ path, via: path }));
  for (let distance = 1; frontier.length > 0 && distance <= maxDepth; distance++) {
    const next: { path: string; via: string }[] = [];
    for (const { path, via } of frontier) {
      for (const dependent of [...(dependents.get(path) ?? [])].sort()) {
        if (start.has(dependent) || seen.has(dependent)) continue;
        seen.set(dependent, { path: dependent, distance, test: isTestFile(dependent), via });
        next.push({ path: dependent, via });
      }
    }
    frontier = next;
  }
  return [...seen.values()].sort((a, b) => a.distance - b.distance || (a.path < b.path ? -1 : 1));
}
