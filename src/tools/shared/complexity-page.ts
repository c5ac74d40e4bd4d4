import type { FileAnalysis, FunctionMetrics, SkippedFile } from '../../engine/types.js';
import { budgetFor, fitPage } from './budget.js';
import { keepFunction, sortFiles, standardFunction, summarize, topFunctions, topInSourceOrder, type ComplexityFileView, type SortBy } from './complexity-view.js';
import { renderComplexityText } from './complexity-text.js';
import type { Detail } from './detail.js';
import { decodeCursor, nextCursorAfter, truncationNote } from './paging.js';

// One page of analyze_complexity under the answer budget. A directory pages over files (worst
// first at summary, by path otherwise); a single file pages over its functions.

export interface ComplexityPageArgs {
  sortBy?: SortBy | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  minCyclomatic?: number | undefined;
  minCognitive?: number | undefined;
  functionsPerFile?: number | undefined;
  maxTokens?: number | undefined;
}

const SKIPPED_LISTED = 20;
const NARROW = 'a narrower path, include/exclude globs, minCognitive or minCyclomatic, a smaller functionsPerFile, or detail "summary"';

function fileHead(f: FileAnalysis) {
  return { path: f.path, language: f.language, totals: f.totals, ...(f.parseErrors.count > 0 ? { parseErrors: f.parseErrors } : {}) };
}

function withFunctions(f: FileAnalysis, listed: FunctionMetrics[], detail: Detail): ComplexityFileView {
  const functions = listed.map((fn) => (detail === 'full' ? fn : standardFunction(fn)));
  const omitted = f.functions.length - listed.length;
  return { ...fileHead(f), functions, ...(omitted > 0 ? { functionsOmitted: omitted } : {}) };
}

export interface ComplexityPageContext {
  isDirectory: boolean;
  detail: Detail;
  /** summarize() of every file analysed. */
  totals: ReturnType<typeof summarize>;
  delta?: { since: string; files: number; functions: number; cyclomaticSum: number; cognitiveSum: number };
}

export function complexityPage(files: FileAnalysis[], skipped: SkippedFile[], context: ComplexityPageContext, args: ComplexityPageArgs, serverTokens: number) {
  const { isDirectory, detail } = context;
  const sortBy = args.sortBy ?? (detail === 'summary' ? 'cognitive' : 'path');
  const budget = budgetFor(args.maxTokens, serverTokens);
  const start = decodeCursor(args.cursor);
  const keep = (fn: FunctionMetrics) => keepFunction(fn, args);
  const filtered = args.minCognitive !== undefined || args.minCyclomatic !== undefined;
  const base = {
    detail,
    sortBy,
    summary: { ...context.totals, topFunctions: topFunctions(files, 10, sortBy) },
    skipped: start === 0 ? skipped.slice(0, SKIPPED_LISTED) : [],
    skippedTotal: skipped.length,
    ...(context.delta ? { delta: context.delta } : {}),
  };
  const note = (unit: string, count: number, total: number, nextCursor: string | undefined, cut: string[] = []) =>
    truncationNote({ unit, start, count, total, nextCursor, cut, budgetTokens: budget.tokens, narrow: NARROW });

  if (!isDirectory && detail !== 'summary') {
    // One file: its functions are the items, every one of them (functionsPerFile is for directories).
    const file = files[0]!;
    const fns = file.functions.filter(keep);
    const build = (count: number) => {
      const nextCursor = nextCursorAfter(start, count, fns.length);
      const truncated = note('functions', count, fns.length, nextCursor);
      const view = withFunctions(file, fns.slice(start, start + count), detail);
      return { ...base, files: [view], total: 1, ...(nextCursor ? { nextCursor } : {}), ...(truncated ? { truncated } : {}) };
    };
    return fitPage({ total: fns.length, start, limit: Number.MAX_SAFE_INTEGER, budget, render: renderComplexityText, build }).data;
  }

  const listed = sortFiles(filtered ? files.filter((f) => f.functions.some(keep)) : files, sortBy);
  const perFile = args.functionsPerFile ?? 25;
  const view = (f: FileAnalysis, cap: number): ComplexityFileView =>
    detail === 'summary' ? fileHead(f) : withFunctions(f, topInSourceOrder(f.functions.filter(keep), cap), detail);
  const build = (count: number, innerCap?: number) => {
    const cap = Math.min(perFile, innerCap ?? perFile);
    const page = listed.slice(start, start + count).map((f) => view(f, cap));
    const nextCursor = nextCursorAfter(start, count, listed.length);
    const cut = innerCap !== undefined && page[0] ? [`functions of ${page[0].path}: ${page[0].functions?.length ?? 0} of ${listed[start]!.functions.length} listed`] : [];
    const truncated = note('files', count, listed.length, nextCursor, cut);
    return { ...base, files: page, total: listed.length, ...(nextCursor ? { nextCursor } : {}), ...(truncated ? { truncated } : {}) };
  };
  return fitPage({ total: listed.length, start, limit: args.limit ?? 50, budget, render: renderComplexityText, build, ...(detail === 'summary' ? {} : { innerMax: perFile }) }).data;
}
