import type { FileHead } from '../../analysis/file-heads.js';
import type { DependencyGraph } from '../../engine/types.js';
import { fingerprintOf, type Violation } from '../../gate/violation.js';
import type { ToolContext } from '../define.js';
import { cycleWitnesses } from './cycle-witness.js';
import type { AnalysisRun } from './run-analysis.js';

// The quality gate's violations, found over one whole analysis (a snapshot) with the same
// machinery as the other tools: function thresholds are checked on the snapshot's file heads
// (each holds its functions' cyclomatic and cognitive pairs), and only the files that have a
// function over a limit have their full results fetched, a batch at a time, for the functions'
// names and lines; fan-out and cycles come from the snapshot's dependency graph (built once
// per snapshot). So memory held is the snapshot's heads plus one batch plus the violations.

export interface GateThresholds {
  maxCyclomatic?: number | undefined;
  maxCognitive?: number | undefined;
  maxFanOut?: number | undefined;
  noCycles?: boolean | undefined;
}

/** Full results fetched at once: a batch of the files with a violating function. */
const DETAIL_BATCH = 64;

const limit = (max: number | undefined) => max ?? Number.POSITIVE_INFINITY;

function overLimit(head: FileHead, t: GateThresholds): boolean {
  const c = head.complexity;
  const cyc = limit(t.maxCyclomatic);
  const cog = limit(t.maxCognitive);
  for (let i = 0; i < c.length; i += 2) if (c[i]! > cyc || c[i + 1]! > cog) return true;
  return false;
}

async function functionViolations(run: AnalysisRun, t: GateThresholds, out: Violation[]): Promise<void> {
  if (t.maxCyclomatic === undefined && t.maxCognitive === undefined) return;
  const heads = run.snapshot.files.filter((h) => overLimit(h, t));
  for (let i = 0; i < heads.length; i += DETAIL_BATCH) {
    for (const file of await run.details(heads.slice(i, i + DETAIL_BATCH))) {
      for (const fn of file.functions) {
        const at = { path: file.path, name: fn.name, kind: fn.kind, startLine: fn.startLine, endLine: fn.endLine };
        if (t.maxCyclomatic !== undefined && fn.cyclomatic > t.maxCyclomatic)
          out.push(made({ rule: 'max-cyclomatic', ...at, value: fn.cyclomatic, threshold: t.maxCyclomatic }));
        if (t.maxCognitive !== undefined && fn.cognitive > t.maxCognitive)
          out.push(made({ rule: 'max-cognitive', ...at, value: fn.cognitive, threshold: t.maxCognitive }));
      }
    }
  }
}

function made(v: Omit<Violation, 'fingerprint'>): Violation {
  return { ...v, fingerprint: fingerprintOf(v) };
}

/**
 * Each file's first and last line importing another file (where a fan-out violation points), and the line of each
 * file-to-file step.
 */
function importLines(graph: DependencyGraph): { span: Map<string, [number, number]>; step: Map<string, number> } {
  const span = new Map<string, [number, number]>();
  const step = new Map<string, number>();
  for (const e of graph.edges) {
    if (e.target !== 'file') continue;
    const seen = span.get(e.from);
    span.set(e.from, seen ? [Math.min(seen[0], e.line), Math.max(seen[1], e.line)] : [e.line, e.line]);
    const key = `${e.from}\0${e.to}`;
    step.set(key, Math.min(step.get(key) ?? e.line, e.line));
  }
  return { span, step };
}

function graphViolations(graph: DependencyGraph, t: GateThresholds, out: Violation[]): void {
  const { span, step } = importLines(graph);
  if (t.maxFanOut !== undefined) {
    for (const node of graph.nodes) {
      if (node.kind !== 'file' || node.fanOut <= t.maxFanOut) continue;
      const [startLine, endLine] = span.get(node.id) ?? [1, 1];
      out.push(
        made({
          rule: 'max-fan-out',
          path: node.id,
          kind: 'file',
          startLine,
          endLine,
          value: node.fanOut,
          threshold: t.maxFanOut,
        }),
      );
    }
  }
  if (!t.noCycles) return;
  // The gate's cycles are the import-time cycles analyze_dependencies reports by default.
  const witnesses = cycleWitnesses(graph.cycles, graph.edges, {});
  graph.cycles.forEach((members, i) => {
    const cycle = witnesses[i]!.path;
    const first = cycle[0]!;
    // Points at the import that starts the path the message shows.
    const line = step.get(`${first}\0${cycle[1] ?? first}`) ?? span.get(first)?.[0] ?? 1;
    out.push(
      made({
        rule: 'no-cycles',
        path: first,
        kind: 'cycle',
        startLine: line,
        endLine: line,
        value: members.length,
        members,
        cycle,
      }),
    );
  });
}

/** Every violation of the thresholds in one analysis, in no particular order. */
export async function gateViolations(run: AnalysisRun, t: GateThresholds, ctx: ToolContext): Promise<Violation[]> {
  const out: Violation[] = [];
  await functionViolations(run, t, out);
  if (t.maxFanOut !== undefined || t.noCycles) {
    const graph = await ctx.deps.analyses.graph(run.engine, run.snapshot, run.target.root, { includeExternal: false });
    graphViolations(graph, t, out);
  }
  return out;
}
