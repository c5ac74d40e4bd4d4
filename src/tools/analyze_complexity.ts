import { z } from 'zod';
import { defineTool } from './define.js';
import { FunctionSchema, ParseErrorsSchema, TotalsSchema } from './shared/metric-schemas.js';
import { MaxTokensField } from './shared/budget.js';
import { complexityListing, complexityPage, pageCandidates } from './shared/complexity-page.js';
import { snapshotTotals } from './shared/complexity-view.js';
import { renderComplexityText } from './shared/complexity-text.js';
import { DetailEnum, detailFor } from './shared/detail.js';
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
    .array(
      z.object({
        path: z.string(),
        name: z.string(),
        startLine: z.number(),
        cognitive: z.number(),
        cyclomatic: z.number(),
      }),
    )
    .describe(
      'The 10 worst functions over the whole analysis, by the sort key (cognitive when sorting by path; loc ranks by length).',
    ),
});

export const analyzeComplexity = defineTool({
  name: 'analyze_complexity',
  title: 'Analyse complexity',
  description:
    'Per-function complexity of a file or directory (TypeScript, JavaScript, Python, Go, Rust, Java): cyclomatic and cognitive complexity, size, parameters, nesting, Halstead and maintainability index. Use it to find the functions that are hardest to understand or test before you change or review code. Cheap path first: on a directory the default detail "summary" gives the totals, the 10 worst functions and the worst files (no per-function rows); then call again on a narrower path (a file defaults to detail "standard": every function with cyclomatic, cognitive, lines, params, nesting) and use detail "full" only when you need Halstead, maintainability index or line kinds. Answers are cut to a size budget (maxTokens, default 8000 tokens); data.nextCursor continues and data.truncated says what was left out. With a sessionId, data.delta says how the totals changed since the previous call on the same path in that session.',
  category: 'analysis',
  tags: ['complexity', 'cyclomatic', 'cognitive', 'metrics', 'halstead', 'maintainability', 'hotspots'],
  version: '1.1.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: true,
  related: ['analyze_structure', 'symbol_at', 'analyze_dependencies'],
  examples: [
    {
      description: 'Where to look first in a repository: totals, worst functions, worst files',
      arguments: { path: '.' },
    },
    { description: 'Every function of one file, in source order', arguments: { path: 'src/parser.ts' } },
    {
      description: 'Functions above a threshold in one package, with their metrics',
      arguments: { path: 'src/engine', minCognitive: 15, detail: 'standard' },
    },
    {
      description: 'All metrics of one file, including Halstead and maintainability index',
      arguments: { path: 'src/parser.ts', detail: 'full' },
    },
  ],
  inputSchema: z.strictObject({
    path: PathField,
    ...FilterFields,
    detail: DetailEnum.optional().describe(
      "summary (default for a directory): totals, worst functions, files with their totals only; standard (default for a file): adds each function's cyclomatic, cognitive, lines, params, nesting, returns; full: adds Halstead, maintainability index and line kinds.",
    ),
    sortBy: z
      .enum(['path', 'cognitive', 'cyclomatic', 'loc'])
      .optional()
      .describe(
        'Order of files: by path or by their total, highest first (default cognitive at detail summary, path otherwise); also ranks summary.topFunctions.',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Most files per page (default 50); the size budget may hold fewer.'),
    cursor: CursorField,
    minCyclomatic: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Only report functions with at least this cyclomatic complexity (files without one are left out).'),
    minCognitive: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Only report functions with at least this cognitive complexity (files without one are left out).'),
    functionsPerFile: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe(
        'Most functions listed per file when a directory is analysed (default 25, the most complex, in source order). A single file lists every function, page by page.',
      ),
    maxTokens: MaxTokensField,
    sessionId: SessionIdField,
  }),
  dataSchema: z.object({
    detail: DetailEnum.describe('The detail of this answer.'),
    sortBy: z.string().describe('The order of files in this answer.'),
    files: z.array(
      z.object({
        path: z.string().describe('Relative to the root, with /.'),
        language: z.string(),
        totals: TotalsSchema,
        functions: z.array(FunctionSchema).optional().describe('In source order (detail standard and full).'),
        functionsOmitted: z
          .number()
          .optional()
          .describe(
            'Functions of the file not listed here (filters, functionsPerFile, the budget, or later pages of a single file).',
          ),
        parseErrors: ParseErrorsSchema.optional(),
      }),
    ),
    summary: SummarySchema,
    skipped: SkippedSchema,
    skippedTotal: SkippedTotalField,
    total: z.number().describe('Files listed over all pages.'),
    nextCursor: z.string().optional().describe('Pass as cursor, with the same arguments, for the next page.'),
    truncated: TruncatedField,
    delta: z
      .object({
        since: z.string(),
        files: z.number(),
        functions: z.number(),
        cyclomaticSum: z.number(),
        cognitiveSum: z.number(),
      })
      .optional()
      .describe('Change of the totals since the previous call on this path in the session.'),
  }),
  renderText: renderComplexityText,
  largeResults: true,
  async handler(args, ctx) {
    const run = await runAnalysis(args, ctx);
    const { snapshot } = run;
    const isDirectory = run.target.isDirectory;
    const detail = detailFor(args.detail, isDirectory);
    const totals = snapshotTotals(snapshot);
    const previous = ctx.state as ComplexityState | undefined;
    const delta = complexityDelta(previous, run.target.relative, totals);
    const page = { isDirectory, paging: run.paging, detail, totals, ...(delta ? { delta } : {}) };
    const data = await run.page('analyze_complexity', args, async () => {
      const listing = complexityListing(snapshot, isDirectory, detail, args);
      const details = await run.details(pageCandidates(listing.listed, isDirectory, detail, run.paging.start, args));
      return complexityPage(snapshot, listing, details, page, args, ctx.deps.config.maxResponseTokens);
    });
    return {
      data,
      engine: run.engine.kind,
      cache: run.cache,
      ...(ctx.sessionId ? { state: rememberRun(previous, run.target.relative, totals) } : {}),
    };
  },
});
