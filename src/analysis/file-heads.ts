import type { DiscoveredFile } from '../engine/discovery.js';
import type { FileAnalysis, FunctionMetrics } from '../engine/types.js';

// What a snapshot keeps of each file: enough to list, sort, filter and total every file and to
// build the dependency graph, and nothing that grows with the size of a function or a symbol
// tree. A file's functions and symbols stay in the cache tiers (or are analysed again, from the
// same unchanged file) and are fetched for the few files a page shows. So memory held for a
// whole analysis grows by a few hundred bytes per file, not by the size of its results.

export interface FileHead {
  path: string;
  language: FileAnalysis['language'];
  totals: FileAnalysis['totals'];
  parseErrors: FileAnalysis['parseErrors'];
  packageName?: string;
  imports: FileAnalysis['imports'];
  /** Java only: top-level symbol names (import resolution looks a type up by name); empty otherwise. */
  symbols: { name: string }[];
  /** Per function in source order: cyclomatic, cognitive (filters need them for every file). */
  complexity: Int32Array;
  /** Where the file's full result is found again: its stat when the scan saw it (the path is `path`). */
  stat: { size: number; mtimeMs: number; ino: number };
}

// Shared by every head that has none: most files have no parse errors, and only Java keeps symbols.
const NO_SYMBOLS: { name: string }[] = [];
const NO_FUNCTIONS = new Int32Array(0);
const NO_PARSE_ERRORS: FileAnalysis['parseErrors'] = { count: 0, first: [] };

/** The discovered file a head was made from, for a lookup in the tiers. */
export function sourceOf(head: FileHead, root: string): DiscoveredFile {
  return {
    abs: `${root}/${head.path}`,
    rel: head.path,
    language: head.language,
    size: head.stat.size,
    mtimeMs: head.stat.mtimeMs,
    ino: head.stat.ino,
  };
}

/** A function that may be among the worst of a whole analysis: name, start line, end line, cyclomatic, cognitive. */
export type TopCandidate = [name: string, startLine: number, endLine: number, cyclomatic: number, cognitive: number];

/**
 * The shape of HeadRecord: a record of another shape on disk (written by another version of this
 * code for the same engine) is a miss, never misread. Change it with the shape.
 */
export const HEAD_RECORD_VERSION = 1;

/**
 * What the disk tier keeps of a file beside its full result, as plain JSON: the head without
 * what the lookup knows (path and stat), and the file's own candidates for the worst functions.
 * A warm scan parses this, never the full result, and rebuilds the very head and top functions
 * the full result gives.
 */
export interface HeadRecord {
  v: number;
  language: FileAnalysis['language'];
  totals: FileAnalysis['totals'];
  parseErrors: FileAnalysis['parseErrors'];
  packageName?: string;
  imports: FileAnalysis['imports'];
  /** Java only: top-level symbol names. */
  symbols?: string[];
  /** Per function in source order: cyclomatic, cognitive. */
  complexity: number[];
  /** In source order (see topCandidates). */
  top: TopCandidate[];
}

export function recordOf(f: FileAnalysis): HeadRecord {
  const complexity = new Array<number>(f.functions.length * 2);
  f.functions.forEach((fn, i) => {
    complexity[2 * i] = fn.cyclomatic;
    complexity[2 * i + 1] = fn.cognitive;
  });
  return {
    v: HEAD_RECORD_VERSION,
    language: f.language,
    totals: f.totals,
    parseErrors: f.parseErrors,
    ...(f.packageName !== undefined ? { packageName: f.packageName } : {}),
    imports: f.imports,
    ...(f.language === 'java' ? { symbols: f.symbols.map((s) => s.name) } : {}),
    complexity,
    top: topCandidates(f.functions).map((i) => {
      const fn = f.functions[i]!;
      return [fn.name, fn.startLine, fn.endLine, fn.cyclomatic, fn.cognitive];
    }),
  };
}

export function headFromRecord(r: HeadRecord, source: DiscoveredFile): FileHead {
  return {
    path: source.rel,
    language: r.language,
    totals: r.totals,
    parseErrors: r.parseErrors.count === 0 ? NO_PARSE_ERRORS : r.parseErrors,
    ...(r.packageName !== undefined ? { packageName: r.packageName } : {}),
    imports: r.imports,
    symbols: r.symbols ? r.symbols.map((name) => ({ name })) : NO_SYMBOLS,
    complexity: r.complexity.length === 0 ? NO_FUNCTIONS : new Int32Array(r.complexity),
    stat: { size: source.size, mtimeMs: source.mtimeMs, ino: source.ino },
  };
}

