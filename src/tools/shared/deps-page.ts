import { renderDot, renderMermaid, type CycleEdges } from '../../engine/deps/index.js';
import type { DependencyEdge, DependencyGraph, DependencyNode, SkippedFile } from '../../engine/types.js';
import { budgetFor, countFitting, fitPage, fitsBudget, type Budget } from './budget.js';
import { cycleWitnesses } from './cycle-witness.js';
import type { Detail } from './detail.js';
import { renderDepsText } from './deps-text.js';
import { nextCursorAfter, truncationNote, type Paging } from './paging.js';

// One page of analyze_dependencies under the answer budget. The first page carries the
// overview (counts, cycles with a witness path each, most depended-on and most depending
// files, samples of unresolved imports and orphans); at standard and full, pages go through
// the nodes in id order, each page with its nodes' figures and, at full, their edges.

export interface DepsPageArgs {
  format?: 'json' | 'mermaid' | 'dot' | undefined;
  includeTypeEdges?: boolean | undefined;
  includeDynamicEdges?: boolean | undefined;
  limit?: number | undefined;
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

function summaryOf(graph: DependencyGraph, files: number, truncated: boolean) {
  const { nodes, edges, cycles, unresolved, orphans } = graph;
  return {
    files,
    nodes: nodes.length,
    edges: edges.length,
    cycles: cycles.length,
    unresolved: unresolved.length,
    orphans: orphans.length,
    truncated,
  };
}

type Overview = ReturnType<typeof overview>;

/**
 * The first page's overview within `budget`: every cycle's witness path that fits, then the
 * member lists of as many of those cycles as fit (each list whole, never cut inside).
 */
function overview(graph: DependencyGraph, cycleEdges: CycleEdges, budget: Budget) {
  const details = cycleWitnesses(graph.cycles, graph.edges, cycleEdges);
  const base = {
    mostDependedOn: topBy(graph.nodes, 'fanIn'),
    mostDependent: topBy(graph.nodes, 'fanOut'),
    unresolved: graph.unresolved.slice(0, SAMPLE),
    orphans: graph.orphans.slice(0, SAMPLE),
  };
  const withCycles = (witnesses: number, members: number) => ({
    ...base,
    cycleDetails: details.slice(0, witnesses),
    cycles: graph.cycles.slice(0, members),
  });
  const asPage = (o: ReturnType<typeof withCycles>) => ({
    detail: 'summary' as Detail,
    summary: summaryOf(graph, 0, false),
    nodes: [],
    edges: [],
    skipped: [],
    skippedTotal: 0,
    total: 0,
    ...o,
  });
  const fits = (o: ReturnType<typeof withCycles>) => fitsBudget(asPage(o), renderDepsText, budget);
  const witnesses = countFitting(details.length, (n) => fits(withCycles(n, 0)));
  return withCycles(
    witnesses,
    countFitting(witnesses, (n) => fits(withCycles(witnesses, n))),
  );
}

/** Mermaid or DOT of the page's nodes and the nodes its edges lead to, so every edge has both ends. */
function rendering(
  format: DepsPageArgs['format'],
  graph: DependencyGraph,
  nodes: DependencyNode[],
  edges: DependencyEdge[],
): string | undefined {
  if (format !== 'mermaid' && format !== 'dot') return undefined;
  const ids = new Set(nodes.map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const targets = edges.filter((e) => !ids.has(e.to) && byId.has(e.to)).map((e) => (ids.add(e.to), byId.get(e.to)!));
  const sub = { nodes: [...nodes, ...targets], edges, cycles: [], unresolved: [], orphans: [] };
  return format === 'mermaid' ? renderMermaid(sub) : renderDot(sub);
}

interface Page {
  graph: DependencyGraph;
  detail: Detail;
  paging: Paging;
  start: number;
  budget: Budget;
  head: Overview | undefined;
  edgesFrom: Map<string, DependencyEdge[]>;
  format: DepsPageArgs['format'];
  base: { summaryFiles: number; skipped: SkippedFile[]; skippedTotal: number };
}

/** What this page says it left out: cycles listed without members, edges of a node cut to fit. */
function cutNotes(p: Page, nodes: DependencyNode[], edges: number, allEdges: number): string[] {
  const cut: string[] = [];
  const cyclesCut = p.head ? p.graph.cycles.length - p.head.cycles.length : 0;
  if (cyclesCut > 0)
    cut.push(
      `${cyclesCut} of ${p.graph.cycles.length} cycles listed by size and witness path only (cycleDetails), not by members`,
    );
  if (edges < allEdges)
    cut.push(`edges of ${nodes[0]!.id}: ${edges} of ${allEdges} listed (analyse a narrower path to see the rest)`);
  return cut;
}

function buildPage(p: Page, count: number, edgeCap?: number) {
  const { graph, detail, start, head } = p;
  const paged = detail !== 'summary';
  const total = paged ? graph.nodes.length : 0;
  const nodes = graph.nodes.slice(start, start + count);
  const all = detail === 'full' ? nodes.flatMap((n) => p.edgesFrom.get(n.id) ?? []) : [];
  const edges = edgeCap === undefined ? all : all.slice(0, edgeCap);
  const nextCursor = nextCursorAfter(p.paging, count, total);
  const cut = cutNotes(p, nodes, edges.length, all.length);
  const truncated = paged
    ? truncationNote({
        unit: 'nodes',
        start,
        count,
        total,
        nextCursor,
        cut,
        budgetTokens: p.budget.tokens,
        narrow: NARROW,
      })
    : cut.length > 0
      ? `Cut to fit: ${cut.join('; ')}. To see them: ${NARROW}.`
      : undefined;
  const ids = new Set(nodes.map((n) => n.id));
  const rendered = rendering(p.format, graph, nodes, edges);
  return {
    detail,
    summary: summaryOf(graph, p.base.summaryFiles, truncated !== undefined),
    cycles: head?.cycles ?? [],
    cycleDetails: head?.cycleDetails ?? [],
    mostDependedOn: head?.mostDependedOn ?? [],
    mostDependent: head?.mostDependent ?? [],
    nodes,
    edges,
    unresolved: paged ? graph.unresolved.filter((u) => ids.has(u.from)) : (head?.unresolved ?? []),
    orphans: paged ? graph.orphans.filter((o) => ids.has(o)) : (head?.orphans ?? []),
    skipped: p.base.skipped,
    skippedTotal: p.base.skippedTotal,
    total,
    ...(nextCursor ? { nextCursor } : {}),
    ...(truncated ? { truncated } : {}),
    ...(rendered !== undefined ? { rendering: rendered } : {}),
  };
}

export function depsPage(
  graph: DependencyGraph,
  filesAnalysed: number,
  skipped: SkippedFile[],
  detail: Detail,
  paging: Paging,
  args: DepsPageArgs,
  serverTokens: number,
) {
  const budget = budgetFor(args.maxTokens, serverTokens);
  const start = paging.start;
  const paged = detail !== 'summary';
  // Pages of nodes leave half the budget to the nodes; a summary gives the overview all of it.
  const overviewBudget = paged ? { tokens: budget.tokens / 2, chars: budget.chars / 2 } : budget;
  const edgesFrom = new Map<string, DependencyEdge[]>();
  for (const e of graph.edges) {
    const list = edgesFrom.get(e.from);
    if (list) list.push(e);
    else edgesFrom.set(e.from, [e]);
  }
  const page: Page = {
    graph,
    detail,
    paging,
    start,
    budget,
    head:
      start === 0
        ? overview(
            graph,
            {
              includeTypeEdges: args.includeTypeEdges === true,
              includeDynamicEdges: args.includeDynamicEdges === true,
            },
            overviewBudget,
          )
        : undefined,
    edgesFrom,
    format: args.format,
    base: {
      summaryFiles: filesAnalysed,
      skipped: start === 0 ? skipped.slice(0, SKIPPED_LISTED) : [],
      skippedTotal: skipped.length,
    },
  };
  const total = paged ? graph.nodes.length : 0;
  const innerMax = detail === 'full' ? { innerMax: edgesFrom.get(graph.nodes[start]?.id ?? '')?.length ?? 0 } : {};
  return fitPage({
    total,
    start,
    limit: args.limit ?? 1000,
    budget,
    render: renderDepsText,
    build: (n: number, cap?: number) => buildPage(page, n, cap),
    ...innerMax,
  }).data;
}
