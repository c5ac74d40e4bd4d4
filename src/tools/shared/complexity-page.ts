import type { FileAnalysis, FunctionMetrics, SkippedFile } from '../../engine/types.js';
import { budgetFor, fitPage, type Budget } from './budget.js';
import { renderComplexityText } from './complexity-text.js';
import { keepFunction, sortFiles, standardFunction, summarize, topFunctions, topInSourceOrder, type ComplexityFileView, type SortBy } from './complexity-view.js';
import type { Detail } from './detail.js';
import { nextCursorAfter, truncationNote, type Paging } from './paging.js';

// One page of analyze_complexity under the answer budget. A directory pages over files (worst
// first at summary, by path otherwise); a single file pages over its functions.

export interface ComplexityPageArgs {
  sortBy?: SortBy | undefined;
  limit?: number | undefined;
  minCyclomatic?: number | undefined;
  minCognitive?: number | undefined;
  functionsPerFile?: number | undefined;
  maxTokens?: number | undefined;
}

export interface ComplexityPageContext {
  isDirectory: boolean;
  /** Where this page starts, and the snapshot its next cursor names. */
  paging: Paging;
  detail: Detail;
  /** summarize() of every file analysed. */
  totals: ReturnType<typeof summarize>;
  delta?: { since: string; files: number; functions: number; cyclomaticSum: number; cognitiveSum: number };
}

const SKIPPED_LISTED = 20;
const NARROW = 'a narrower path, include/exclude globs, minCognitive or minCyclomatic, a smaller functionsPerFile, or detail "summary"';

/** What every page of one call shares, and how it says what it left out. */
interface Page {
  detail: Detail;
  paging: Paging;
  start: number;
  budget: Budget;
  keep: (fn: FunctionMetrics) => boolean;
  base: ReturnType<typeof pageBase>;
}

/** The part of every page that does not depend on which items it holds. */
function pageBase(files: FileAnalysis[], skipped: SkippedFile[], context: ComplexityPageContext, sortBy: SortBy, start: number, total: number) {
  return {
    detail: context.detail,
    sortBy,
    summary: { ...context.totals, topFunctions: topFunctions(files, 10, sortBy) },
    skipped: start === 0 ? skipped.slice(0, SKIPPED_LISTED) : [],
    skippedTotal: skipped.length,
    total,
    ...(context.delta ? { delta: context.delta } : {}),
  };
}

function fileHead(f: FileAnalysis) {
  return { path: f.path, language: f.language, totals: f.totals, ...(f.parseErrors.count > 0 ? { parseErrors: f.parseErrors } : {}) };
}

function withFunctions(f: FileAnalysis, listed: FunctionMetrics[], detail: Detail): ComplexityFileView {
  const functions = listed.map((fn) => (detail === 'full' ? fn : standardFunction(fn)));
  const omitted = f.functions.length - listed.length;
  return { ...fileHead(f), functions, ...(omitted > 0 ? { functionsOmitted: omitted } : {}) };
}

function finish(p: Page, unit: string, count: number, total: number, files: ComplexityFileView[], cut: string[] = []) {
  const nextCursor = nextCursorAfter(p.paging, count, total);
  const truncated = truncationNote({ unit, start: p.start, count, total, nextCursor, cut, budgetTokens: p.budget.tokens, narrow: NARROW });
  return { ...p.base, files, ...(nextCursor ? { nextCursor } : {}), ...(truncated ? { truncated } : {}) };
}

/** One file: its functions are the items, every one of them (functionsPerFile is for directories). */
function singleFilePage(p: Page, file: FileAnalysis) {
  const fns = file.functions.filter(p.keep);
  const build = (count: number) => finish(p, 'functions', count, fns.length, [withFunctions(file, fns.slice(p.start, p.start + count), p.detail)]);
  return fitPage({ total: fns.length, start: p.start, limit: Number.MAX_SAFE_INTEGER, budget: p.budget, render: renderComplexityText, build }).data;
}

function directoryPage(p: Page, listed: FileAnalysis[], limit: number, perFile: number) {
  const view = (f: FileAnalysis, cap: number): ComplexityFileView =>
    p.detail === 'summary' ? fileHead(f) : withFunctions(f, topInSourceOrder(f.functions.filter(p.keep), cap), p.detail);
  const build = (count: number, innerCap?: number) => {
    const files = listed.slice(p.start, p.start + count).map((f) => view(f, Math.min(perFile, innerCap ?? perFile)));
    const first = files[0];
    const cut = innerCap !== undefined && first ? [`functions of ${first.path}: ${first.functions?.length ?? 0} of ${listed[p.start]!.functions.length} listed`] : [];
    return finish(p, 'files', count, listed.length, files, cut);
  };
  const innerMax = p.detail === 'summary' ? {} : { innerMax: perFile };
  return fitPage({ total: listed.length, start: p.start, limit, budget: p.budget, render: renderComplexityText, build, ...innerMax }).data;
}

export function complexityPage(files: FileAnalysis[], skipped: SkippedFile[], context: ComplexityPageContext, args: ComplexityPageArgs, serverTokens: number) {
  const { isDirectory, detail } = context;
  const sortBy = args.sortBy ?? (detail === 'summary' ? 'cognitive' : 'path');
  const start = context.paging.start;
  const keep = (fn: FunctionMetrics) => keepFunction(fn, args);
  // A threshold narrows the listing to the files that have a function at or above it.
  const filtered = args.minCognitive !== undefined || args.minCyclomatic !== undefined;
  const listed = isDirectory ? sortFiles(filtered ? files.filter((f) => f.functions.some(keep)) : files, sortBy) : files;
  const base = pageBase(files, skipped, context, sortBy, start, listed.length);
  const page: Page = { detail, paging: context.paging, start, budget: budgetFor(args.maxTokens, serverTokens), keep, base };
  return !isDirectory && detail !== 'summary' ? singleFilePage(page, files[0]!) : directoryPage(page, listed, args.limit ?? 50, args.functionsPerFile ?? 25);
}
