import type { FileHead, FunctionRanking } from '../../analysis/file-heads.js';
import type { Snapshot } from '../../analysis/snapshots.js';
import type { FileAnalysis, FileTotals, FunctionMetrics, Halstead, LineCounts } from '../../engine/types.js';

// Bounded views of a complexity result: what an agent should see first.

export type SortBy = 'path' | 'cognitive' | 'cyclomatic' | 'loc';

export interface FunctionFilter {
  minCyclomatic?: number;
  minCognitive?: number;
}

export function keepFunction(f: FunctionMetrics, filter: FunctionFilter): boolean {
  return f.cyclomatic >= (filter.minCyclomatic ?? 0) && f.cognitive >= (filter.minCognitive ?? 0);
}

type Totalled = { path: string; totals: FileTotals };

const fileKey: Record<SortBy, (f: Totalled) => number> = {
  path: () => 0,
  cognitive: (f) => f.totals.cognitiveSum,
  cyclomatic: (f) => f.totals.cyclomaticSum,
  loc: (f) => f.totals.loc.sloc,
};

/** Files in the asked order; ties (and 'path') by path so pages are stable. */
export function sortFiles<T extends Totalled>(files: readonly T[], sortBy: SortBy): T[] {
  const key = fileKey[sortBy];
  return [...files].sort((a, b) => key(b) - key(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** At most `max` functions of a file: the most complex ones, given back in source order. */
export function topInSourceOrder(functions: FunctionMetrics[], max: number): FunctionMetrics[] {
  if (functions.length <= max) return functions;
  const chosen = new Set(
    [...functions]
      .sort((a, b) => b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic || a.startLine - b.startLine)
      .slice(0, max),
  );
  return functions.filter((f) => chosen.has(f));
}

/** The ranking of summary.topFunctions for a sort order ('path' ranks by cognitive). */
export function rankingFor(sortBy: SortBy): FunctionRanking {
  return sortBy === 'path' ? 'cognitive' : sortBy;
}

/** A function at detail standard: complexity, place, parameters and nesting; no Halstead, MI or line kinds. */
export function standardFunction(f: FunctionMetrics) {
  const { name, kind, startLine, endLine, cyclomatic, cognitive, params, exits, maxNesting } = f;
  return { name, kind, startLine, endLine, cyclomatic, cognitive, params, exits, maxNesting };
}

export function summarize(files: readonly Pick<FileHead, 'language' | 'totals' | 'parseErrors'>[]) {
  const byLanguage: Record<string, { files: number; functions: number }> = {};
  let functions = 0;
  let cyclomaticSum = 0;
  let cognitiveSum = 0;
  let lines = 0;
  let parseErrors = 0;
  for (const f of files) {
    const entry = (byLanguage[f.language] ??= { files: 0, functions: 0 });
    entry.files += 1;
    entry.functions += f.totals.functions;
    functions += f.totals.functions;
    cyclomaticSum += f.totals.cyclomaticSum;
    cognitiveSum += f.totals.cognitiveSum;
    lines += f.totals.loc.sloc;
    parseErrors += f.parseErrors.count;
  }
  return { files: files.length, functions, cyclomaticSum, cognitiveSum, lines, parseErrors, byLanguage };
}

const totalsBySnapshot = new WeakMap<Snapshot, ReturnType<typeof summarize>>();

/** summarize() of a whole snapshot, once per snapshot (every call on it, paged or repeated, needs it). */
export function snapshotTotals(snapshot: Snapshot): ReturnType<typeof summarize> {
  let totals = totalsBySnapshot.get(snapshot);
  if (!totals) {
    totals = summarize(snapshot.files);
    totalsBySnapshot.set(snapshot, totals);
  }
  return totals;
}

/** One file of an analyze_complexity answer: functions at standard and full detail only. */
export interface ComplexityFileView {
  path: string;
  language: string;
  totals: FileAnalysis['totals'];
  functions?: (ReturnType<typeof standardFunction> | FunctionMetrics)[];
  functionsOmitted?: number;
  parseErrors?: FileAnalysis['parseErrors'];
}

/**
 * A function row as the text blocks read it, at any detail: the output schema's looser shape
 * (kind as text; line kinds, Halstead and MI only at detail full).
 */
export type FunctionRow = Omit<FunctionMetrics, 'kind' | 'loc' | 'halstead' | 'mi' | 'miNormalized'> & {
  kind: string;
  loc?: LineCounts | undefined;
  halstead?: Halstead | undefined;
  mi?: number | undefined;
  miNormalized?: number | undefined;
};
