import { z } from 'zod';
import { findReferences, found } from '../navigation/queries.js';
import { defineTool } from './define.js';
import { MaxTokensField } from './shared/budget.js';
import { navigate, targetOf } from './shared/navigate.js';
import { ConfidenceField, FoundSymbolSchema, ScopeField } from './shared/navigation-schemas.js';
import { offsetPage } from './shared/offset-page.js';
import { CursorField, TruncatedField } from './shared/schemas.js';

export const findReferencesTool = defineTool({
  name: 'find_references',
  title: 'Find references',
  description:
    'Every place a symbol is used: its definition, the imports that bring it in, calls and other references, across the indexed tree. Name the symbol by a position (path, line, column: 1-based, on the name where it is defined or used) or by name (symbol) and the file that defines it. Names are resolved through imports, this/self members and Go/Java packages, so a same-named function elsewhere is not mixed in; a use the code does not bind for sure (an unknown receiver, a name from nowhere) is listed with confidence below 1.',
  category: 'analysis',
  tags: ['navigation', 'references', 'usages', 'symbols'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['find_symbol', 'call_graph', 'impact'],
  examples: [
    {
      description: 'Uses of the function defined in src/geometry.ts',
      arguments: { path: 'src/geometry.ts', symbol: 'area' },
    },
    { description: 'Uses of the name at line 12, column 10', arguments: { path: 'src/app.ts', line: 12, column: 10 } },
  ],
  inputSchema: z.strictObject({
    path: z.string().min(1).max(4096).describe('The file where the symbol is defined or used.'),
    line: z.number().int().min(1).optional().describe('1-based line of the name (with column), instead of symbol.'),
    column: z.number().int().min(1).optional().describe('1-based column of the name (in characters).'),
    symbol: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The name of a symbol defined in path (instead of line/column).'),
    scope: ScopeField,
    minConfidence: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Leave out uses below this confidence (default 0: all).'),
    limit: z.number().int().min(1).max(1000).optional().describe('References per page (default 100).'),
    cursor: CursorField,
    maxTokens: MaxTokensField,
  }),
  dataSchema: z.object({
    symbol: FoundSymbolSchema.omit({ match: true }),
    references: z.array(
      z.object({
        path: z.string(),
        line: z.number(),
        column: z.number(),
        kind: z.enum(['definition', 'reference', 'call', 'import']),
        confidence: ConfidenceField,
      }),
    ),
    total: z.number(),
    files: z.number().describe('Files with at least one reference.'),
    nextCursor: z.string().optional(),
    truncated: TruncatedField,
  }),
  renderText: (data) =>
    [
      `${data.symbol.kind} ${data.symbol.name} (${data.symbol.path}:${data.symbol.startLine}): ${data.total} references in ${data.files} files`,
      ...data.references.map(
        (r) => `${r.path}:${r.line}:${r.column}  ${r.kind}${r.confidence < 1 ? `  confidence ${r.confidence}` : ''}`,
      ),
      ...(data.truncated ? [data.truncated] : []),
    ].join('\n'),
  async handler(args, ctx) {
    const nav = await navigate(args.scope ?? '.', ctx);
    const target = await targetOf(nav, args);
    const all = findReferences(nav.index, target).filter((r) => r.confidence >= (args.minConfidence ?? 0));
    const { match: _match, ...symbol } = found(target, 'exact');
    const data = offsetPage({
      items: all,
      cursor: args.cursor,
      limit: args.limit ?? 100,
      maxTokens: args.maxTokens,
      serverTokens: ctx.deps.config.maxResponseTokens,
      build: (references, more) => ({
        symbol,
        references,
        total: all.length,
        files: new Set(all.map((r) => r.path)).size,
        ...more,
      }),
    });
    return { data, engine: nav.run.engine.kind };
  },
});
