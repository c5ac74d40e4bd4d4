import type { FileAnalysis, FunctionMetrics, Halstead, LineCounts } from '../../engine/types.js';

// Bounded views of a complexity result: what an agent should see first.

export type SortBy = 'path' | 'cognitive' | 'cyclomatic' | 'loc';

export interface FunctionFilter {
  minCyclomatic?: number;
  minCognitive?: number;
}

export function keepFunction(f: FunctionMetrics, filter: FunctionFilter): boolean {
  return f.cyclomatic >= (filter.minCyclomatic ?? 0) && f.cognitive >= (filter.minCognitive ?? 0);
}

const fileKey: Record<SortBy, (f: FileAnalysis) => number> = {
  path: () => 0,
  cognitive: (f) => f.totals.cognitiveSum,
  cyclomatic: (f) => f.totals.cyclomaticSum,
  loc: (f) => f.totals.loc.sloc,
};

/** Files in the asked order; ties (and 'path') by path so pages are stable. */
export function sortFiles(files: FileAnalysis[], sortBy: SortBy): FileAnalysis[] {
  const key = fileKey[sortBy];
  return [...files].sort((a, b) => key(b) - key(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** At most `max` functions of a file: the most complex ones, given back in source order. */
export function topInSourceOrder(functions: FunctionMetrics[], max: number): FunctionMetrics[] {
  if (functions.length <= max) return functions;
  const chosen = new Set(
    [...functions].sort((a, b) => b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic || a.startLine - b.startLine).slice(0, max),
  );
  return functions.filter((f) => chosen.has(f));
}

export interface TopFunction {
  path: string;
  name: string;
  startLine: number;
  cognitive: number;
  cyclomatic: number;
}

const functionKey: Record<SortBy, (f: FunctionMetrics) => number> = {
  path: (f) => f.cognitive,
  cognitive: (f) => f.cognitive,
  cyclomatic: (f) => f.cyclomatic,
  loc: (f) => f.endLine - f.startLine + 1,
};

/** The n worst functions over all files by the sort key ('path' ranks by cognitive); ties by cyclomatic, then place. */
export function topFunctions(files: FileAnalysis[], n: number, sortBy: SortBy = 'cognitive'): TopFunction[] {
  const key = functionKey[sortBy];
  const all = files.flatMap((file) => file.functions.map((f) => ({ file, f, k: key(f) })));
  return all
    .sort((a, b) => b.k - a.k || b.f.cyclomatic - a.f.cyclomatic || (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.f.startLine - b.f.startLine))
    .slice(0, n)
    .map(({ file, f }) => ({ path: file.path, name: f.name, startLine: f.startLine, cognitive: f.cognitive, cyclomatic: f.cyclomatic }));
}

/** A function at detail standard: complexity, place, parameters and nesting; no Halstead, MI or line kinds. */
export function standardFunction(f: FunctionMetrics) {
  const { name, kind, startLine, endLine, cyclomatic, cognitive, params, exits, maxNesting } = f;
  return { name, kind, startLine, endLine, cyclomatic, cognitive, params, exits, maxNesting };
}

export function summarize(files: FileAnalysis[]) {
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
