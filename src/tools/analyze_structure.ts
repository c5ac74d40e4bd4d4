import { z } from 'zod';
import { defineTool } from './define.js';
import { MaxTokensField } from './shared/budget.js';
import { DetailEnum, detailFor } from './shared/detail.js';
import { ParseErrorsSchema, SymbolSchema } from './shared/metric-schemas.js';
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
import { STRUCTURE_LIMIT, structurePage } from './shared/structure-page.js';
import { renderStructureText } from './shared/structure-text.js';

export const analyzeStructure = defineTool({
  name: 'analyze_structure',
  title: 'Outline code structure',
  description:
    'The outline of every file: classes, interfaces, types, enums, functions, methods, properties, modules, structs, traits and impls, nested as in the source, with line ranges, whether each is exported, and its signature line. Use it to find your way in unfamiliar code or to locate a declaration without reading whole files. Cheap path first: on a directory the default detail "summary" lists each file\'s top-level symbols (no signatures); call again on a file or a narrower path (a file defaults to detail "standard": two levels with signatures) and use detail "full" for the whole tree. Answers are cut to a size budget (maxTokens, default 8000 tokens); data.nextCursor continues and data.truncated says what was left out.',
  category: 'analysis',
  tags: ['structure', 'outline', 'symbols', 'declarations', 'navigation'],
  version: '1.1.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['symbol_at', 'analyze_complexity'],
  examples: [
    { description: 'Files and their top-level declarations in a directory', arguments: { path: 'pkg/api' } },
    { description: 'Outline of one file with signatures', arguments: { path: 'src/server.ts' } },
    {
      description: 'Only exported symbols, with signatures',
      arguments: { path: 'src', exportedOnly: true, detail: 'standard' },
    },
    { description: 'The whole symbol tree of one file', arguments: { path: 'src/server.ts', detail: 'full' } },
  ],
  inputSchema: z.strictObject({
    path: PathField,
    ...FilterFields,
    detail: DetailEnum.optional().describe(
      'summary (default for a directory): top-level symbols without signatures; standard (default for a file): two levels with signatures; full: the whole tree.',
    ),
    maxDepth: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe(
        'Levels of nesting to return (default by detail: 1, 2 or all); a cut symbol says how many children it has.',
      ),
    exportedOnly: z.boolean().optional().describe('Only top-level symbols that are exported/public.'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Most files per page (default 50); the size budget may hold fewer.'),
    cursor: CursorField,
    maxTokens: MaxTokensField,
    sessionId: SessionIdField,
  }),
  dataSchema: z.object({
    detail: DetailEnum.describe('The detail of this answer.'),
    files: z.array(
      z.object({
        path: z.string(),
        language: z.string(),
        symbols: z.array(SymbolSchema),
        symbolsOmitted: z
          .number()
          .optional()
          .describe('Top-level symbols of the file not listed here (the budget, or later pages of a single file).'),
        parseErrors: ParseErrorsSchema.optional(),
      }),
    ),
    skipped: SkippedSchema,
    skippedTotal: SkippedTotalField,
    total: z.number().describe('Files in all pages.'),
    nextCursor: z.string().optional().describe('Pass as cursor, with the same arguments, for the next page.'),
    truncated: TruncatedField,
  }),
  renderText: renderStructureText,
  largeResults: true,
  async handler(args, ctx) {
    const run = await runAnalysis(args, ctx);
    const isDirectory = run.target.isDirectory;
    const detail = detailFor(args.detail, isDirectory);
    const data = await run.page('analyze_structure', args, async () => {
      const shown = isDirectory
        ? run.snapshot.files.slice(run.paging.start, run.paging.start + (args.limit ?? STRUCTURE_LIMIT))
        : run.snapshot.files.slice(0, 1);
      return structurePage(
        await run.details(shown),
        run.snapshot,
        isDirectory,
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
