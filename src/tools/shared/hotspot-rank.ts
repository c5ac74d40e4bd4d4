import type { FileHead } from '../../analysis/file-heads.js';
import type { ChangeHistory } from '../../git/change-history.js';
import type { FileLineage, LineRange } from '../../git/line-changes.js';
import type { FunctionMetrics } from '../../engine/types.js';

// Hotspots: code that is both complex and often changed (docs/METRICS.md, "Hotspots").
// score = (commits / most commits of any listed file) × (complexity / highest complexity of any
// listed file), where a file is listed when it is analysed today and changed in the window.

export const HOTSPOT_SORTS = ['score', 'commits', 'churn', 'authors', 'complexity'] as const;
export type HotspotSort = (typeof HOTSPOT_SORTS)[number];

export interface HotspotRow {
  path: string;
  commits: number;
  churn: number;
  authors: number;
  /** Sum of the cognitive complexity of the file's functions, today. */
  complexity: number;
  score: number;
}

export interface HotspotRanking {
  rows: HotspotRow[];
  maxCommits: number;
  maxComplexity: number;
  /** Paths changed in the window, under the analysed path, that are not analysed files today. */
  changedNotAnalysed: number;
}

/** A score to 4 decimals: enough to order a few thousand files, short to read. */
const round = (x: number) => Math.round(x * 10_000) / 10_000;

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function compareRows(sortBy: HotspotSort): (a: HotspotRow, b: HotspotRow) => number {
  const tieBreak = (a: HotspotRow, b: HotspotRow) =>
    b.score - a.score || b.commits - a.commits || b.complexity - a.complexity || byPath(a, b);
  if (sortBy === 'score') return tieBreak;
  return (a, b) => b[sortBy] - a[sortBy] || tieBreak(a, b);
}

/**
 * The listed files, ranked. `history` paths are relative to `gitDir`, which is the analysed
 * directory (or a file's directory) as a path relative to the root, like the heads' paths;
 * `within` says which root-relative paths the call asked about.
 */
export function rankHotspots(
  heads: readonly FileHead[],
  history: ChangeHistory,
  gitDir: string,
  within: (path: string) => boolean,
  sortBy: HotspotSort,
): HotspotRanking {
  const complexityOf = new Map(heads.map((h) => [h.path, h.totals.cognitiveSum]));
  const rows: HotspotRow[] = [];
  let changedNotAnalysed = 0;
  for (const [relative, changes] of history.files) {
    const path = gitDir ? `${gitDir}/${relative}` : relative;
    if (!within(path)) continue;
    const complexity = complexityOf.get(path);
    if (complexity === undefined) changedNotAnalysed++;
    else rows.push({ path, ...changes, complexity, score: 0 });
  }
  const maxCommits = rows.reduce((m, r) => Math.max(m, r.commits), 0);
  const maxComplexity = rows.reduce((m, r) => Math.max(m, r.complexity), 0);
  for (const r of rows)
    r.score = maxComplexity === 0 ? 0 : round((r.commits / maxCommits) * (r.complexity / maxComplexity));
  rows.sort(compareRows(sortBy));
  return { rows, maxCommits, maxComplexity, changedNotAnalysed };
}

export interface FunctionHotspot {
  name: string;
  kind: string;
  startLine: number;
  endLine: number;
  cognitive: number;
  /** Of the file's commits read, those that changed lines of this function (as it is today). */
  commits: number;
  score: number;
}

/**
 * The functions a change touched: those its lines fall in, except a function that only
 * encloses the change because a nested function (a method of a class, a closure) holds it
 * whole; then the nested one alone is counted.
 */
export function touchedFunctions(functions: readonly FunctionMetrics[], [first, last]: LineRange): number[] {
  const hit: number[] = [];
  functions.forEach((f, i) => {
    if (f.startLine <= last && f.endLine >= first) hit.push(i);
  });
  const inside = (g: FunctionMetrics, f: FunctionMetrics) => f.startLine <= g.startLine && g.endLine <= f.endLine;
  return hit.filter((i) => {
    const f = functions[i]!;
    return !hit.some((j) => {
      if (j === i) return false;
      const g = functions[j]!;
      const nested = inside(g, f) && (!inside(f, g) || j > i);
      return nested && g.startLine <= first && last <= g.endLine;
    });
  });
}

/**
 * A file's functions ranked like its files are: (commits / most commits of a function of
 * the file) × (cognitive / highest cognitive of a changed function of the file). Only
 * functions some commit read touched; at most `max`.
 */
export function functionHotspots(
  functions: readonly FunctionMetrics[],
  lineage: FileLineage,
  max: number,
): FunctionHotspot[] {
  const commits = new Array<number>(functions.length).fill(0);
  for (const ranges of lineage.commits) {
    const touched = new Set<number>();
    for (const range of ranges) for (const i of touchedFunctions(functions, range)) touched.add(i);
    for (const i of touched) commits[i]! += 1;
  }
  const changed = functions.map((f, i) => ({ f, commits: commits[i]! })).filter((x) => x.commits > 0);
  const maxCommits = changed.reduce((m, x) => Math.max(m, x.commits), 0);
  const maxCognitive = changed.reduce((m, x) => Math.max(m, x.f.cognitive), 0);
  return changed
    .map(({ f, commits: n }) => ({
      name: f.name,
      kind: f.kind,
      startLine: f.startLine,
      endLine: f.endLine,
      cognitive: f.cognitive,
      commits: n,
      score: maxCognitive === 0 ? 0 : round((n / maxCommits) * (f.cognitive / maxCognitive)),
    }))
    .sort(
      (a, b) => b.score - a.score || b.commits - a.commits || b.cognitive - a.cognitive || a.startLine - b.startLine,
    )
    .slice(0, max);
}
