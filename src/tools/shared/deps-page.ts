import { renderDot, renderMermaid } from '../../engine/deps/index.js';
import type { DependencyEdge, DependencyGraph, DependencyNode, SkippedFile } from '../../engine/types.js';
import { budgetFor, fitPage, fitsBudget, type Budget } from './budget.js';
import { cycleWitnesses } from './cycle-witness.js';
import type { Detail } from './detail.js';
import { renderDepsText } from './deps-text.js';
import { decodeCursor, nextCursorAfter, truncationNote } from './paging.js';

// One page of analyze_dependencies under the answer budget. The first page carries the
// overview (counts, cycles with a witness path each, most depended-on and most depending
// files, samples of unresolved imports and orphans); at standard and full, pages go through
// the nodes in id order, each page with its nodes' figures and, at full, their edges.

export interface DepsPageArgs {
  format?: 'json' | 'mermaid' | 'dot' | undefined;
  includeTypeEdges?: boolean | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  maxTokens?: number | undefined;
}

const TOP = 10;
const SAMPLE = 20;
const SKIPPED_LISTED = 20;
const NARROW = 'a narrower path, include/exclude globs or languages, or detail "summary"';

function topBy(nodes: DependencyNode[], key: 'fanIn' | 'fanOut'): DependencyNode[] {
  return nodes
    .filter((n) => n.kind === 'file' && n[key] > 0)
    .sort((a, b) => b[key] - a[key] || (a.id < b.id ? -1 : 1))
    .slice(0, TOP);
}

/** The largest n in [0, max] that fits (0 when even one does not). */
function countFitting(max: number, fits: (n: number) => boolean): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The overview of the first page; cycles (each whole) as many as fit `budget`. */
function overview(graph: DependencyGraph, args: DepsPageArgs, budget: Budget) {
  const details = cycleWitnesses(graph.cycles, graph.edges, args.includeTypeEdges === true);
  const base = {
    mostDependedOn: topBy(graph.nodes, 'fanIn'),
    mostDependent: topBy(graph.nodes, 'fanOut'),
    unresolvedSample: graph.unresolved.slice(0, SAMPLE),
    orphansSample: graph.orphans.slice(0, SAMPLE),
  };
  const withCycles = (witnesses: number, members: number) => ({
    ...base,
    cycleDetails: details.slice(0, witnesses),
    cycles: graph.cycles.slice(0, members),
  });
  const fits = (o: ReturnType<typeof withCycles>) => fitsBudget(o, (x) => renderDepsText({ ...emptyPage(), ...x, summary: summaryOf(graph, 0, false) }), budget);
  const witnesses = countFitting(details.length, (n) => fits(withCycles(n, 0)));
  const members = countFitting(witnesses, (n) => fits(withCycles(witnesses, n)));
  return withCycles(witnesses, members);
}

function summaryOf(graph: DependencyGraph, files: number, truncated: boolean) {
  return { files, nodes: graph.nodes.length, edges: graph.edges.length, cycles: graph.cycles.length, unresolved: graph.unresolved.length, orphans: graph.orphans.length, truncated };
}

function emptyPage() {
  return { detail: 'summary' as Detail, nodes: [], edges: [], unresolved: [], orphans: [], cycles: [], cycleDetails: [], mostDependedOn: [], mostDependent: [], skipped: [], skippedTotal: 0, total: 0 };
}

function rendering(format: DepsPageArgs['format'], graph: DependencyGraph, nodes: DependencyNode[], edges: DependencyEdge[]): string | undefined {
  if (format !== 'mermaid' && format !== 'dot') return undefined;
  // The page's nodes and the nodes its edges lead to, so every edge has both ends.
  const ids = new Set(nodes.map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const targets = edges.filter((e) => !ids.has(e.to) && byId.has(e.to)).map((e) => (ids.add(e.to), byId.get(e.to)!));
  const sub = { nodes: [...nodes, ...targets], edges, cycles: [], unresolved: [], orphans: [] };
  return format === 'mermaid' ? renderMermaid(sub) : renderDot(sub);
}

export function depsPage(graph: DependencyGraph, filesAnalysed: number, skipped: SkippedFile[], detail: Detail, args: DepsPageArgs, serverTokens: number) {
  const budget = budgetFor(args.maxTokens, serverTokens);
  const start = decodeCursor(args.cursor);
  const first = start === 0;
  const paged = detail !== 'summary';
  const head = first ? overview(graph, args, paged ? { tokens: budget.tokens / 2, chars: budget.chars / 2 } : budget) : undefined;
  const edgesFrom = new Map<string, DependencyEdge[]>();
  for (const e of graph.edges) (edgesFrom.get(e.from) ?? edgesFrom.set(e.from, []).get(e.from)!).push(e);
  const orphanSet = new Set(graph.orphans);
  const total = paged ? graph.nodes.length : 0;

  const build = (count: number, edgeCap?: number) => {
    const nodes = graph.nodes.slice(start, start + count);
    const ids = new Set(nodes.map((n) => n.id));
    const all = detail === 'full' ? nodes.flatMap((n) => edgesFrom.get(n.id) ?? []) : [];
    const edges = edgeCap === undefined ? all : all.slice(0, edgeCap);
    const nextCursor = nextCursorAfter(start, count, total);
    const cyclesCut = head ? graph.cycles.length - head.cycles.length : 0;
    const cut = cyclesCut > 0 ? [`${cyclesCut} of ${graph.cycles.length} cycles listed by size and witness path only (cycleDetails), not by members`] : [];
    if (edges.length < all.length) cut.push(`edges of ${nodes[0]!.id}: ${edges.length} of ${all.length} listed (analyse a narrower path to see the rest)`);
    const truncated = paged ? truncationNote({ unit: 'nodes', start, count, total, nextCursor, cut, budgetTokens: budget.tokens, narrow: NARROW }) : cut.length > 0 ? `Cut to fit: ${cut[0]}. To see them: ${NARROW}.` : undefined;
    const rendered = rendering(args.format, graph, nodes, edges);
    return {
      detail,
      summary: summaryOf(graph, filesAnalysed, truncated !== undefined),
      ...(head ? { cycles: head.cycles, cycleDetails: head.cycleDetails, mostDependedOn: head.mostDependedOn, mostDependent: head.mostDependent } : { cycles: [], cycleDetails: [], mostDependedOn: [], mostDependent: [] }),
      nodes,
      edges,
      unresolved: paged ? graph.unresolved.filter((u) => ids.has(u.from)) : (head?.unresolvedSample ?? []),
      orphans: paged ? nodes.filter((n) => orphanSet.has(n.id)).map((n) => n.id) : (head?.orphansSample ?? []),
      skipped: first ? skipped.slice(0, SKIPPED_LISTED) : [],
      skippedTotal: skipped.length,
      total,
      ...(nextCursor ? { nextCursor } : {}),
      ...(truncated ? { truncated } : {}),
      ...(rendered !== undefined ? { rendering: rendered } : {}),
    };
  };
  const innerMax = detail === 'full' ? (edgesFrom.get(graph.nodes[start]?.id ?? '')?.length ?? 0) : undefined;
  return fitPage({ total, start, limit: args.limit ?? 1000, budget, render: renderDepsText, build, ...(innerMax !== undefined ? { innerMax } : {}) }).data;
}
