import { z } from 'zod';
import { defineTool } from './define.js';
import { FunctionSchema, ParseErrorsSchema, TotalsSchema } from './shared/metric-schemas.js';
import { keepFunction, sortFiles, summarize, topFunctions, topInSourceOrder } from './shared/complexity-view.js';
import { page } from './shared/paging.js';
import { runAnalysis } from './shared/run-analysis.js';
import { CursorField, FilterFields, PathField, SessionIdField, SkippedSchema } from './shared/schemas.js';
import { complexityDelta, rememberRun, type ComplexityState } from './shared/complexity-state.js';

const SummarySchema = z.object({
  files: z.number(),
  functions: z.number(),
  cyclomaticSum: z.number(),
  cognitiveSum: z.number(),
  lines: z.number(),
  parseErrors: z.number().describe('Syntax errors over all files (files are still analysed).'),
  byLanguage: z.record(z.string(), z.object({ files: z.number(), functions: z.number() })),
  topFunctions: z
    .array(z.object({ path: z.string(), name: z.string(), startLine: z.number(), cognitive: z.number(), cyclomatic: z.number() }))
    .describe('The 10 functions with the highest cognitive complexity over the whole analysis.'),
});

export const analyzeComplexity = defineTool({
  name: 'analyze_complexity',
  title: 'Analyse complexity',
  description:
    'Per-function complexity of a file or directory (TypeScript, JavaScript, Python, Go, Rust, Java): cyclomatic and cognitive complexity, size, parameters, nesting, Halstead and maintainability index. Use it to find the functions that are hardest to understand or test before you change or review code; data.summary.topFunctions lists the worst ones. With a sessionId, data.delta says how the totals changed since the previous call on the same path in that session.',
  category: 'analysis',
  tags: ['complexity', 'cyclomatic', 'cognitive', 'metrics', 'halstead', 'maintainability', 'hotspots'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: true,
  related: ['analyze_structure', 'symbol_at', 'analyze_dependencies'],
  examples: [
    { description: 'Every function of one file, in source order', arguments: { path: 'src/parser.ts' } },
    { description: 'The most complex files of a directory', arguments: { path: 'src', sortBy: 'cognitive', limit: 10 } },
    { description: 'Only functions above a threshold', arguments: { path: '.', minCognitive: 15, languages: ['python'] } },
  ],
  inputSchema: z.object({
    path: PathField,
    ...FilterFields,
    sortBy: z.enum(['path', 'cognitive', 'cyclomatic', 'loc']).optional().describe('Order of files: by path (default) or by their total, highest first.'),
    limit: z.number().int().min(1).max(1000).optional().describe('Files per page (default 50).'),
    cursor: CursorField,
    minCyclomatic: z.number().int().min(0).optional().describe('Only report functions with at least this cyclomatic complexity.'),
    minCognitive: z.number().int().min(0).optional().describe('Only report functions with at least this cognitive complexity.'),
    functionsPerFile: z.number().int().min(1).max(10_000).optional().describe('Most functions listed per file when a directory is analysed (default 25, the most complex, in source order). A single file lists every function.'),
    sessionId: SessionIdField,
  }),
  dataSchema: z.object({
    files: z.array(
      z.object({
        path: z.string().describe('Relative to the root, with /.'),
        language: z.string(),
        totals: TotalsSchema,
        functions: z.array(FunctionSchema).describe('In source order.'),
        functionsOmitted: z.number().optional().describe('Functions not listed (filters or functionsPerFile).'),
        parseErrors: ParseErrorsSchema.optional(),
      }),
    ),
    summary: SummarySchema,
    skipped: SkippedSchema,
    total: z.number().describe('Files analysed in all pages.'),
    nextCursor: z.string().optional().describe('Pass as cursor for the next page.'),
    delta: z
      .object({ since: z.string(), files: z.number(), functions: z.number(), cyclomaticSum: z.number(), cognitiveSum: z.number() })
      .optional()
      .describe('Change of the totals since the previous call on this path in the session.'),
  }),
  async handler(args, ctx) {
    const run = await runAnalysis(args, ctx);
    const { files, skipped } = run.result;
    const summary = { ...summarize(files), topFunctions: topFunctions(files, 10) };
    const single = !run.target.isDirectory;
    const perFile = single ? Number.MAX_SAFE_INTEGER : (args.functionsPerFile ?? 25);
    const paged = page(sortFiles(files, args.sortBy ?? 'path'), args.cursor, args.limit ?? 50);
    const view = paged.items.map((f) => {
      const kept = topInSourceOrder(f.functions.filter((fn) => keepFunction(fn, args)), perFile);
      return {
        path: f.path,
        language: f.language,
        totals: f.totals,
        functions: kept,
        ...(kept.length < f.functions.length ? { functionsOmitted: f.functions.length - kept.length } : {}),
        ...(f.parseErrors.count > 0 ? { parseErrors: f.parseErrors } : {}),
      };
    });
    const previous = ctx.state as ComplexityState | undefined;
    const delta = complexityDelta(previous, run.target.relative, summary);
    return {
      data: { files: view, summary, skipped, total: paged.total, ...(paged.nextCursor ? { nextCursor: paged.nextCursor } : {}), ...(delta ? { delta } : {}) },
      engine: run.engine.kind,
      cache: run.cache,
      ...(ctx.sessionId ? { state: rememberRun(previous, run.target.relative, summary) } : {}),
    };
  },
});