export function headOf(f: FileAnalysis, source: DiscoveredFile): FileHead {
  const complexity = f.functions.length === 0 ? NO_FUNCTIONS : new Int32Array(f.functions.length * 2);
  f.functions.forEach((fn, i) => {
    complexity[2 * i] = fn.cyclomatic;
    complexity[2 * i + 1] = fn.cognitive;
  });
  return {
    path: source.rel,
    language: f.language,
    totals: f.totals,
    parseErrors: f.parseErrors.count === 0 ? NO_PARSE_ERRORS : f.parseErrors,
    ...(f.packageName !== undefined ? { packageName: f.packageName } : {}),
    imports: f.imports,
    symbols: f.language === 'java' ? f.symbols.map((s) => ({ name: s.name })) : NO_SYMBOLS,
    complexity,
    stat: { size: source.size, mtimeMs: source.mtimeMs, ino: source.ino },
  };
}

/** Whether some function of the file has at least both complexities. */
export function hasFunctionAtLeast(head: FileHead, minCyclomatic: number, minCognitive: number): boolean {
  const c = head.complexity;
  for (let i = 0; i < c.length; i += 2) if (c[i]! >= minCyclomatic && c[i + 1]! >= minCognitive) return true;
  return false;
}

export interface TopFunction {
  path: string;
  name: string;
  startLine: number;
  cognitive: number;
  cyclomatic: number;
}

export type FunctionRanking = 'cognitive' | 'cyclomatic' | 'loc';

const RANKED = 10;
const rankKey: Record<FunctionRanking, (f: FunctionMetrics) => number> = {
  cognitive: (f) => f.cognitive,
  cyclomatic: (f) => f.cyclomatic,
  loc: (f) => f.endLine - f.startLine + 1,
};

type Ranked = TopFunction & { k: number };

/** Worst first; ties by cyclomatic, then by place (path, line): one order, whatever the arrival order. */
function before(a: Ranked, b: Ranked): boolean {
  return beats(a.k, a.cyclomatic, a.path, a.startLine, b);
}

/** Whether a function of these keys goes before b (before() without an entry made first). */
function beats(k: number, cyclomatic: number, path: string, startLine: number, b: Ranked): boolean {
  if (k !== b.k) return k > b.k;
  if (cyclomatic !== b.cyclomatic) return cyclomatic > b.cyclomatic;
  if (path !== b.path) return path < b.path;
  return startLine < b.startLine;
}

/** Puts an entry in a list of the RANKED worst (an equal one goes after those already there). */
function rank<T extends Ranked>(list: T[], entry: T): void {
  if (list.length === RANKED && !before(entry, list[RANKED - 1]!)) return;
  let at = list.length;
  while (at > 0 && before(entry, list[at - 1]!)) at--;
  list.splice(at, 0, entry);
  if (list.length > RANKED) list.pop();
}

const RANKINGS: readonly FunctionRanking[] = ['cognitive', 'cyclomatic', 'loc'];

/**
 * The indices (ascending) of the functions of one file that are among its own 10 worst by some
 * ranking. Only they can be among the 10 worst of a whole analysis: a function behind 10 of its
 * own file is behind them everywhere (functions of two files never tie: the path decides), and
 * fed in source order they rank as the whole list would.
 */
export function topCandidates(functions: readonly FunctionMetrics[]): number[] {
  if (functions.length <= RANKED) return functions.map((_, i) => i);
  const chosen = new Set<number>();
  for (const ranking of RANKINGS) {
    const list: (Ranked & { i: number })[] = [];
    functions.forEach((fn, i) =>
      rank(list, {
        path: '',
        name: fn.name,
        startLine: fn.startLine,
        cognitive: fn.cognitive,
        cyclomatic: fn.cyclomatic,
        k: rankKey[ranking](fn),
        i,
      }),
    );
    for (const e of list) chosen.add(e.i);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The 10 worst functions of a whole analysis by each ranking, kept while files stream past. */
export class TopFunctions {
  private readonly lists: Record<FunctionRanking, Ranked[]> = { cognitive: [], cyclomatic: [], loc: [] };

  /** Every function of a file (a full result). */
  add(f: FileAnalysis): void {
    this.addCandidates(
      f.path,
      f.functions.map((fn) => [fn.name, fn.startLine, fn.endLine, fn.cyclomatic, fn.cognitive]),
    );
  }

  /** A file's functions, or its candidates (HeadRecord.top), in source order. */
  addCandidates(path: string, functions: readonly TopCandidate[]): void {
    for (const ranking of RANKINGS) {
      const list = this.lists[ranking];
      for (const [name, startLine, endLine, cyclomatic, cognitive] of functions) {
        const k = ranking === 'cognitive' ? cognitive : ranking === 'cyclomatic' ? cyclomatic : endLine - startLine + 1;
        // Most functions of a large analysis enter no list: no entry is made for them.
        if (list.length < RANKED || beats(k, cyclomatic, path, startLine, list[RANKED - 1]!))
          rank(list, { path, name, startLine, cognitive, cyclomatic, k });
      }
    }
  }

  result(): Record<FunctionRanking, TopFunction[]> {
    const strip = (list: Ranked[]) => list.map(({ k: _k, ...top }) => top);
    return {
      cognitive: strip(this.lists.cognitive),
      cyclomatic: strip(this.lists.cyclomatic),
      loc: strip(this.lists.loc),
    };
  }
}
