import { dirname } from 'node:path';
import { z } from 'zod';
import { openRepository } from '../git/repository.js';
import { readLineChanges } from '../git/line-changes.js';
import { defineTool, type ToolContext } from './define.js';
import { budgetFor, MaxTokensField } from './shared/budget.js';
import { DetailEnum, type Detail } from './shared/detail.js';
import { changeHistory } from './shared/hotspot-history.js';
import { FUNCTION_VIEW, HOTSPOT_LIMIT, hotspotPage, type FunctionView } from './shared/hotspot-page.js';
import { functionHotspots, HOTSPOT_SORTS, rankHotspots, type HotspotRanking } from './shared/hotspot-rank.js';
import { DEFAULT_SINCE, resolveSince } from './shared/hotspot-since.js';
import { renderHotspotText } from './shared/hotspot-text.js';
import { runAnalysis, type AnalysisRun } from './shared/run-analysis.js';
import { CursorField, FilterFields, PathField, SkippedTotalField, TruncatedField } from './shared/schemas.js';
import type { ChangeHistory } from '../git/change-history.js';

const FunctionSchema = z.object({
  name: z.string(),
  kind: z.string(),
  startLine: z.number(),
  endLine: z.number(),
  cognitive: z.number(),
  commits: z
    .number()
    .describe(
      "Of the commits read for the file, those that changed lines of this function (mapped onto today's lines).",
    ),
  score: z
    .number()
    .describe('(commits / most of a function of the file) × (cognitive / highest of a changed function of the file).'),
});

