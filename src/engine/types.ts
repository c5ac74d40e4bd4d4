// The Engine contract: what every analysis engine (portable WASM, native Rust) computes.
// ../shared/METRICS.md is the normative description; these types are its shape.
// Everything here is plain JSON so that results cross worker threads, the napi boundary
// and the cache unchanged.

import type { FileTags } from './tags.js';

export type Language = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java';

export const LANGUAGES: readonly Language[] = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java'];

export type FunctionKind =
  'function' | 'method' | 'constructor' | 'getter' | 'setter' | 'arrow' | 'lambda' | 'closure' | 'generator';

export interface LineCounts {
  sloc: number;
  ploc: number;
  lloc: number;
  cloc: number;
  blank: number;
}

export interface Halstead {
  n1: number;
  n2: number;
  N1: number;
  N2: number;
  vocabulary: number;
  length: number;
  volume: number;
  difficulty: number;
  effort: number;
  bugs: number;
}

export interface FunctionMetrics {
  name: string;
  kind: FunctionKind;
  startLine: number;
  endLine: number;
  cyclomatic: number;
  cognitive: number;
  params: number;
  exits: number;
  maxNesting: number;
  loc: LineCounts;
  halstead: Halstead;
  mi: number;
  miNormalized: number;
}

export type SymbolKind =
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'function'
  | 'method'
  | 'constructor'
  | 'property'
  | 'variable'
  | 'module'
  | 'struct'
  | 'trait'
  | 'impl';

export interface SymbolInfo {
  name: string;
  kind: SymbolKind;
  startLine: number;
  endLine: number;
  exported: boolean;
  signature: string;
  children: SymbolInfo[];
}

export type ImportKind = 'static' | 'dynamic' | 'type' | 'reexport';

/** An import as written in the source, before resolution against the file system. */
export interface RawImport {
  /**
   * The specifier as written: './x.js', 'react', 'a.b.c', 'crate::x::y', 'github.com/m/p', 'mod:x' for Rust `mod x;`.
   */
  specifier: string;
  kind: ImportKind;
  line: number;
  /** Python: the names of `from X import a, b` (to find submodules). Java: the imported type or '*'. */
  names?: string[];
  /** Python relative imports: number of leading dots. */
  level?: number;
}

export interface ParseErrors {
  count: number;
  /** The first few locations, 1-based. */
  first: { line: number; column: number }[];
}

export interface FileTotals {
  functions: number;
  cyclomaticSum: number;
  cyclomaticMax: number;
  /** Sum of cognitive over functions that are not nested in another function. */
  cognitiveSum: number;
  loc: LineCounts;
}

/** The totals of a file whose metrics were not computed (`AnalyzeOptions.importsOnly`): all zero. */
export function emptyTotals(): FileTotals {
  return {
    functions: 0,
    cyclomaticSum: 0,
    cyclomaticMax: 0,
    cognitiveSum: 0,
    loc: { sloc: 0, ploc: 0, lloc: 0, cloc: 0, blank: 0 },
  };
}

/** Everything one engine knows about one file; cached by content hash. */
export interface FileAnalysis {
  /** Relative to the analysis root, with '/'. */
  path: string;
  language: Language;
  /** Every function in source order (by start position). */
  functions: FunctionMetrics[];
  totals: FileTotals;
  symbols: SymbolInfo[];
  imports: RawImport[];
  parseErrors: ParseErrors;
  /** Java only: the declared package; Go only: the package name. */
  packageName?: string;
}

/**
 * Why a file is not in `files`. `unreadable-directory`: a directory the walk could not list
 * (detail: the error code, `EILSEQ` for a name that is not UTF-8); nothing under it was
 * analysed. The Rust engine sends the same strings (crates/engine/src/error.rs).
 */
