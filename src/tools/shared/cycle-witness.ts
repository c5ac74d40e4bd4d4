import { makesCycle, type CycleEdges } from '../../engine/deps/index.js';
import type { DependencyEdge } from '../../engine/types.js';

// A cycle as a path a reader can follow. An import cycle is reported by the engines as a
// strongly connected component (the set of files tangled together); listing that set joined
// by arrows reads as a chain of imports that may not exist. The witness is a shortest real
// cycle through the component, every step an edge that makes cycles.

/** BFS starts per component: a shortest cycle through each of its first members (sorted), the shortest of those. */
const STARTS = 64;

export interface CycleDetail {
  size: number;
  /** a → b → … → a: files, the first repeated at the end. */
  path: string[];
}

function shortestCycleThrough(start: string, successors: Map<string, string[]>): string[] | undefined {
  const parent = new Map<string, string>([[start, start]]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const u of frontier) {
      for (const v of successors.get(u) ?? []) {
        if (v === start) {
          const path = [start];
          for (let w = u; w !== start; w = parent.get(w)!) path.push(w);
          return [start, ...path.slice(1).reverse(), start];
        }
        if (!parent.has(v)) {
          parent.set(v, u);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

export function cycleWitnesses(
  cycles: string[][],
  edges: readonly DependencyEdge[],
  options: CycleEdges,
): CycleDetail[] {
  const componentOf = new Map<string, number>();
  cycles.forEach((c, i) => c.forEach((f) => componentOf.set(f, i)));
  const successors = new Map<string, string[]>();
  for (const e of edges) {
    const c = componentOf.get(e.from);
    if (c === undefined || componentOf.get(e.to) !== c || !makesCycle(e, options)) continue;
    const list = successors.get(e.from);
    if (list) list.push(e.to);
    else successors.set(e.from, [e.to]);
  }
  return cycles.map((members) => {
    let best: string[] | undefined;
    for (const start of members.slice(0, STARTS)) {
      const path = shortestCycleThrough(start, successors);
      if (path && (!best || path.length < best.length)) best = path;
      if (best && best.length <= 3) break; // a → b → a (or a → a): none is shorter
    }
    return { size: members.length, path: best ?? members };
  });
}
