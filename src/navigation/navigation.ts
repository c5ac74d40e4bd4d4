import type { DiskCache } from '../cache/disk-cache.js';
import { MemoryLruCache } from '../cache/memory-lru.js';
import type { FileHead } from '../analysis/file-heads.js';
import type { Snapshot } from '../analysis/snapshots.js';
import type { FileTags } from '../engine/tags.js';
import type { DependencyGraph, Engine } from '../engine/types.js';
import { SymbolIndex } from './symbol-index.js';
import type { SharedTagsTier } from './tags-tiers.js';

/**
 * A file's tags as the index keeps them: without the references a local scope binds (a
 * parameter, a local, a type parameter named like something else), which resolve to nothing
 * (SymbolIndex.resolve) and are close to half of all references.
 */
function compact<T extends FileTags | undefined>(tags: T): T {
  if (!tags || !tags.references.some((r) => r.local)) return tags;
  return { ...tags, references: tags.references.filter((r) => !r.local) };
}

/**
 * About the length of a file's tags as JSON (within ~10% on effect's sources), without making
 * the JSON: stringifying every file's tags was a fifth of the main thread's share of an index build.
 */
function tagsSize(tags: FileTags): number {
  return 100 + tags.definitions.length * 110 + tags.references.length * 75 + tags.imports.length * 95;
}

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
  private readonly disk: DiskCache<FileTags, null> | undefined;
  private readonly shared: SharedTagsTier | undefined;
  private readonly indexes = new Map<string, Promise<SymbolIndex>>();
  /** Tags being written to disk: not awaited by the index, awaited by close(). */
  private readonly writing = new Set<Promise<void>>();

  /**
   * `disk`: tags kept between runs (the command line, a restarted server), by the file's stat
   * and the engine's tags build; only engines that name their build (Engine.tagsBuild) use it.
   * `shared`: the fleet's tier (Redis, by content), after memory and disk, for those engines too.
   */
  constructor(options: { maxBytes?: number; disk?: DiskCache<FileTags, null>; shared?: SharedTagsTier } = {}) {
    this.tags = new MemoryLruCache<FileTags>({
      maxBytes: options.maxBytes ?? 128 * 1024 * 1024,
      maxEntries: 1_000_000, // bounded by bytes: a tree of more files than the default 10,000 stays whole
      sizeOf: tagsSize,
    });
    this.disk = options.disk;
    this.shared = options.shared;
  }

  /** For server_info: indexes held, and the tags' memory, disk and Redis tiers. */
  stats() {
    return {
      indexes: this.indexes.size,
      tagsMemory: this.tags.stats(),
      ...(this.disk ? { tagsDisk: this.disk.stats() } : {}),
      ...(this.shared ? { tagsRedis: this.shared.stats() } : {}),
    };
  }

  /** Waits for the tags still being written (disk, Redis), then keeps the disk within its bound. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.writing, this.shared?.close()]);
    await this.disk?.settle();
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
    const stat = (f: FileHead) => `${root}/${f.path}:${f.stat.size}:${f.stat.mtimeMs}:${f.stat.ino}`;
    const memoryKey = (f: FileHead) => `${engine.kind}@${engine.version}:${stat(f)}`;
    const disk = engine.tagsBuild !== undefined ? this.disk : undefined;
    const diskKey = (f: FileHead) => `tags:${engine.kind}@${engine.tagsBuild}:${stat(f)}`;
    const shared = engine.tagsBuild !== undefined ? this.shared : undefined;
    const found: FileTags[] = [];
    const missing: FileHead[] = [];
    for (const f of files) {
      const kept = await this.tags.get(memoryKey(f));
      if (kept) {
        found.push(kept);
        continue;
      }
      const given = fresh.get(f.path);
      const made = compact(given ?? (await disk?.get(diskKey(f))));
      if (!made) {
        missing.push(f);
        continue;
      }
      await this.tags.set(memoryKey(f), made);
      if (given && disk) this.write(disk, diskKey(f), made);
      if (given) shared?.offer(engine, root, f, made);
      found.push(made);
    }
    // The fleet's tags (by content) for what memory and disk missed; the rest is tagged here.
    const fleet = shared && missing.length > 0 ? await shared.find(engine, root, missing, signal) : undefined;
    for (const [f, t] of fleet?.found ?? []) {
      const made = compact(t);
      await this.tags.set(memoryKey(f), made);
      if (disk) this.write(disk, diskKey(f), made);
      found.push(made);
    }
    const untagged = fleet?.missing ?? missing;
    if (untagged.length > 0) {
      const tagged = await engine.tags(
        untagged.map((f) => ({ abs: `${root}/${f.path}`, rel: f.path, language: f.language })),
        signal ? { signal } : {},
      );
      const byPath = new Map(untagged.map((f) => [f.path, f]));
      for (const t of tagged.map(compact)) {
        const head = byPath.get(t.path);
        if (head) {
          await this.tags.set(memoryKey(head), t);
          if (disk) this.write(disk, diskKey(head), t);
          shared?.offer(engine, root, head, t, fleet?.keys.get(head));
        }
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

  /**
   * In the background: the index is answered without waiting for the disk. A file tagged while
   * it changed is stored under the stat its scan saw and never found again (the stat moved on).
   */
  private write(disk: DiskCache<FileTags, null>, key: string, tags: FileTags): void {
    const writing = disk.set(key, tags, null);
    this.writing.add(writing);
    void writing.finally(() => this.writing.delete(writing));
  }
}
