import type { DiskCache } from '../cache/disk-cache.js';
import { MemoryLruCache } from '../cache/memory-lru.js';
import type { ResultCache } from '../cache/types.js';
import type { DiscoveredFile } from '../engine/discovery.js';
import { compare, DEFAULT_MAX_FILE_SIZE } from '../engine/discovery.js';
import type { AnalyzeOptions, AnalyzeResult, Engine, EngineProgress, FileAnalysis } from '../engine/types.js';
import { emptyUse, FileTiers, type Lookup, type TierUse } from './file-tiers.js';

// Per-file results above both engines (the tiers: file-tiers.ts): a file found in a tier is
// neither parsed nor, on the stat path, even read, whichever engine made its result. The
// others go to the engine as lists (AnalyzeOptions.files), a chunk at a time, so what is in
// flight between the engine and the tiers stays bounded however large the tree.

export interface FileResultsOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** A tier on disk that outlives the process (--cache-dir; none with --no-cache). */
  disk?: DiskCache<FileAnalysis> | undefined;
  /** The content-keyed tier in memory; default its own LRU (with Redis: the two-level cache's front). */
  content?: ResultCache<FileAnalysis>;
  /** The fleet's content-keyed tier (--store redis). */
  redis?: ResultCache<FileAnalysis> | undefined;
  /** Files per engine call. */
  chunkFiles?: number;
}

export interface FileResultsRun {
  result: AnalyzeResult;
  cache: TierUse;
}

/** Lookups in flight at once: enough to hide disk and Redis latency, few enough for any fd limit. */
const LOOKUPS = 64;
const CHUNK_FILES = 512;

/** A rough size of a result in memory, without serialising it. */
function sizeOf(f: FileAnalysis): number {
  return 512 + f.functions.length * 700 + f.symbols.length * 250 + f.imports.length * 120;
}

export class FileResults {
  readonly tiers: FileTiers;
  private readonly chunkFiles: number;

  constructor(options: FileResultsOptions = {}) {
    const lru = () => new MemoryLruCache<FileAnalysis>({ maxEntries: options.maxEntries ?? 50_000, maxBytes: options.maxBytes ?? 256 * 1024 * 1024, sizeOf });
    this.tiers = new FileTiers({ memory: lru(), disk: options.disk, content: options.content ?? lru(), redis: options.redis });
    this.chunkFiles = Math.max(1, options.chunkFiles ?? CHUNK_FILES);
  }

  stats(): ReturnType<FileTiers['stats']> {
    return this.tiers.stats();
  }

  /** The whole result for the files a scan found: those in a tier as they are, the rest from the engine. */
  async analyze(engine: Engine, options: AnalyzeOptions, found: { files: DiscoveredFile[]; skipped: AnalyzeResult['skipped'] }, signal: AbortSignal, onProgress: (p: EngineProgress) => void): Promise<FileResultsRun> {
    const started = performance.now();
    const use = emptyUse();
    const files: FileAnalysis[] = [];
    const skipped = [...found.skipped];
    const missing: Lookup[] = [];
    const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    for (let i = 0; i < found.files.length; i += LOOKUPS) {
      signal.throwIfAborted();
      const looks = await Promise.all(found.files.slice(i, i + LOOKUPS).map((f) => this.tiers.find(engine, options.root, maxFileSize, f, use)));
      for (const look of looks) {
        if (look.found) files.push(look.found);
        else missing.push(look);
      }
    }
    // Progress over the whole tree: the files found in a tier count as done.
    const total = found.files.length;
    if (total > 0) onProgress({ filesDone: files.length, filesTotal: total });
    let bytes = 0;
    for (let i = 0; i < missing.length; i += this.chunkFiles) {
      const chunk = missing.slice(i, i + this.chunkFiles);
      const done = files.length;
      const fresh = await engine.analyze({ ...options, files: chunk.map((l) => l.file.rel), signal, onProgress: (p) => onProgress({ ...p, filesDone: done + p.filesDone, filesTotal: total }) });
      use.misses += fresh.files.length;
      bytes += fresh.stats.bytes;
      skipped.push(...fresh.skipped);
      const byRel = new Map(chunk.map((l) => [l.file.rel, l]));
      for (let k = 0; k < fresh.files.length; k += LOOKUPS) {
        await Promise.all(fresh.files.slice(k, k + LOOKUPS).map((f) => this.keepFresh(byRel.get(f.path), f)));
      }
      files.push(...fresh.files);
    }
    return {
      result: {
        files: files.sort((a, b) => compare(a.path, b.path)),
        skipped: skipped.sort((a, b) => compare(a.path, b.path)),
        stats: { filesAnalyzed: files.length, bytes, cacheHits: use.hits, cacheMisses: use.misses, durationMs: performance.now() - started },
      },
      cache: use,
    };
  }

  private async keepFresh(look: Lookup | undefined, value: FileAnalysis): Promise<void> {
    if (look) await this.tiers.keep(look, value);
  }
}
