import type { DiskCache } from '../cache/disk-cache.js';
import { MemoryLruCache } from '../cache/memory-lru.js';
import type { ResultCache } from '../cache/types.js';
import type { DiscoveredFile } from '../engine/discovery.js';
import { compare, DEFAULT_MAX_FILE_SIZE } from '../engine/discovery.js';
import type { AnalyzeOptions, Engine, EngineProgress, FileAnalysis, SkippedFile } from '../engine/types.js';
import { headFromRecord, headOf, sourceOf, TopFunctions, type FileHead } from './file-heads.js';
import { emptyUse, FileTiers, type Lookup, type Pass, type TierUse } from './file-tiers.js';
import { scanImports } from './scanned-imports.js';
import type { SnapshotContent } from './snapshots.js';

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
  /**
   * Look files up by content when the stat tiers miss (default true). A one-shot command-line
   * run without Redis turns it off: its content tier starts empty and dies with the process.
   */
  hashing?: boolean;
  /**
   * Read the imports of TS/JS modules whose imports are a plain header without parsing them, in
   * imports-only passes (default true; scanned-imports.ts). Off, every file goes to the engine.
   */
  importScan?: boolean;
}

export interface FileResultsRun {
  content: SnapshotContent;
  cache: TierUse;
  durationMs: number;
}

function passOf(options: AnalyzeOptions): Pass {
  return {
    root: options.root,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    importsOnly: options.importsOnly ?? false,
  };
}

/** What one pass of engine calls adds to: the call's tier use, its skipped files, its progress. */
interface MissingRun {
  use: TierUse;
  signal: AbortSignal;
  skipped: SkippedFile[];
  progress?: (filesDone: number, currentPath?: string) => void;
}

/** Lookups in flight at once: enough to hide disk and Redis latency, few enough for any fd limit. */
const LOOKUPS = 64;
const CHUNK_FILES = 64;

/**
 * A rough size of a result in memory, without serialising it (measured: ~18 KB for an average Go file with 20
 * functions).
 */
export function resultSize(f: FileAnalysis): number {
  return 512 + f.functions.length * 700 + f.symbols.length * 250 + f.imports.length * 120;
}

export class FileResults {
  readonly tiers: FileTiers;
  private readonly chunkFiles: number;
  private readonly importScan: boolean;

  constructor(options: FileResultsOptions = {}) {
    const lru = () =>
      new MemoryLruCache<FileAnalysis>({
        maxEntries: options.maxEntries ?? 50_000,
        maxBytes: options.maxBytes ?? 256 * 1024 * 1024,
        sizeOf: resultSize,
      });
    this.tiers = new FileTiers(
      { memory: lru(), disk: options.disk, content: options.content ?? lru(), redis: options.redis },
      options.hashing ?? true,
    );
    this.chunkFiles = Math.max(1, options.chunkFiles ?? CHUNK_FILES);
    this.importScan = options.importScan ?? true;
  }

  stats(): ReturnType<FileTiers['stats']> {
    return this.tiers.stats();
  }

  /**
   * Every file a scan found, as the heads a snapshot keeps: those in a tier as they are (from
   * the disk tier, the head stored beside the result: the result itself is not read), the rest
   * from the engine a chunk at a time. Full results stream through (into the tiers and the
   * running top functions) and are not held: memory grows by a head per file.
   */
  async analyze(
    engine: Engine,
    options: AnalyzeOptions,
    found: { files: DiscoveredFile[]; skipped: SkippedFile[] },
    signal: AbortSignal,
    onProgress: (p: EngineProgress) => void,
  ): Promise<FileResultsRun> {
    const started = performance.now();
    const use = emptyUse();
    const heads: FileHead[] = [];
    const top = new TopFunctions();
    const take = (f: FileAnalysis, source: DiscoveredFile) => {
      heads.push(headOf(f, source));
      top.add(f);
    };
    const skipped = [...found.skipped];
    const pass = passOf(options);
    const total = found.files.length;
    // Lookups and engine calls interleave: a chunk of misses goes to the engine as soon as it is
    // full, so nothing per file is held but its head. Two chunks may be in flight: the engine
    // works on one while this thread reads the other's results (a native chunk's JSON is parsed
    // here, which left the engine's threads idle: a seventh of a cold Go stdlib index build).
    // Heads and top functions do not depend on the order files come back in.
    let done = 0;
    let reported = 0;
    let pending: Lookup[] = [];
    const partial = new Map<object, number>();
    const report = (currentPath?: string) => {
      let n = done;
      for (const p of partial.values()) n += p;
      if (n < reported) return; // progress only ever rises (MCP): two chunks report in turn
      reported = n;
      onProgress({ filesDone: n, filesTotal: total, ...(currentPath ? { currentPath } : {}) });
    };
    let previous: Promise<void> = Promise.resolve();
    const flush = async () => {
      const chunk = pending;
      pending = [];
      const id = {};
      const run: MissingRun = {
        use,
        signal,
        skipped,
        progress: (n, currentPath) => {
          partial.set(id, n);
          report(currentPath);
        },
      };
      const current = this.analyzeMissing(engine, options, chunk, run, (f, look) => take(f, look.file)).then(() => {
        partial.delete(id);
        done += chunk.length;
        report();
      });
      current.catch(() => undefined); // awaited below or by the next flush; never unhandled
      const before = previous;
      previous = current;
      await before;
    };
    for await (const looks of this.lookups(engine, pass, found.files, use, signal, true)) {
      let hits = 0;
      const misses: Lookup[] = [];
      for (const look of looks) {
        if (look.found) {
          take(look.found, look.file);
          hits++;
        } else if (look.head) {
          heads.push(headFromRecord(look.head, look.file));
          top.addCandidates(look.file.rel, look.head.top);
          hits++;
        } else misses.push(look);
      }
      // Scanned at once, so that the engine's chunks hold only files that need a parse.
      const rest = await this.scanMissing(options, misses, { use, signal, skipped }, (f, look) => take(f, look.file));
      hits += misses.length - rest.length;
      pending.push(...rest);
      done += hits;
      if (pending.length >= this.chunkFiles) await flush();
      else if (hits > 0) report();
    }
    if (pending.length > 0) await flush();
    await previous;
    return {
      content: {
        files: heads.sort((a, b) => compare(a.path, b.path)),
        skipped: skipped.sort((a, b) => compare(a.path, b.path)),
        top: top.result(),
      },
      cache: use,
      durationMs: performance.now() - started,
    };
  }

