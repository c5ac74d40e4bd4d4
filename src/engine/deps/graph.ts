import { languageOf } from '../languages.js';
import type { DependencyEdge, DependencyGraph, DependencyNode, DependencyOptions, EdgeTargetKind } from '../types.js';
import { stronglyConnected } from './tarjan.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface GraphInput {
  /** The analysed files (every one is a node, even without edges). */
  files: readonly string[];
  /** Every resolved edge, externals included; duplicates allowed. */
  edges: readonly DependencyEdge[];
  unresolved: DependencyGraph['unresolved'];
}

/**
 * Builds the graph result. Decisions both engines share: an edge is unique per
 * (from, to, kind), keeping the first line; fanIn/fanOut count distinct neighbouring
 * files over file edges of every kind (externals never change a file's numbers, so
 * includeExternal does not change them); an external node's fanIn counts its importers;
 * orphans are analysed files without file edges either way; cycles are import-time cycles
 * (`makesCycle`). Everything is sorted by path / id.
 */
export function buildGraph(input: GraphInput, options: DependencyOptions): DependencyGraph {
  const edges = dedupe(input.edges).filter((e) => e.target === 'file' || options.includeExternal);
  const nodes = new Map<string, { kind: EdgeTargetKind; ins: Set<string>; outs: Set<string> }>();
  const node = (id: string, kind: EdgeTargetKind) => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { kind, ins: new Set(), outs: new Set() }));
    return n;
  };
  for (const file of input.files) node(file, 'file');
  for (const e of edges) {
    node(e.from, 'file');
    const target = node(e.to, e.target);
    target.ins.add(e.from);
    if (e.target === 'file') nodes.get(e.from)!.outs.add(e.to);
  }
  const ids = [...nodes.keys()].sort(byString);
  return {
    nodes: ids.map((id) => toNode(id, nodes.get(id)!)),
    edges,
    cycles: findCycles(ids, edges, options),
    unresolved: [...input.unresolved].sort(
      (a, b) => byString(a.from, b.from) || a.line - b.line || byString(a.specifier, b.specifier),
    ),
    orphans: input.files.filter((f) => nodes.get(f)!.ins.size === 0 && nodes.get(f)!.outs.size === 0).sort(byString),
  };
}

function toNode(id: string, n: { kind: EdgeTargetKind; ins: Set<string>; outs: Set<string> }): DependencyNode {
  const fanIn = n.ins.size;
  const fanOut = n.outs.size;
  const language = n.kind === 'file' ? languageOf(id) : undefined;
  return {
    id,
    kind: n.kind,
    ...(language ? { language } : {}),
    fanIn,
    fanOut,
    instability: fanIn + fanOut === 0 ? 0 : fanOut / (fanIn + fanOut),
  };
}

function dedupe(edges: readonly DependencyEdge[]): DependencyEdge[] {
  const best = new Map<string, DependencyEdge>();
  for (const e of edges) {
    const key = `${e.from}\0${e.to}\0${e.kind}`;
    const seen = best.get(key);
    if (!seen || e.line < seen.line) best.set(key, e);
  }
  return [...best.values()].sort(
    (a, b) => byString(a.from, b.from) || byString(a.to, b.to) || byString(a.kind, b.kind) || a.line - b.line,
  );
}

/** The options that widen which edges make cycles. */
export type CycleEdges = Pick<DependencyOptions, 'includeTypeEdges' | 'includeDynamicEdges'>;

/**
 * Whether an edge can close an import cycle (METRICS.md): a file edge that runs when its
 * module is imported (`static`, `reexport`); `type` and `dynamic` ones only when asked.
 */
export function makesCycle(e: DependencyEdge, options: CycleEdges): boolean {
  if (e.target !== 'file') return false;
  if (e.kind === 'type') return options.includeTypeEdges === true;
  if (e.kind === 'dynamic') return options.includeDynamicEdges === true;
  return true;
}

function findCycles(ids: string[], edges: DependencyEdge[], options: CycleEdges): string[][] {
  const successors = new Map<string, string[]>();
  const selfLoops = new Set<string>();
  for (const e of edges) {
    if (!makesCycle(e, options)) continue;
    if (e.from === e.to) selfLoops.add(e.from);
    const list = successors.get(e.from);
    if (list) list.push(e.to);
    else successors.set(e.from, [e.to]);
  }
  return stronglyConnected(ids, successors)
    .filter((c) => c.length > 1 || selfLoops.has(c[0]!))
    .map((c) => c.sort(byString))
    .sort((a, b) => byString(a[0]!, b[0]!));
}
