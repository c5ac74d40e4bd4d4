import { cancelled, notFound } from '../engine/engine-errors.js';
import type {
  AnalyzeOptions,
  DependencyGraph,
  DependencyOptions,
  Engine,
  EngineProgress,
  FileAnalysis,
} from '../engine/types.js';
import { ToolError } from '../envelope/errors.js';
import { SingleFlight } from './single-flight.js';
import { SnapshotStore, type Snapshot } from './snapshots.js';
import { FileResults } from './file-results.js';
import type { FileHead } from './file-heads.js';
import { emptyUse, type TierUse } from './file-tiers.js';
import { scanTree, type TreeScan } from './tree-signature.js';
import { settle, type TreeWatches } from './tree-watches.js';

// Whole analyses above the Engine interface, the same for both engines: files unchanged
// since an earlier analysis are taken from the per-file results (by stat), a result is kept as
// an immutable snapshot that later pages slice, identical analyses in flight are joined, and
// a tree that changed between pages is answered as such rather than mixed.

/** Where a later page comes from: the snapshot its cursor names and the tree it was made of. */
export interface PagePosition {
  snapshot: string;
  signature: string;
}

export interface AnalysisOutcome {
  snapshot: Snapshot;
  /** The result came from a snapshot: nothing was analysed for this call. */
  reused: boolean;
  /** Where the per-file results came from (the analysis's own figures when joined or reused). */
  cache: TierUse;
}

/** What the walk depends on: analyses of one tree with other engines or passes share its watch. */
function discoveryKey(o: AnalyzeOptions): string {
  return JSON.stringify([
    o.path,
    o.root,
    o.include ?? [],
    o.exclude ?? [],
    o.languages ?? [],
    o.maxFileSize ?? null,
    o.gitignore ?? true,
    o.files ?? null,
  ]);
}

/** Everything the result depends on besides the files: the engine, the pass and what the walk takes. */
function analysisKey(engine: Engine, o: AnalyzeOptions): string {
  return JSON.stringify([engine.kind, engine.version, o.importsOnly ?? false, discoveryKey(o)]);
}

const PAGES_PER_SNAPSHOT = 32;

/** A kept snapshot as the outcome: nothing read; a caller that follows progress hears it is whole. */
function reuse(snapshot: Snapshot, options: AnalyzeOptions): AnalysisOutcome {
  const n = snapshot.files.length;
  options.onProgress?.({ filesDone: n, filesTotal: n });
  return { snapshot, reused: true, cache: emptyUse() };
}

export class Analyses {
  private readonly flights = new SingleFlight<{ snapshot: Snapshot; cache: TierUse }, EngineProgress>();
  // Calls on one tree arriving together (any engine or pass) also share the walk that takes its signature.
  private readonly walks = new SingleFlight<TreeScan, never>();

  constructor(
    readonly snapshots: SnapshotStore = new SnapshotStore(),
    readonly files: FileResults = new FileResults(),
    /** Scans kept while the file system reports no change (servers); without it every call walks. */
    readonly watches?: TreeWatches,
  ) {}

  /** Callers joined on the analysis of these options (tests, server_info). */
  waiting(engine: Engine, options: AnalyzeOptions, signature: string): number {
    return this.flights.waiting(`${analysisKey(engine, options)}\0${signature}`);
  }

  async run(engine: Engine, options: AnalyzeOptions, from?: PagePosition): Promise<AnalysisOutcome> {
    const key = analysisKey(engine, options);
    // Edits made before this call have queued their events: let them arrive (tree-watches.ts).
    if (this.watches) await settle();
    const scan = await this.walks.run(discoveryKey(options), (shared) => this.scan({ ...options, signal: shared }), {
      signal: options.signal,
    });
    const { signature } = scan;
    if (from) {
      if (from.signature !== signature) {
        throw new ToolError(
          'STALE_CURSOR',
          'The files changed since the first page: the cursor names a result of the tree as it was.',
          { path: options.path },
        );
      }
      const kept = this.snapshots.get(from.snapshot);
      if (kept && kept.key === key && kept.signature === signature) return reuse(kept, options);
    }
    // The same analysis of a tree with the same signature (the same files, same stat): its
    // snapshot is the answer, with the pages, graphs and navigation index already built from it.
    const latest = this.snapshots.latest(key, signature);
    if (latest) return reuse(latest, options);
    const { signal, onProgress } = options;
    const { snapshot, cache } = await this.flights.run(
      `${key}\0${signature}`,
      async (shared, progress) => {
        const run = await this.files.analyze(engine, options, scan.found, shared, progress);
        return { snapshot: this.snapshots.add(key, signature, run.content), cache: run.cache };
      },
      { signal, onProgress },
    );
    return { snapshot, reused: false, cache };
  }

  /**
   * The full results of some files of a snapshot (a page's worth), in the order asked. The
   * options must be those of the analysis that made the snapshot.
   */
  details(engine: Engine, options: AnalyzeOptions, heads: readonly FileHead[]): Promise<FileAnalysis[]> {
    return this.files.details(engine, options, heads, options.signal);
  }

  /**
   * A page of a snapshot, built once per key (the tool, its arguments and the page's start):
   * a repeated call on an unchanged tree costs the scan and a lookup. The most recent pages
   * are kept, a bounded number per snapshot; a build that fails is not kept.
   */
  page<T>(snapshot: Snapshot, key: string, build: () => Promise<T>): Promise<T> {
    const kept = snapshot.pages.get(key) as Promise<T> | undefined;
    if (kept) {
      snapshot.pages.delete(key); // re-insert last: insertion order = recency
      snapshot.pages.set(key, kept);
      return kept;
    }
    const made = build();
    snapshot.pages.set(key, made);
    made.catch(() => snapshot.pages.delete(key));
    for (const old of snapshot.pages.keys()) {
      if (snapshot.pages.size <= PAGES_PER_SNAPSHOT) break;
      snapshot.pages.delete(old);
    }
    return made;
  }

  /** The dependency graph of a snapshot, built once per options. */
  graph(engine: Engine, snapshot: Snapshot, root: string, options: DependencyOptions): Promise<DependencyGraph> {
    const key = JSON.stringify([
      root,
      options.includeExternal ?? false,
      options.includeTypeEdges ?? false,
      options.includeDynamicEdges ?? false,
    ]);
    let graph = snapshot.graphs.get(key);
    if (!graph) {
      graph = engine.dependencies(snapshot, root, options);
      snapshot.graphs.set(key, graph);
      graph.catch(() => snapshot.graphs.delete(key));
    }
    return graph;
  }

  private async scan(options: AnalyzeOptions & { signal: AbortSignal }): Promise<TreeScan> {
    try {
      const { watches } = this;
      if (!watches) return await scanTree(options);
      return await watches.scan(discoveryKey(options), (trail) => scanTree(options, trail));
    } catch (error) {
      if (options.signal.aborted) throw cancelled(options.signal);
      throw notFound(error, options.path);
    }
  }
}
