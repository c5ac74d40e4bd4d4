import type { Snapshot } from '../../analysis/snapshots.js';
import type { FileAnalysis, SkippedFile, SymbolInfo } from '../../engine/types.js';
import { budgetFor, fitPage, type Budget } from './budget.js';
import type { Detail } from './detail.js';
import { nextCursorAfter, truncationNote, type Paging } from './paging.js';
import { renderStructureText, type SymbolView } from './structure-text.js';

// One page of analyze_structure under the answer budget. A directory pages over files, a
// single file over its top-level symbols. The detail sets how deep the tree goes (summary: top
// level, standard: two levels, full: all) and whether signatures are given (not at summary).
// The page is built from the full results of the files from its start up to its limit (the
// tool fetches them); the snapshot gives the count and the skipped files.

/** Most files per page unless limit says otherwise. */
export const STRUCTURE_LIMIT = 50;

export interface StructurePageArgs {
  maxDepth?: number | undefined;
  exportedOnly?: boolean | undefined;
  limit?: number | undefined;
  maxTokens?: number | undefined;
}

const DEPTH: Record<Detail, number> = { summary: 1, standard: 2, full: Number.MAX_SAFE_INTEGER };
const SKIPPED_LISTED = 20;
const NARROW = 'a narrower path, include/exclude globs, exportedOnly, maxDepth, or detail "summary"';

/** The tree cut at maxDepth (1 = top level only); a cut node says how many children it has. */
function project(symbols: SymbolInfo[], depth: number, maxDepth: number, signatures: boolean): SymbolView[] {
  return symbols.map((s) => {
    const { children, signature, ...rest } = s;
    const view: SymbolView = { ...rest, ...(signatures ? { signature } : {}) };
    if (depth < maxDepth) view.children = project(children, depth + 1, maxDepth, signatures);
    else if (children.length > 0) view.childrenOmitted = children.length;
    return view;
  });
}

interface Page {
  paging: Paging;
  start: number;
  budget: Budget;
  top: (f: FileAnalysis) => SymbolInfo[];
  view: (f: FileAnalysis, shown: SymbolInfo[]) => ReturnType<typeof fileView>;
  base: { detail: Detail; skipped: SkippedFile[]; skippedTotal: number };
}

function fileView(f: FileAnalysis, symbols: SymbolView[], omitted: number) {
  return {
    path: f.path,
    language: f.language,
    symbols,
    ...(omitted > 0 ? { symbolsOmitted: omitted } : {}),
    ...(f.parseErrors.count > 0 ? { parseErrors: f.parseErrors } : {}),
  };
}

function finish(
  p: Page,
  unit: string,
  count: number,
  total: number,
  files: ReturnType<typeof fileView>[],
  cut: string[] = [],
) {
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
  return {
    ...p.base,
    files,
    total: unit === 'files' ? total : 1,
    ...(nextCursor ? { nextCursor } : {}),
    ...(truncated ? { truncated } : {}),
  };
}

/** One file: its top-level symbols are the items. */
function singleFilePage(p: Page, file: FileAnalysis) {
  const top = p.top(file);
  const build = (count: number) =>
    finish(p, 'top-level symbols', count, top.length, [p.view(file, top.slice(p.start, p.start + count))]);
  return fitPage({
    total: top.length,
    start: p.start,
    limit: Number.MAX_SAFE_INTEGER,
    budget: p.budget,
    render: renderStructureText,
    build,
  }).data;
}

/** `files` are the page's candidates (from its start); `total` counts the whole listing. */
function directoryPage(p: Page, files: FileAnalysis[], total: number, limit: number) {
  const build = (count: number, innerCap?: number) => {
    const page = files
      .slice(0, count)
      .map((f) => p.view(f, innerCap === undefined ? p.top(f) : p.top(f).slice(0, innerCap)));
    const first = page[0];
    const cut =
      innerCap !== undefined && first
        ? [
            `top-level symbols of ${first.path}: ${first.symbols.length} of ${first.symbols.length + (first.symbolsOmitted ?? 0)} listed (call again on that file to page through them)`,
          ]
        : [];
    return finish(p, 'files', count, total, page, cut);
  };
  const innerMax = files[0] ? p.top(files[0]).length : 0;
  return fitPage({
    total,
    start: p.start,
    limit: Math.min(limit, files.length),
    budget: p.budget,
    render: renderStructureText,
    build,
    innerMax,
  }).data;
}

export function structurePage(
  files: FileAnalysis[],
  snapshot: Snapshot,
  isDirectory: boolean,
  detail: Detail,
  paging: Paging,
  args: StructurePageArgs,
  serverTokens: number,
) {
  const { skipped } = snapshot;
  const start = paging.start;
  const maxDepth = args.maxDepth ?? DEPTH[detail];
  const top = (f: FileAnalysis) => (args.exportedOnly ? f.symbols.filter((s) => s.exported) : f.symbols);
  const page: Page = {
    paging,
    start,
    budget: budgetFor(args.maxTokens, serverTokens),
    top,
    view: (f, shown) => fileView(f, project(shown, 1, maxDepth, detail !== 'summary'), top(f).length - shown.length),
    base: { detail, skipped: start === 0 ? skipped.slice(0, SKIPPED_LISTED) : [], skippedTotal: skipped.length },
  };
  return isDirectory
    ? directoryPage(page, files, snapshot.files.length, args.limit ?? STRUCTURE_LIMIT)
    : singleFilePage(page, files[0]!);
}
