import type { FileAnalysis, FunctionMetrics } from '../../engine/types.js';

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

export function topFunctions(files: FileAnalysis[], n: number): TopFunction[] {
  const all = files.flatMap((file) => file.functions.map((f) => ({ path: file.path, name: f.name, startLine: f.startLine, cognitive: f.cognitive, cyclomatic: f.cyclomatic })));
  return all
    .sort((a, b) => b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine))
    .slice(0, n);
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
