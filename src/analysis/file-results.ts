import type { DiskCache } from '../cache/disk-cache.js';
import { MemoryLruCache } from '../cache/memory-lru.js';
import type { CacheStats } from '../cache/types.js';
import type { DiscoveredFile } from '../engine/discovery.js';
import type { AnalyzeOptions, AnalyzeResult, Engine, EngineProgress, FileAnalysis } from '../engine/types.js';
import { compare } from '../engine/discovery.js';

// Per-file results above both engines, found by the file's stat: an unchanged file (same
// path, size, mtime and inode) is neither read nor hashed nor parsed again, whichever engine
// made its result. The key names the engine and its version (grammars included) and the
// root (paths in a result are relative to it). A file whose result is not here goes to the
// engine in one call with the others, as a list (AnalyzeOptions.files).

export interface FileResultsOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** A second tier on disk that outlives the process (--cache-dir; none with --no-cache). */
  disk?: DiskCache<FileAnalysis> | undefined;
}

/** Disk reads in flight at once: enough to hide latency, few enough for any fd limit. */
const DISK_READS = 64;

/** A rough size of a result in memory, without serialising it. */
function sizeOf(f: FileAnalysis): number {
  return 512 + f.functions.length * 700 + f.symbols.length * 250 + f.imports.length * 120;
}

export class FileResults {
  private readonly cache: MemoryLruCache<FileAnalysis>;
  readonly disk: DiskCache<FileAnalysis> | undefined;

  constructor(options: FileResultsOptions = {}) {
    this.cache = new MemoryLruCache<FileAnalysis>({ maxEntries: options.maxEntries ?? 50_000, maxBytes: options.maxBytes ?? 512 * 1024 * 1024, sizeOf });
    this.disk = options.disk;
  }

  stats(): { memory: CacheStats; disk?: ReturnType<DiskCache<FileAnalysis>['stats']> } {
    return { memory: this.cache.stats(), ...(this.disk ? { disk: this.disk.stats() } : {}) };
  }

  /** Memory first, then disk (a disk hit is kept in memory too). */
  private async lookup(key: string): Promise<FileAnalysis | undefined> {
    const near = await this.cache.get(key);
    if (near || !this.disk) return near;
    const far = await this.disk.get(key);
    if (far) await this.cache.set(key, far);
    return far;
  }

  private async store(key: string, value: FileAnalysis): Promise<void> {
    await this.cache.set(key, value);
    await this.disk?.set(key, value);
  }

  /** The whole result for the files a scan found: cached ones as they are, the rest from the engine. */
  async analyze(engine: Engine, options: AnalyzeOptions, found: { files: DiscoveredFile[]; skipped: AnalyzeResult['skipped'] }, signal: AbortSignal, onProgress: (p: EngineProgress) => void): Promise<AnalyzeResult> {
    const started = performance.now();
    const keyOf = (f: DiscoveredFile) => JSON.stringify([engine.kind, engine.version, options.root, f.rel, f.size, f.mtimeMs, f.ino]);
    const kept: FileAnalysis[] = [];
    const missing: DiscoveredFile[] = [];
    for (let i = 0; i < found.files.length; i += DISK_READS) {
      const batch = found.files.slice(i, i + DISK_READS);
      const hits = await Promise.all(batch.map((f) => this.lookup(keyOf(f))));
      batch.forEach((f, k) => (hits[k] ? kept.push(hits[k]) : missing.push(f)));
    }
    // Progress over the whole tree: the files found here count as done.
    const total = found.files.length;
    if (total > 0) onProgress({ filesDone: kept.length, filesTotal: total });
    const progress = (p: EngineProgress) => onProgress({ ...p, filesDone: kept.length + p.filesDone, filesTotal: total });
    const fresh = missing.length > 0 ? await engine.analyze({ ...options, files: missing.map((f) => f.rel), signal, onProgress: progress }) : undefined;
    const byRel = new Map(missing.map((f) => [f.rel, f]));
    const freshFiles = fresh?.files ?? [];
    for (let i = 0; i < freshFiles.length; i += DISK_READS) {
      await Promise.all(
        freshFiles.slice(i, i + DISK_READS).map((f) => {
          const discovered = byRel.get(f.path);
          return discovered ? this.store(keyOf(discovered), f) : undefined;
        }),
      );
    }
    return {
      files: [...kept, ...(fresh?.files ?? [])].sort((a, b) => compare(a.path, b.path)),
      skipped: [...found.skipped, ...(fresh?.skipped ?? [])].sort((a, b) => compare(a.path, b.path)),
      stats: {
        filesAnalyzed: kept.length + (fresh?.files.length ?? 0),
        bytes: fresh?.stats.bytes ?? 0,
        cacheHits: kept.length + (fresh?.stats.cacheHits ?? 0),
        cacheMisses: fresh?.stats.cacheMisses ?? 0,
        durationMs: performance.now() - started,
      },
    };
  }
}
