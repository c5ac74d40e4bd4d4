import { z } from 'zod';
import { callGraph, found } from '../navigation/queries.js';
import { defineTool } from './define.js';
import { budgetFor, countFitting, fitsBudget, MaxTokensField } from './shared/budget.js';
import { navigate, targetOf } from './shared/navigate.js';
import { ConfidenceField, FoundSymbolSchema, ScopeField } from './shared/navigation-schemas.js';
import { TruncatedField } from './shared/schemas.js';

export const callGraphTool = defineTool({
  name: 'call_graph',
  title: 'Call graph',
  description:
    "Who calls a function or method (callers) and what it calls (callees), to a depth, as nodes and edges: use it before changing a function's behaviour or signature, or to follow how a request flows. Calls are resolved like find_references (imports, this/self, packages); an edge with confidence below 1 is a same-named candidate. A call at a file's top level comes from the node <module>.",
  category: 'analysis',
  tags: ['navigation', 'calls', 'callers', 'callees', 'graph'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['find_references', 'impact', 'find_symbol'],
  examples: [
    {
      description: 'Who calls area, two levels up',
      arguments: { path: 'src/geometry.ts', symbol: 'area', direction: 'callers', depth: 2 },
    },
  ],
  inputSchema: z.strictObject({
    path: z.string().min(1).max(4096).describe('The file that defines the function (or uses it, with line/column).'),
    symbol: z.string().min(1).max(200).optional().describe('Its name in path.'),
    line: z.number().int().min(1).optional().describe('Or its 1-based line (and column) in path.'),
    column: z.number().int().min(1).optional().describe('1-based column of the name (in characters).'),
    direction: z.enum(['callers', 'callees', 'both']).optional().describe('Default both.'),
    depth: z.number().int().min(1).max(5).optional().describe('Levels to follow (default 2).'),
    minConfidence: z.number().min(0).max(1).optional().describe('Leave out edges below this confidence (default 0.5).'),
    scope: ScopeField,
    maxTokens: MaxTokensField,
  }),
  dataSchema: z.object({
    root: FoundSymbolSchema.omit({ match: true }),
    nodes: z.array(
      z.object({ id: z.string(), name: z.string(), kind: z.string(), path: z.string(), line: z.number() }),
    ),
    edges: z.array(z.object({ from: z.string(), to: z.string(), line: z.number(), confidence: ConfidenceField })),
    truncated: TruncatedField,
  }),
  renderText: (data) => {
    const names = new Map(data.nodes.map((n) => [n.id, `${n.name} (${n.path}:${n.line})`]));
    return [
      `${data.root.kind} ${data.root.name} (${data.root.path}:${data.root.startLine}): ${data.nodes.length} functions, ${data.edges.length} calls`,
      ...data.edges.map(
        (e) =>
          `${names.get(e.from) ?? e.from} -> ${names.get(e.to) ?? e.to}  line ${e.line}${e.confidence < 1 ? `  confidence ${e.confidence}` : ''}`,
      ),
      ...(data.truncated ? [data.truncated] : []),
    ].join('\n');
  },
  async handler(args, ctx) {
    const nav = await navigate(args.scope ?? '.', ctx);
    const start = await targetOf(nav, args);
    const graph = callGraph(nav.index, start, args.direction ?? 'both', args.depth ?? 2);
    const minConfidence = args.minConfidence ?? 0.5;
    const edges = graph.edges.filter((e) => e.confidence >= minConfidence);
    const { match: _match, ...root } = found(start, 'exact');
    const budget = budgetFor(args.maxTokens, ctx.deps.config.maxResponseTokens);
    // Edges come nearest first (breadth first): a cut keeps the levels closest to the symbol.
    const build = (n: number) => {
      const kept = edges.slice(0, n);
      const linked = new Set([graph.nodes[0]!.id, ...kept.flatMap((e) => [e.from, e.to])]);
      const cut =
        n < edges.length
          ? `${n} of ${edges.length} edges shown (answer budget ${budget.tokens} tokens): ask for a smaller depth, one direction, a higher minConfidence or a larger maxTokens.`
          : graph.truncated
            ? 'Stopped at 200 nodes: ask for a smaller depth or one direction.'
            : undefined;
      return {
        root,
        nodes: graph.nodes.filter((node) => linked.has(node.id)),
        edges: kept,
        ...(cut ? { truncated: cut } : {}),
      };
    };
    const data = build(countFitting(edges.length, (n) => fitsBudget(build(n), JSON.stringify, budget)));
    return { data, engine: nav.run.engine.kind };
  },
});
