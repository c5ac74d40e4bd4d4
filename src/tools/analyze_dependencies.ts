import { z } from 'zod';
import { renderDot, renderMermaid } from '../engine/deps/index.js';
import { defineTool } from './define.js';
import { runAnalysis } from './shared/run-analysis.js';
import { FilterFields, PathField, SessionIdField, SkippedSchema } from './shared/schemas.js';

const ImportKindSchema = z.enum(['static', 'dynamic', 'type', 'reexport']);

export const analyzeDependencies = defineTool({
  name: 'analyze_dependencies',
  title: 'Analyse dependencies',
  description:
    'The import graph of a directory: which file depends on which (static, dynamic, type-only and re-export edges), import cycles, unresolvable relative imports, orphan files, and per-file fan-in, fan-out and instability; optionally external packages too, and a Mermaid or Graphviz DOT rendering. Use it before moving or splitting modules, to break cycles, or to see what a change can affect.',
  category: 'analysis',
  tags: ['dependencies', 'imports', 'graph', 'cycles', 'coupling', 'architecture', 'mermaid', 'dot'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['analyze_structure', 'analyze_complexity'],
  examples: [
    { description: 'Cycles and coupling of a source tree', arguments: { path: 'src' } },
    { description: 'A Mermaid diagram including npm packages', arguments: { path: 'src', format: 'mermaid', includeExternal: true } },
    { description: 'Cycles including type-only imports', arguments: { path: '.', includeTypeEdges: true, languages: ['typescript'] } },
  ],
  inputSchema: z.object({
    path: PathField,
    ...FilterFields,
    format: z.enum(['json', 'mermaid', 'dot']).optional().describe('Also render the graph as Mermaid or Graphviz DOT (default json only).'),
    includeExternal: z.boolean().optional().describe('Add external packages and builtins as nodes (default false).'),
    includeTypeEdges: z.boolean().optional().describe('Let type-only imports form cycles (default false: they cannot cause load-order problems).'),
    limit: z.number().int().min(1).max(100_000).optional().describe('Most nodes and most edges returned (default 1000); cycles are always complete.'),
    sessionId: SessionIdField,
  }),
  dataSchema: z.object({
    nodes: z.array(
      z.object({
        id: z.string().describe('File path relative to the root, or the package name.'),
        kind: z.enum(['file', 'external', 'builtin']),
        language: z.string().optional(),
        fanIn: z.number(),
        fanOut: z.number(),
        instability: z.number().describe('fanOut / (fanIn + fanOut); 0 for an isolated node.'),
      }),
    ),
    edges: z.array(z.object({ from: z.string(), to: z.string(), kind: ImportKindSchema, line: z.number(), target: z.enum(['file', 'external', 'builtin']) })),
    cycles: z.array(z.array(z.string())).describe('Each a strongly connected set of files (or a file importing itself).'),
    unresolved: z.array(z.object({ from: z.string(), specifier: z.string(), line: z.number() })),
    orphans: z.array(z.string()).describe('Files that import nothing and are imported by nothing.'),
    summary: z.object({
      files: z.number(),
      nodes: z.number(),
      edges: z.number(),
      cycles: z.number(),
      unresolved: z.number(),
      truncated: z.boolean().describe('true when nodes, edges or unresolved were cut to limit.'),
    }),
    rendering: z.string().optional().describe('The Mermaid or DOT text, when format asked for one.'),
    skipped: SkippedSchema,
  }),
  async handler(args, ctx) {
    const run = await runAnalysis(args, ctx);
    const graph = await run.engine.dependencies(run.result, run.target.root, {
      includeExternal: args.includeExternal ?? false,
      includeTypeEdges: args.includeTypeEdges ?? false,
    });
    const limit = args.limit ?? 1000;
    const truncated = graph.nodes.length > limit || graph.edges.length > limit || graph.unresolved.length > limit;
    const rendering = args.format === 'mermaid' ? renderMermaid(graph) : args.format === 'dot' ? renderDot(graph) : undefined;
    return {
      data: {
        nodes: graph.nodes.slice(0, limit),
        edges: graph.edges.slice(0, limit),
        cycles: graph.cycles,
        unresolved: graph.unresolved.slice(0, limit),
        orphans: graph.orphans.slice(0, limit),
        summary: {
          files: run.result.files.length,
          nodes: graph.nodes.length,
          edges: graph.edges.length,
          cycles: graph.cycles.length,
          unresolved: graph.unresolved.length,
          truncated,
        },
        ...(rendering !== undefined ? { rendering } : {}),
        skipped: run.result.skipped,
      },
      engine: run.engine.kind,
      cache: run.cache,
    };
  },
});
