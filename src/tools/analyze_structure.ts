import { z } from 'zod';
import type { SymbolInfo } from '../engine/types.js';
import { defineTool } from './define.js';
import { ParseErrorsSchema, SymbolSchema } from './shared/metric-schemas.js';
import { page } from './shared/paging.js';
import { runAnalysis } from './shared/run-analysis.js';
import { CursorField, FilterFields, PathField, SessionIdField, SkippedSchema } from './shared/schemas.js';

/** Cut the symbol tree at maxDepth (1 = top level only), counting what was cut. */
function prune(symbols: SymbolInfo[], depth: number, maxDepth: number): SymbolInfo[] {
  return symbols.map((s) => ({ ...s, children: depth >= maxDepth ? [] : prune(s.children, depth + 1, maxDepth) }));
}

export const analyzeStructure = defineTool({
  name: 'analyze_structure',
  title: 'Outline code structure',
  description:
    'The outline of every file: classes, interfaces, types, enums, functions, methods, properties, modules, structs, traits and impls, nested as in the source, with line ranges, whether each is exported, and its signature line. Use it to find your way in unfamiliar code or to locate a declaration without reading whole files.',
  category: 'analysis',
  tags: ['structure', 'outline', 'symbols', 'declarations', 'navigation'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['symbol_at', 'analyze_complexity'],
  examples: [
    { description: 'Outline of one file', arguments: { path: 'src/server.ts' } },
    { description: 'Top-level declarations of a package', arguments: { path: 'pkg/api', maxDepth: 1 } },
    { description: 'Only exported symbols', arguments: { path: 'src', exportedOnly: true } },
  ],
  inputSchema: z.object({
    path: PathField,
    ...FilterFields,
    maxDepth: z.number().int().min(1).max(64).optional().describe('Levels of nesting to return (default all).'),
    exportedOnly: z.boolean().optional().describe('Only top-level symbols that are exported/public.'),
    limit: z.number().int().min(1).max(1000).optional().describe('Files per page (default 50).'),
    cursor: CursorField,
    sessionId: SessionIdField,
  }),
  dataSchema: z.object({
    files: z.array(
      z.object({
        path: z.string(),
        language: z.string(),
        symbols: z.array(SymbolSchema),
        parseErrors: ParseErrorsSchema.optional(),
      }),
    ),
    skipped: SkippedSchema,
    total: z.number().describe('Files in all pages.'),
    nextCursor: z.string().optional(),
  }),
  async handler(args, ctx) {
    const run = await runAnalysis(args, ctx);
    const paged = page(run.result.files, args.cursor, args.limit ?? 50);
    const files = paged.items.map((f) => {
      const top = args.exportedOnly ? f.symbols.filter((s) => s.exported) : f.symbols;
      return {
        path: f.path,
        language: f.language,
        symbols: args.maxDepth ? prune(top, 1, args.maxDepth) : top,
        ...(f.parseErrors.count > 0 ? { parseErrors: f.parseErrors } : {}),
      };
    });
    return {
      data: { files, skipped: run.result.skipped, total: paged.total, ...(paged.nextCursor ? { nextCursor: paged.nextCursor } : {}) },
      engine: run.engine.kind,
      cache: run.cache,
    };
  },
});
