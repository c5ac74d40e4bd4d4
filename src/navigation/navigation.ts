import { MemoryLruCache } from '../cache/memory-lru.js';
import type { FileHead } from '../analysis/file-heads.js';
import type { Snapshot } from '../analysis/snapshots.js';
import type { FileTags } from '../engine/tags.js';
import type { DependencyGraph, Engine } from '../engine/types.js';
import { SymbolIndex } from './symbol-index.js';

/** Indexes kept (one per analysed tree and engine); each holds every file's tags. */
const MAX_INDEXES = 4;

/**
 * Symbol indexes above the engines, as the design rules ask: tags are per-file facts the
 * engine extracts; the index spans files and lives here. An index is built per snapshot (an
 * unchanged tree reuses it) and a file's tags are kept by its stat, so after an edit only the
 * changed files are tagged again.
 */
export class Navigation {
  private readonly tags: MemoryLruCache<FileTags>;
  private readonly indexes = new Map<string, Promise<SymbolIndex>>();

  constructor(options: { maxBytes?: number } = {}) {
    this.tags = new MemoryLruCache<FileTags>({ maxBytes: options.maxBytes ?? 128 * 1024 * 1024 });
  }

  /**
   * The index of a snapshot's files, with import lines resolved by the snapshot's dependency
   * graph. `fresh`: tags the analysis that made the snapshot gave from its own parse
   * (AnalyzeOptions.onTags), by path; only files found in neither it nor the kept tags are
   * parsed again.
   */
  index(
    engine: Engine,
    snapshot: Snapshot,
    root: string,
    graph: DependencyGraph,
    signal?: AbortSignal,
    fresh: ReadonlyMap<string, FileTags> = new Map(),
  ) {
    const key = `${engine.kind}@${engine.version}:${snapshot.id}`;
    let made = this.indexes.get(key);
    if (!made) {
      made = this.build(engine, snapshot.files, root, graph, signal, fresh);
      this.indexes.set(key, made);
      made.catch(() => this.indexes.delete(key));
      for (const old of this.indexes.keys()) {
        if (this.indexes.size <= MAX_INDEXES) break;
        this.indexes.delete(old);
      }
    }
    return made;
  }

  private async build(
    engine: Engine,
    files: readonly FileHead[],
    root: string,
    graph: DependencyGraph,
    signal: AbortSignal | undefined,
    fresh: ReadonlyMap<string, FileTags>,
  ): Promise<SymbolIndex> {
    const statKey = (f: FileHead) =>
      `${engine.kind}@${engine.version}:${root}/${f.path}:${f.stat.size}:${f.stat.mtimeMs}:${f.stat.ino}`;
    const found: FileTags[] = [];
    const missing: FileHead[] = [];
    for (const f of files) {
      const kept = await this.tags.get(statKey(f));
      const made = kept ?? fresh.get(f.path);
      if (made && !kept) await this.tags.set(statKey(f), made);
      if (made) found.push(made);
      else missing.push(f);
    }
    if (missing.length > 0) {
      const fresh = await engine.tags(
        missing.map((f) => ({ abs: `${root}/${f.path}`, rel: f.path, language: f.language })),
        signal ? { signal } : {},
      );
      const byPath = new Map(missing.map((f) => [f.path, f]));
      for (const t of fresh) {
        const head = byPath.get(t.path);
        if (head) await this.tags.set(statKey(head), t);
        found.push(t);
      }
    }
    // Every import statement, resolved or not: a binding belongs to the statement starting last before it.
    const imports = [
      ...graph.edges.map(({ from, to, line, target }) => ({ from, to: target === 'file' ? to : undefined, line })),
      ...graph.unresolved.map(({ from, line }) => ({ from, to: undefined, line })),
    ];
    return new SymbolIndex(found, imports);
  }
}
