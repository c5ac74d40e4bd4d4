import { z } from 'zod';
import { defineTool } from './define.js';
import { MaxTokensField } from './shared/budget.js';
import { depsPage } from './shared/deps-page.js';
import { renderDepsText } from './shared/deps-text.js';
import { DetailEnum } from './shared/detail.js';
import { runAnalysis } from './shared/run-analysis.js';
import {
  CursorField,
  FilterFields,
  PathField,
  SessionIdField,
  SkippedSchema,
  SkippedTotalField,
  TruncatedField,
} from './shared/schemas.js';

const ImportKindSchema = z.enum(['static', 'dynamic', 'type', 'reexport']);

const NodeSchema = z.object({
  id: z.string().describe('File path relative to the root, or the package name.'),
  kind: z.enum(['file', 'external', 'builtin']),
  language: z.string().optional(),
  fanIn: z.number(),
  fanOut: z.number(),
  instability: z.number().describe('fanOut / (fanIn + fanOut); 0 for an isolated node.'),
});

export const analyzeDependencies = defineTool({
  name: 'analyze_dependencies',
  title: 'Analyse dependencies',
  description:
    'The import graph of a directory: which file depends on which (static, dynamic, type-only and re-export edges), import cycles (each with a shortest real cycle to follow), unresolvable relative imports, orphan files, and per-file fan-in, fan-out and instability; optionally external packages too, and a Mermaid or Graphviz DOT rendering. Use it before moving or splitting modules, to break cycles, or to see what a change can affect. Cheap path first: the default detail "summary" gives the counts, the cycles, the most depended-on and most depending files and samples of unresolved imports and orphans; detail "standard" pages through every node with its fan-in and fan-out, and "full" adds each node\'s edges. Answers are cut to a size budget (maxTokens, default 8000 tokens); data.nextCursor continues and data.truncated says what was left out.',
  category: 'analysis',
  tags: ['dependencies', 'imports', 'graph', 'cycles', 'coupling', 'architecture', 'mermaid', 'dot'],
  version: '1.2.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['analyze_structure', 'analyze_complexity'],
  examples: [
    { description: 'Cycles and the most coupled files of a source tree', arguments: { path: 'src' } },
    {
      description: 'Every file with its fan-in and fan-out, page by page',
      arguments: { path: 'src', detail: 'standard' },
    },
    {
      description: 'Every edge of a package, with a Mermaid diagram including npm packages',
      arguments: { path: 'src/engine', format: 'mermaid', includeExternal: true },
    },
    {
      description: 'Cycles including type-only imports',
      arguments: { path: '.', includeTypeEdges: true, languages: ['typescript'] },
    },
  ],
  inputSchema: z.strictObject({
    path: PathField,
    ...FilterFields,
    detail: DetailEnum.optional().describe(
      "summary (default): counts, cycles, most coupled files, samples; standard: also every node with fan-in/fan-out, paged; full (default when format asks for a rendering): also the edges of the page's nodes.",
    ),
    format: z
      .enum(['json', 'mermaid', 'dot'])
      .optional()
      .describe("Also render the page's nodes and edges as Mermaid or Graphviz DOT (default json only)."),
    includeExternal: z.boolean().optional().describe('Add external packages and builtins as nodes (default false).'),
    includeTypeEdges: z
      .boolean()
      .optional()
      .describe(
        'Let type-only imports (TypeScript import type, Python under if TYPE_CHECKING) form cycles (default false: they never run).',
      ),
    includeDynamicEdges: z
      .boolean()
      .optional()
      .describe(
        'Let dynamic imports (import(), require() inside functions, Python imports inside functions, importlib.import_module) form cycles (default false: cycles are import-time cycles).',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe(
        'Most nodes per page (default 1000), each with its edges at detail full; the size budget may hold fewer.',
      ),
    cursor: CursorField,
    maxTokens: MaxTokensField,
    sessionId: SessionIdField,
  }),
  dataSchema: z.object({
    detail: DetailEnum.describe('The detail of this answer.'),
    nodes: z.array(NodeSchema).describe("This page's nodes, in id order (detail standard and full)."),
    edges: z
      .array(
        z.object({
          from: z.string(),
          to: z.string(),
          kind: ImportKindSchema,
          line: z.number(),
          target: z.enum(['file', 'external', 'builtin']),
        }),
      )
      .describe("The edges from this page's nodes (detail full)."),
    cycles: z
      .array(z.array(z.string()))
      .describe(
        'First page: each import cycle as its strongly connected set of files (or a file importing itself), as many as fit; summary.cycles counts all.',
      ),
    cycleDetails: z
      .array(
        z.object({
          size: z.number(),
          path: z
            .array(z.string())
            .describe('A shortest real cycle through the set: a → b → … → a, every step an edge.'),
        }),
      )
      .describe(
        'First page: in the same order as cycles (possibly longer: a witness is listed even when its member list did not fit).',
      ),
    mostDependedOn: z.array(NodeSchema).describe('First page: the 10 files with the highest fan-in.'),
    mostDependent: z.array(NodeSchema).describe('First page: the 10 files with the highest fan-out.'),
    unresolved: z
      .array(z.object({ from: z.string(), specifier: z.string(), line: z.number() }))
      .describe("Summary: the first 20; standard and full: those of this page's nodes."),
    orphans: z
      .array(z.string())
      .describe(
        "Files that import nothing and are imported by nothing. Summary: the first 20; standard and full: those among this page's nodes.",
      ),
    summary: z.object({
      files: z.number(),
      nodes: z.number(),
      edges: z.number(),
      cycles: z.number(),
      unresolved: z.number(),
      orphans: z.number(),
      truncated: z.boolean().describe('true when this answer does not hold everything (see data.truncated).'),
    }),
    rendering: z
      .string()
      .optional()
      .describe("The Mermaid or DOT text of this page's nodes and edges, when format asked for one."),
    skipped: SkippedSchema,
    skippedTotal: SkippedTotalField,
    total: z.number().describe('Nodes over all pages (0 at detail summary, which does not page).'),
    nextCursor: z.string().optional().describe('Pass as cursor, with the same arguments, for the next page.'),
    truncated: TruncatedField,
  }),
  renderText: renderDepsText,
  largeResults: true,
  async handler(args, ctx) {
    const run = await runAnalysis({ ...args, importsOnly: true }, ctx);
    const detail = args.detail ?? (args.format === 'mermaid' || args.format === 'dot' ? 'full' : 'summary');
    const data = await run.page('analyze_dependencies', args, async () => {
      const graph = await ctx.deps.analyses.graph(run.engine, run.snapshot, run.target.root, {
        includeExternal: args.includeExternal ?? false,
        includeTypeEdges: args.includeTypeEdges ?? false,
        includeDynamicEdges: args.includeDynamicEdges ?? false,
      });
      return depsPage(
        graph,
        run.snapshot.files.length,
        run.snapshot.skipped,
        detail,
        run.paging,
        args,
        ctx.deps.config.maxResponseTokens,
      );
    });
    return {
      data,
      engine: run.engine.kind,
      cache: run.cache,
    };
  },
});
