import { fitPage, type Budget } from './budget.js';
import type { Detail } from './detail.js';
import type { FunctionHotspot, HotspotRanking, HotspotRow } from './hotspot-rank.js';
import { renderHotspotText } from './hotspot-text.js';
import { nextCursorAfter, truncationNote, type Paging } from './paging.js';

// One page of hotspots under the answer budget: files in rank order, and for the page's
// first few files (detail standard and full) their changed functions.

/** How far the per-function view reaches, by detail: files of the page, functions per file, commits read per file. */
export const FUNCTION_VIEW: Record<Detail, { files: number; functions: number; commits: number }> = {
  summary: { files: 0, functions: 0, commits: 0 },
  standard: { files: 5, functions: 5, commits: 50 },
  full: { files: 10, functions: 10, commits: 100 },
};

export const HOTSPOT_LIMIT = 50;
const NARROW = 'a narrower path, include/exclude globs, a later since, or detail "summary"';

export interface FunctionView {
  functions: FunctionHotspot[];
  commitsRead: number;
}

export interface HotspotPageInput {
  base: {
    detail: Detail;
    sortBy: string;
    since: string;
    head: string | null;
    shallow: boolean;
    skippedTotal: number;
  };
  ranking: HotspotRanking;
  /** Non-merge commits read in the window. */
  commits: number;
  /** Per-function views of some of the page's files, by path. */
  functions: ReadonlyMap<string, FunctionView>;
  paging: Paging;
  limit: number;
  budget: Budget;
}

function fileView(row: HotspotRow, view: FunctionView | undefined, cap: number | undefined) {
  if (!view) return row;
  return {
    ...row,
    functions: cap === undefined ? view.functions : view.functions.slice(0, cap),
    commitsRead: view.commitsRead,
  };
}

export function hotspotPage(input: HotspotPageInput) {
  const { ranking, paging, budget } = input;
  const { rows } = ranking;
  const start = paging.start;
  const summary = {
    commits: input.commits,
    filesChanged: rows.length,
    maxCommits: ranking.maxCommits,
    maxComplexity: ranking.maxComplexity,
    changedNotAnalysed: ranking.changedNotAnalysed,
  };
  const build = (count: number, innerCap?: number) => {
    const files = rows.slice(start, start + count).map((r) => fileView(r, input.functions.get(r.path), innerCap));
    const nextCursor = nextCursorAfter(paging, count, rows.length);
    const first = files[0];
    const cut =
      innerCap !== undefined && first && 'functions' in first
        ? [`functions of ${first.path}: ${first.functions.length} listed`]
        : [];
    const truncated = truncationNote({
      unit: 'files',
      start,
      count,
      total: rows.length,
      nextCursor,
      cut,
      budgetTokens: budget.tokens,
      narrow: NARROW,
    });
    return {
      ...input.base,
      files,
      summary,
      total: rows.length,
      ...(nextCursor ? { nextCursor } : {}),
      ...(truncated ? { truncated } : {}),
    };
  };
  const innerMax = Math.max(0, ...[...input.functions.values()].map((v) => v.functions.length));
  return fitPage({ total: rows.length, start, limit: input.limit, budget, render: renderHotspotText, build, innerMax })
    .data;
}
