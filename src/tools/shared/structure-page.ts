import type { FileAnalysis, SkippedFile, SymbolInfo } from '../../engine/types.js';
import { budgetFor, fitPage } from './budget.js';
import type { Detail } from './detail.js';
import { decodeCursor, nextCursorAfter, truncationNote } from './paging.js';
import { renderStructureText, type SymbolView } from './structure-text.js';

// One page of analyze_structure under the answer budget. A directory pages over files, a
// single file over its top-level symbols. The detail sets how deep the tree goes (summary: top
// level, standard: two levels, full: all) and whether signatures are given (not at summary).

export interface StructurePageArgs {
  maxDepth?: number | undefined;
  exportedOnly?: boolean | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
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

export function structurePage(files: FileAnalysis[], skipped: SkippedFile[], isDirectory: boolean, detail: Detail, args: StructurePageArgs, serverTokens: number) {
  const budget = budgetFor(args.maxTokens, serverTokens);
  const start = decodeCursor(args.cursor);
  const maxDepth = args.maxDepth ?? DEPTH[detail];
  const signatures = detail !== 'summary';
  const topOf = (f: FileAnalysis) => (args.exportedOnly ? f.symbols.filter((s) => s.exported) : f.symbols);
  const base = { detail, skipped: start === 0 ? skipped.slice(0, SKIPPED_LISTED) : [], skippedTotal: skipped.length };
  const fileView = (f: FileAnalysis, top: SymbolInfo[], shown: SymbolInfo[]) => ({
    path: f.path,
    language: f.language,
    symbols: project(shown, 1, maxDepth, signatures),
    ...(shown.length < top.length ? { symbolsOmitted: top.length - shown.length } : {}),
    ...(f.parseErrors.count > 0 ? { parseErrors: f.parseErrors } : {}),
  });
  const note = (unit: string, count: number, total: number, nextCursor: string | undefined, cut: string[] = []) =>
    truncationNote({ unit, start, count, total, nextCursor, cut, budgetTokens: budget.tokens, narrow: NARROW });

  if (!isDirectory) {
    const file = files[0]!;
    const top = topOf(file);
    const build = (count: number) => {
      const nextCursor = nextCursorAfter(start, count, top.length);
      const truncated = note('top-level symbols', count, top.length, nextCursor);
      const view = fileView(file, top, top.slice(start, start + count));
      return { ...base, files: [view], total: 1, ...(nextCursor ? { nextCursor } : {}), ...(truncated ? { truncated } : {}) };
    };
    return fitPage({ total: top.length, start, limit: Number.MAX_SAFE_INTEGER, budget, render: renderStructureText, build }).data;
  }

  const build = (count: number, innerCap?: number) => {
    const page = files.slice(start, start + count).map((f) => {
      const top = topOf(f);
      return fileView(f, top, innerCap === undefined ? top : top.slice(0, innerCap));
    });
    const nextCursor = nextCursorAfter(start, count, files.length);
    const first = page[0];
    const cut = innerCap !== undefined && first ? [`top-level symbols of ${first.path}: ${first.symbols.length} of ${first.symbols.length + (first.symbolsOmitted ?? 0)} listed (call again on that file to page through them)`] : [];
    const truncated = note('files', count, files.length, nextCursor, cut);
    return { ...base, files: page, total: files.length, ...(nextCursor ? { nextCursor } : {}), ...(truncated ? { truncated } : {}) };
  };
  const innerMax = Math.max(0, ...files.slice(start, start + 1).map((f) => topOf(f).length));
  return fitPage({ total: files.length, start, limit: args.limit ?? 50, budget, render: renderStructureText, build, innerMax }).data;
}
