import { hasFunctionAtLeast, type FileHead } from '../../analysis/file-heads.js';
import type { Snapshot } from '../../analysis/snapshots.js';
import type { FileAnalysis, FunctionMetrics } from '../../engine/types.js';
import { budgetFor, fitPage, type Budget } from './budget.js';
import { renderComplexityText } from './complexity-text.js';
import {
  keepFunction,
  rankingFor,
  sortFiles,
  standardFunction,
  summarize,
  topInSourceOrder,
  type ComplexityFileView,
  type SortBy,
} from './complexity-view.js';
import type { Detail } from './detail.js';
import { nextCursorAfter, truncationNote, type Paging } from './paging.js';

// One page of analyze_complexity under the answer budget. A directory pages over files (worst
// first at summary, by path otherwise); a single file pages over its functions. The listing,
// the totals and the worst functions come from the snapshot's file heads; functions are listed
// from the full results of the files the page can show (fetched by the tool: pageCandidates).

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
const DEFAULT_LIMIT = 50;
const NARROW =
  'a narrower path, include/exclude globs, minCognitive or minCyclomatic, a smaller functionsPerFile, or detail "summary"';

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
function pageBase(snapshot: Snapshot, context: ComplexityPageContext, sortBy: SortBy, start: number, total: number) {
  const { skipped } = snapshot;
  return {
    detail: context.detail,
    sortBy,
    summary: { ...context.totals, topFunctions: snapshot.top[rankingFor(sortBy)] },
    skipped: start === 0 ? skipped.slice(0, SKIPPED_LISTED) : [],
    skippedTotal: skipped.length,
    total,
    ...(context.delta ? { delta: context.delta } : {}),
  };
}

function fileHead(f: FileHead) {
  return {
    path: f.path,
    language: f.language,
    totals: f.totals,
    ...(f.parseErrors.count > 0 ? { parseErrors: f.parseErrors } : {}),
  };
}

function withFunctions(f: FileHead, listed: FunctionMetrics[], detail: Detail): ComplexityFileView {
  const functions = listed.map((fn) => (detail === 'full' ? fn : standardFunction(fn)));
  const omitted = f.totals.functions - listed.length;
  return { ...fileHead(f), functions, ...(omitted > 0 ? { functionsOmitted: omitted } : {}) };
}

function finish(p: Page, unit: string, count: number, total: number, files: ComplexityFileView[], cut: string[] = []) {
  const nextCursor = nextCursorAfter(p.paging, count, total);
  const truncated = truncationNote({
    unit,
    start: p.start,
    count,
    total,
    nextCursor,
    cut,
    budgetTokens: p.budget.tokens,
    narrow: NARROW,
  });
  return { ...p.base, files, ...(nextCursor ? { nextCursor } : {}), ...(truncated ? { truncated } : {}) };
}

/** One file: its functions are the items, every one of them (functionsPerFile is for directories). */
function singleFilePage(p: Page, head: FileHead, file: FileAnalysis | undefined) {
  const fns = (file?.functions ?? []).filter(p.keep);
  const build = (count: number) =>
    finish(p, 'functions', count, fns.length, [withFunctions(head, fns.slice(p.start, p.start + count), p.detail)]);
  return fitPage({
    total: fns.length,
    start: p.start,
    limit: Number.MAX_SAFE_INTEGER,
    budget: p.budget,
    render: renderComplexityText,
    build,
  }).data;
}

function directoryPage(
  p: Page,
  listed: FileHead[],
  details: ReadonlyMap<string, FileAnalysis>,
  limit: number,
  perFile: number,
) {
  const functionsOf = (f: FileHead) => details.get(f.path)?.functions ?? [];
  const view = (f: FileHead, cap: number): ComplexityFileView =>
    p.detail === 'summary'
      ? fileHead(f)
      : withFunctions(f, topInSourceOrder(functionsOf(f).filter(p.keep), cap), p.detail);
  const build = (count: number, innerCap?: number) => {
    const files = listed.slice(p.start, p.start + count).map((f) => view(f, Math.min(perFile, innerCap ?? perFile)));
    const first = files[0];
    const cut =
      innerCap !== undefined && first
        ? [`functions of ${first.path}: ${first.functions?.length ?? 0} of ${listed[p.start]!.totals.functions} listed`]
        : [];
    return finish(p, 'files', count, listed.length, files, cut);
  };
  const innerMax = p.detail === 'summary' ? {} : { innerMax: perFile };
  return fitPage({
    total: listed.length,
    start: p.start,
    limit,
    budget: p.budget,
    render: renderComplexityText,
    build,
    ...innerMax,
  }).data;
}

/** The files of the listing in page order: a directory's, filtered and sorted; a file's one. */
export function complexityListing(
  snapshot: Snapshot,
  isDirectory: boolean,
  detail: Detail,
  args: ComplexityPageArgs,
): { listed: FileHead[]; sortBy: SortBy } {
  const sortBy = args.sortBy ?? (detail === 'summary' ? 'cognitive' : 'path');
  if (!isDirectory) return { listed: snapshot.files, sortBy };
  // A threshold narrows the listing to the files that have a function at or above it.
  const filtered = args.minCognitive !== undefined || args.minCyclomatic !== undefined;
  const kept = filtered
    ? snapshot.files.filter((f) => hasFunctionAtLeast(f, args.minCyclomatic ?? 0, args.minCognitive ?? 0))
    : snapshot.files;
  return { listed: sortFiles(kept, sortBy), sortBy };
}

/** The files whose functions a page may list: none at summary, else those from the page's start up to its limit. */
export function pageCandidates(
  listed: FileHead[],
  isDirectory: boolean,
  detail: Detail,
  start: number,
  args: ComplexityPageArgs,
): FileHead[] {
  if (!isDirectory) return listed.slice(0, 1);
  return detail === 'summary' ? [] : listed.slice(start, start + (args.limit ?? DEFAULT_LIMIT));
}

/**
 * A page of `listing` (complexityListing of the same snapshot and arguments); `details` are the full results of
 * pageCandidates.
 */
export function complexityPage(
  snapshot: Snapshot,
  listing: { listed: FileHead[]; sortBy: SortBy },
  details: FileAnalysis[],
  context: ComplexityPageContext,
  args: ComplexityPageArgs,
  serverTokens: number,
) {
  const { isDirectory, detail } = context;
  const { listed, sortBy } = listing;
  const start = context.paging.start;
  const keep = (fn: FunctionMetrics) => keepFunction(fn, args);
  const base = pageBase(snapshot, context, sortBy, start, listed.length);
  const page: Page = {
    detail,
    paging: context.paging,
    start,
    budget: budgetFor(args.maxTokens, serverTokens),
    keep,
    base,
  };
  if (!isDirectory && detail !== 'summary') return singleFilePage(page, listed[0]!, details[0]);
  return directoryPage(
    page,
    listed,
    new Map(details.map((f) => [f.path, f])),
    args.limit ?? DEFAULT_LIMIT,
    args.functionsPerFile ?? 25,
  );
}