export type SkipReason =
  'binary' | 'too-large' | 'invalid-utf8' | 'unreadable' | 'unsupported-language' | 'vanished' | 'unreadable-directory';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export interface AnalyzeOptions {
  /** Absolute, already checked against the roots. A file or a directory. */
  path: string;
  /** The root that relative paths in results are computed from (absolute). */
  root: string;
  include?: string[];
  exclude?: string[];
  languages?: Language[];
  /** Bytes; default 1 MiB. */
  maxFileSize?: number;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /**
   * Analyse exactly these files (relative to root, as a discovery walk of `path` found them)
   * instead of walking `path`: the caller already holds results for the others. Each is still
   * checked (size, kind, existence) and may land in `skipped`.
   */
  files?: readonly string[];
  /**
   * Compute only what the dependency graph reads, skipping the metrics and structure passes.
   * Each file then has, as a full analysis would: `path`, `language`, `imports`,
   * `packageName` and `parseErrors`. Empty: `functions` is `[]`, `totals` is all zeros
   * (`functions`, `cyclomaticSum`, `cyclomaticMax`, `cognitiveSum` and every `loc` count 0),
   * and `symbols` is `[]` except in Java files, where it is the full symbol tree (Java import
   * resolution looks types up among the top-level symbols). `skipped` and `stats` are those
   * of a full analysis. Such results are no full results: never cache them as such.
   */
  importsOnly?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: EngineProgress) => void;
  /**
   * Also each analysed file's tags (what `tags()` gives for it), from the same parse, handed
   * here as files finish, in no particular order: the navigation index then parses a file
   * once, not once for its imports and again for its tags. Files not analysed give none.
   */
  onTags?: (tags: FileTags) => void;
}

export interface EngineProgress {
  filesDone: number;
  filesTotal: number;
  currentPath?: string;
}

export interface AnalyzeResult {
  files: FileAnalysis[];
  skipped: SkippedFile[];
  stats: {
    filesAnalyzed: number;
    bytes: number;
    cacheHits: number;
    cacheMisses: number;
    durationMs: number;
  };
}

/** What import resolution reads of a file (an analysis result has it; so does a snapshot's file head). */
export type ImportFacts = Pick<FileAnalysis, 'path' | 'language' | 'imports' | 'packageName'> & {
  /** Top-level symbol names: Java resolves an imported type by name. */
  symbols: readonly { name: string }[];
};

export interface DependencyOptions {
  includeExternal?: boolean;
  /** Let `type` edges make cycles (default: only import-time edges, `static` and `reexport`). */
  includeTypeEdges?: boolean;
  /** Let `dynamic` edges make cycles (`import()`, `require()`, Python imports at call time). */
  includeDynamicEdges?: boolean;
}

export type EdgeTargetKind = 'file' | 'external' | 'builtin';

export interface DependencyEdge {
  from: string;
  to: string;
  kind: ImportKind;
  line: number;
  target: EdgeTargetKind;
}

export interface DependencyNode {
  id: string;
  kind: EdgeTargetKind;
  language?: Language;
  fanIn: number;
  fanOut: number;
  instability: number;
}

export interface DependencyGraph {
  nodes: DependencyNode[];
  edges: DependencyEdge[];
  cycles: string[][];
  unresolved: { from: string; specifier: string; line: number }[];
  orphans: string[];
}

export type EngineKind = 'native' | 'wasm';

/** A file to tag: where to read it, the path to report, its language (discovery decided it). */
export interface TagFile {
  abs: string;
  rel: string;
  language: Language;
}

export interface Engine {
  readonly kind: EngineKind;
  readonly version: string;
  /**
   * Names this build of the tags extraction (the query files and the code after the query):
   * tags kept between runs under another are never read. Without it tags are not kept on disk.
   */
  readonly tagsBuild?: string;
  analyze(options: AnalyzeOptions): Promise<AnalyzeResult>;
  /**
   * The tags of each file (queries/tags, src/engine/tags.ts), in the order given; a file that
   * cannot be read (vanished, binary, too large, not UTF-8) is left out.
   */
  tags(files: readonly TagFile[], options?: { maxFileSize?: number; signal?: AbortSignal }): Promise<FileTags[]>;
  /** Resolve the raw imports of an analysis against the file system and build the graph. */
  dependencies(
    result: { files: readonly ImportFacts[] },
    root: string,
    options?: DependencyOptions,
  ): Promise<DependencyGraph>;
  close(): Promise<void>;
}