  /**
   * The full results of some files of a snapshot, in the order asked: from the tiers by the stat the scan saw, else
   * analysed again.
   */
  async details(
    engine: Engine,
    options: AnalyzeOptions,
    heads: readonly FileHead[],
    signal?: AbortSignal,
  ): Promise<FileAnalysis[]> {
    const use = emptyUse();
    const byPath = new Map<string, FileAnalysis>();
    const missing: Lookup[] = [];
    const sources = heads.map((h) => sourceOf(h, options.root));
    for await (const looks of this.lookups(engine, passOf(options), sources, use, signal)) {
      for (const look of looks) {
        if (look.found) byPath.set(look.file.rel, look.found);
        else missing.push(look);
      }
    }
    const run = { use, skipped: [], signal: signal ?? new AbortController().signal };
    const rest = await this.scanMissing(options, missing, run, (f) => byPath.set(f.path, f));
    await this.analyzeMissing(engine, options, rest, run, (f) => byPath.set(f.path, f));
    return heads.flatMap((h) => byPath.get(h.path) ?? []);
  }

  /**
   * The files looked up in the tiers, LOOKUPS at a time (enough to hide disk and Redis latency); `heads`: a head will
   * do.
   */
  private async *lookups(
    engine: Engine,
    pass: Pass,
    files: readonly DiscoveredFile[],
    use: TierUse,
    signal?: AbortSignal,
    heads = false,
  ): AsyncGenerator<Lookup[]> {
    for (let i = 0; i < files.length; i += LOOKUPS) {
      signal?.throwIfAborted();
      yield await Promise.all(files.slice(i, i + LOOKUPS).map((f) => this.tiers.find(engine, pass, f, use, heads)));
    }
  }

  /**
   * The misses of an imports-only pass that a scan answers without a parse (scanned-imports.ts),
   * stored and taken here; the others are returned, in order, for the engine. Navigation (onTags)
   * needs the trees: there every miss is returned.
   */
  private async scanMissing(
    options: AnalyzeOptions,
    missing: Lookup[],
    run: MissingRun,
    take: (f: FileAnalysis, look: Lookup) => void,
  ): Promise<Lookup[]> {
    if (!this.importScan || options.importsOnly !== true || options.onTags) return missing;
    const rest: Lookup[] = [];
    for (let i = 0; i < missing.length; i += LOOKUPS) {
      run.signal.throwIfAborted();
      const scan = scanImports(missing.slice(i, i + LOOKUPS), options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
      run.use.misses += scan.scanned.length;
      await Promise.all(
        scan.scanned.map(async ({ look, analysis, keep }) => {
          if (keep) await this.tiers.keep(look, analysis, 'fresh, stat checked');
          take(analysis, look);
        }),
      );
      rest.push(...scan.rest);
    }
    return rest;
  }

  /** Sends the files no tier holds to the engine, a chunk at a time, and stores what comes back. */
  private async analyzeMissing(
    engine: Engine,
    options: AnalyzeOptions,
    missing: Lookup[],
    run: MissingRun,
    take: (f: FileAnalysis, look: Lookup) => void,
  ): Promise<void> {
    let done = 0;
    for (let i = 0; i < missing.length; i += this.chunkFiles) {
      const chunk = missing.slice(i, i + this.chunkFiles);
      const before = done;
      const onProgress = (p: EngineProgress) => run.progress?.(before + p.filesDone, p.currentPath);
      const fresh = await engine.analyze({
        ...options,
        files: chunk.map((l) => l.file.rel),
        signal: run.signal,
        onProgress,
      });
      run.use.misses += fresh.files.length;
      run.skipped.push(...fresh.skipped);
      const byRel = new Map(chunk.map((l) => [l.file.rel, l]));
      for (let k = 0; k < fresh.files.length; k += LOOKUPS) {
        await Promise.all(
          fresh.files.slice(k, k + LOOKUPS).map(async (f) => {
            const look = byRel.get(f.path);
            if (!look) return;
            await this.tiers.keep(look, f);
            take(f, look);
          }),
        );
      }
      done += chunk.length;
    }
  }
}