export const hotspots = defineTool({
  name: 'hotspots',
  title: 'Find hotspots (complex code that changes often)',
  description:
    'Where the cost of a codebase is: files that are both complex and changed often, from the git history (git log) and the complexity analysis. Per file: commits and lines changed (churn) in the window, distinct authors, complexity (sum of cognitive complexity today) and score = (commits / most commits of a listed file) × (complexity / highest complexity of a listed file), highest first; renames in the history are followed to today\'s path. At detail "standard" (default) the first files of the page also list the functions their recent commits changed (hunks mapped onto today\'s functions). Use it to choose what to refactor or review first, or to find risky areas before a change. The path must be in a git working tree (NO_GIT_HISTORY otherwise). Answers are cut to a size budget (maxTokens, default 8000 tokens); data.nextCursor continues and data.truncated says what was left out.',
  category: 'analysis',
  tags: ['hotspots', 'git', 'churn', 'history', 'complexity', 'refactoring'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['analyze_complexity', 'symbol_at', 'analyze_structure'],
  examples: [
    {
      description: 'The hotspots of a repository over the last year, with the changed functions of the top files',
      arguments: { path: '.' },
    },
    {
      description: 'The last 90 days of one package, files only',
      arguments: { path: 'src/engine', since: '90 days ago', detail: 'summary' },
    },
    {
      description: 'Most changed files since a date, tests left out',
      arguments: { path: '.', since: '2025-01-01', sortBy: 'commits', exclude: ['**/*.test.ts'] },
    },
  ],
  inputSchema: z.strictObject({
    path: PathField,
    since: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        `Start of the window: a date ("2025-01-31", "2025-01-31T12:00:00Z") or a span back from today ("90 days ago", "6 months ago", "2.weeks.ago"); default "${DEFAULT_SINCE}".`,
      ),
    ...FilterFields,
    detail: DetailEnum.optional().describe(
      "summary: files only; standard (default): also the changed functions of the page's first 5 files (their last 50 commits); full: the first 10 files, 10 functions each, last 100 commits.",
    ),
    sortBy: z
      .enum(HOTSPOT_SORTS)
      .optional()
      .describe('Order of files, highest first (default score); ties by score, then path.'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe(`Most files per page (default ${HOTSPOT_LIMIT}); the size budget may hold fewer.`),
    cursor: CursorField,
    maxTokens: MaxTokensField,
  }),
  dataSchema: z.object({
    detail: DetailEnum.describe('The detail of this answer.'),
    sortBy: z.string().describe('The order of files in this answer.'),
    since: z
      .string()
      .describe('Start of the window read (ISO 8601, UTC): commits dated (committer date) at or after it.'),
    head: z.string().nullable().describe('The commit HEAD named when the history was read (null: no commit yet).'),
    shallow: z.boolean().describe("A shallow clone: its history stops early, so counts are lower than the project's."),
    files: z.array(
      z.object({
        path: z.string().describe("Relative to the root, with /; today's path (renames followed)."),
        commits: z.number().describe('Non-merge commits in the window that changed the file.'),
        churn: z.number().describe('Lines added plus lines deleted by those commits (binary changes count 0).'),
        authors: z.number().describe('Distinct author names of those commits (after .mailmap).'),
        complexity: z.number().describe("Sum of the cognitive complexity of the file's functions today."),
        score: z
          .number()
          .describe('(commits / summary.maxCommits) × (complexity / summary.maxComplexity), 0–1, 4 decimals.'),
        functions: z
          .array(FunctionSchema)
          .optional()
          .describe(
            "The functions its most recent commits changed, highest score first (the page's first files, detail standard and full).",
          ),
        commitsRead: z
          .number()
          .optional()
          .describe("How many of the file's most recent commits the functions were found from."),
      }),
    ),
    summary: z.object({
      commits: z.number().describe('Non-merge commits in the window that touched the path.'),
      filesChanged: z.number().describe('Analysed files changed in the window: the files listed over all pages.'),
      maxCommits: z.number(),
      maxComplexity: z.number(),
      changedNotAnalysed: z
        .number()
        .describe(
          'Paths changed in the window that are not analysed files today (deleted, other languages, filtered out).',
        ),
    }),
    skippedTotal: SkippedTotalField,
    total: z.number().describe('Files listed over all pages.'),
    nextCursor: z.string().optional().describe('Pass as cursor, with the same arguments, for the next page.'),
    truncated: TruncatedField,
  }),
  renderText: renderHotspotText,
  largeResults: true,
  async handler(args, ctx) {
    const since = resolveSince(args.since);
    const target = await ctx.deps.roots.resolve(args.path);
    const gitCwd = target.isDirectory ? target.absolute : dirname(target.absolute);
    const repo = await openRepository(gitCwd, ctx.signal);
    const history = repo.head
      ? changeHistory({ cwd: gitCwd, head: repo.head, since }, ctx.signal)
      : Promise.resolve(EMPTY_HISTORY);
    // The analysis and the history read run together; a failure of either fails the call.
    const [run, changes] = await Promise.all([runAnalysis(args, ctx), history]);
    const detail: Detail = args.detail ?? 'standard';
    const sortBy = args.sortBy ?? 'score';
    const gitDir = target.isDirectory
      ? target.relative
      : dirname(target.relative) === '.'
        ? ''
        : dirname(target.relative);
    const within = target.isDirectory ? () => true : (path: string) => path === target.relative;
    const base = {
      detail,
      sortBy,
      since,
      head: repo.head ?? null,
      shallow: repo.shallow,
      skippedTotal: run.snapshot.skipped.length,
    };
    const { cursor: _cursor, ...rest } = args;
    const key = JSON.stringify(['hotspots', repo.head ?? null, since, run.paging.start, rest]);
    const data = await ctx.deps.analyses.page(run.snapshot, key, async () => {
      const ranking = rankHotspots(run.snapshot.files, changes, gitDir, within, sortBy);
      const limit = args.limit ?? HOTSPOT_LIMIT;
      const functions = await functionViews(run, ranking, changes, { gitCwd, gitDir, since, detail, limit }, ctx);
      const budget = budgetFor(args.maxTokens, ctx.deps.config.maxResponseTokens);
      return hotspotPage({ base, ranking, commits: changes.commits, functions, paging: run.paging, limit, budget });
    });
    return { data, engine: run.engine.kind, cache: run.cache };
  },
});

const EMPTY_HISTORY: ChangeHistory = { commits: 0, files: new Map(), formerNames: new Map() };

/**
 * The changed functions of the page's first files: one git read of their recent commits'
 * hunks (stopped once each file has its commits), mapped onto their functions today.
 */
async function functionViews(
  run: AnalysisRun,
  ranking: HotspotRanking,
  history: ChangeHistory,
  where: { gitCwd: string; gitDir: string; since: string; detail: Detail; limit: number },
  ctx: ToolContext,
): Promise<Map<string, FunctionView>> {
  const reach = FUNCTION_VIEW[where.detail];
  const top = ranking.rows.slice(run.paging.start, run.paging.start + Math.min(reach.files, where.limit));
  if (top.length === 0) return new Map();
  const gitPath = (path: string) => (where.gitDir ? path.slice(where.gitDir.length + 1) : path);
  const files = top.map((r) => ({
    path: gitPath(r.path),
    formerNames: history.formerNames.get(gitPath(r.path)) ?? [],
  }));
  const headsByPath = new Map(run.snapshot.files.map((h) => [h.path, h]));
  const [lineages, details] = await Promise.all([
    readLineChanges({ cwd: where.gitCwd, since: where.since, files, perFile: reach.commits, signal: ctx.signal }),
    run.details(top.map((r) => headsByPath.get(r.path)!)),
  ]);
  const views = new Map<string, FunctionView>();
  top.forEach((r, i) => {
    const lineage = lineages.get(files[i]!.path);
    const functions = details[i]?.functions ?? [];
    views.set(r.path, {
      functions: lineage ? functionHotspots(functions, lineage, reach.functions) : [],
      commitsRead: lineage?.commits.length ?? 0,
    });
  });
  return views;
}
