import type { SymbolIndex, SymbolRef } from '../../navigation/symbol-index.js';
import { symbolAtPosition } from '../../navigation/queries.js';
import type { FileTags } from '../../engine/tags.js';
import type { DependencyGraph } from '../../engine/types.js';
import { ToolError } from '../../envelope/errors.js';
import type { ToolContext } from '../define.js';
import { runAnalysis, type AnalysisRun } from './run-analysis.js';

export interface Navigated {
  index: SymbolIndex;
  graph: DependencyGraph;
  run: AnalysisRun;
  /** A path of the call (relative to the first root, or absolute) as the index names files: from the root. */
  relative(path: string): Promise<string>;
}

/**
 * The symbol index of a tree: its imports-only analysis (a snapshot, reused while the tree is
 * unchanged), the dependency graph with every kind of edge, and the tags of its files.
 */
export async function navigate(path: string, ctx: ToolContext): Promise<Navigated> {
  // A fresh analysis hands over each file's tags from its own parse: the index parses nothing again.
  const fresh = new Map<string, FileTags>();
  const run = await runAnalysis({ path, importsOnly: true, onTags: (t) => fresh.set(t.path, t) }, ctx);
  const graph = await ctx.deps.analyses.graph(run.engine, run.snapshot, run.target.root, {
    includeTypeEdges: true,
    includeDynamicEdges: true,
  });
  const index = await ctx.deps.navigation.index(run.engine, run.snapshot, run.target.root, graph, ctx.signal, fresh);
  return {
    index,
    graph,
    run,
    async relative(p: string) {
      const resolved = await ctx.deps.roots.resolve(p);
      if (resolved.root !== run.target.root)
        throw new ToolError('INVALID_ARGUMENT', `${p} is under another root than the indexed path.`, { path: p });
      return resolved.relative;
    },
  };
}

/** The symbol a call names: a position (line, column) in a file, or a name defined in a file. */
export async function targetOf(
  nav: Navigated,
  args: { path: string; line?: number | undefined; column?: number | undefined; symbol?: string | undefined },
): Promise<SymbolRef> {
  const file = await nav.relative(args.path);
  if (!nav.index.file(file))
    throw new ToolError('NOT_FOUND', `${args.path} is not a file of the indexed tree (or not a supported language).`, {
      path: args.path,
    });
  if (args.symbol !== undefined) {
    const defs = nav.index.definitionsNamed(args.symbol).filter((r) => r.path === file);
    const def = defs.find((r) => !r.def.container) ?? defs[0];
    if (!def)
      throw new ToolError('NOT_FOUND', `${args.path} defines no symbol named ${args.symbol}.`, {
        path: args.path,
        symbol: args.symbol,
      });
    return def;
  }
  if (args.line === undefined)
    throw new ToolError('INVALID_ARGUMENT', 'Give line (and column) of the symbol, or symbol: its name in path.');
  const at = symbolAtPosition(nav.index, file, args.line, args.column ?? 1);
  if (at.target) return at.target;
  const where = `${args.path}:${args.line}${args.column ? `:${args.column}` : ''}`;
  if (at.candidates.length > 0)
    throw new ToolError(
      'NOT_FOUND',
      `The name at ${where} may mean ${at.candidates.length} definitions; name one with path and symbol.`,
      { candidates: at.candidates.slice(0, 10).map((c) => ({ path: c.path, name: c.def.name, line: c.def.line })) },
    );
  throw new ToolError('NOT_FOUND', `No definition or resolvable name at ${where} (line and column are 1-based).`, {
    path: args.path,
    line: args.line,
  });
}
