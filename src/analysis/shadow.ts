import { stat } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { AnalyzeOptions, Engine, EngineKind, FileAnalysis } from '../engine/types.js';
import type { TreeWatches } from './tree-watches.js';
import { Analyses, type AnalysisOutcome, type PagePosition } from './analyses.js';
import type { FileHead } from './file-heads.js';
import type { FileResults } from './file-results.js';
import type { Snapshot, SnapshotStore } from './snapshots.js';

// Shadow mode (flag engine.shadowPercent): a share of analyses is run again, after the caller
// has its result, on the other engine, and the two are compared file by file. Two engines on
// purpose: an engine-specific result is a bug in one of them, and this finds it on real trees.
// The answer never waits for the shadow and never changes. The caller's side comes from the
// per-file tiers (what the answer was built from); the other engine is called directly on the
// files, past every tier, and what it returns is compared, never stored.

export interface ShadowStats {
  /** Files whose results are identical on both engines. */
  match: number;
  /** Files whose results differ (each logged with the first differing field). */
  mismatch: number;
  /**
   * Files not compared: the other engine cannot run here, too many runs queued, the file changed meanwhile, or
   * shutdown.
   */
  skipped: number;
}

export interface ShadowOptions {
  /** Whether this analysis is shadowed: read per analysis (flag engine.shadowPercent). */
  sample: () => boolean;
  /** The engine of a kind, or undefined when it cannot run here. */
  engineOf: (kind: EngineKind) => Promise<Engine | undefined>;
  log: Pick<Logger, 'warn' | 'debug'>;
  /** Shadow runs waiting behind the one running; past it an analysis is skipped (counted). */
  maxQueued?: number;
  /** Files per engine call (and per comparison): what is held at once stays bounded. */
  chunkFiles?: number;
}

interface Job {
  engine: Engine;
  options: AnalyzeOptions;
  heads: readonly FileHead[];
}

const MAX_QUEUED = 4;
const CHUNK_FILES = 64;

/** The first leaf where two results differ, as `functions[2].cognitive`. */
export function firstDifference(
  a: unknown,
  b: unknown,
  at = '',
): { field: string; a: unknown; b: unknown } | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
  } else if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        at ? `${at}.${key}` : key,
      );
      if (d) return d;
    }
  }
  return { field: at || '(whole result)', a, b };
}

/**
 * What a client would see of a result: a JSON round trip (undefined fields dropped). All of a full
 * result; of an imports-only one, what the dependency graph reads — a module read without a parse
 * (scanned-imports.ts) has no parse errors to give, and the full analyses compare those.
 */
function plain(f: FileAnalysis, importsOnly: boolean): unknown {
  const { parseErrors, ...graphInputs } = f;
  return JSON.parse(JSON.stringify(importsOnly ? graphInputs : { ...graphInputs, parseErrors }));
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export class ShadowRuns {
  private readonly counts: ShadowStats = { match: 0, mismatch: 0, skipped: 0 };
  private readonly queue: Job[] = [];
  private readonly shadowed = new WeakSet<Snapshot>();
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly maxQueued: number;
  private readonly chunkFiles: number;

  constructor(
    private readonly files: FileResults,
    private readonly options: ShadowOptions,
  ) {
    this.maxQueued = options.maxQueued ?? MAX_QUEUED;
    this.chunkFiles = Math.max(1, options.chunkFiles ?? CHUNK_FILES);
  }

  stats(): ShadowStats {
    return { ...this.counts };
  }

  /**
   * A fresh analysis's result: compared later if sampled. Callers joined on one analysis get
   * one snapshot, compared once. The work starts on a later turn of the event loop, never in
   * the caller's chain of promises.
   */
  offer(engine: Engine, options: AnalyzeOptions, snapshot: Snapshot): void {
    if (this.shadowed.has(snapshot) || this.abort.signal.aborted || !this.options.sample()) return;
    this.shadowed.add(snapshot);
    // Only what the comparison needs: no caller's signal, no progress sent to a caller that has its answer.
    const { signal: _signal, onProgress: _progress, onTags: _tags, files: _files, ...own } = options;
    if (this.queue.length >= this.maxQueued) {
      this.counts.skipped += snapshot.files.length;
      this.options.log.debug({ files: snapshot.files.length }, 'shadow run skipped: too many queued');
      return;
    }
    this.queue.push({ engine, options: own, heads: snapshot.files });
    this.running ??= this.drain();
  }

  /** Resolves when no shadow run is queued or running (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }

  private async drain(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) await this.compare(job);
    } finally {
      this.running = undefined;
    }
  }

  private async compare(job: Job): Promise<void> {
    const otherKind: EngineKind = job.engine.kind === 'native' ? 'wasm' : 'native';
    const other = await this.options.engineOf(otherKind).catch(() => undefined);
    if (!other) {
      this.counts.skipped += job.heads.length;
      return;
    }
    const signal = this.abort.signal;
    for (let i = 0; i < job.heads.length; i += this.chunkFiles) {
      if (signal.aborted) {
        this.counts.skipped += job.heads.length - i;
        return;
      }
      const heads = job.heads.slice(i, i + this.chunkFiles);
      try {
        const answered = await this.files.details(job.engine, { ...job.options, signal }, heads, signal);
        const shadow = await other.analyze({ ...job.options, files: heads.map((h) => h.path), signal });
        await this.compareChunk(
          job,
          heads,
          answered,
          shadow.files,
          new Map(shadow.skipped.map((s) => [s.path, s])),
          other,
        );
      } catch (error) {
        // Not a disagreement: the files of a run that failed (or was stopped at shutdown) were not compared.
        this.counts.skipped += job.heads.length - i;
        if (!signal.aborted)
          this.options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'shadow run failed');
        return;
      }
    }
  }

  private async compareChunk(
    job: Job,
    heads: readonly FileHead[],
    answered: FileAnalysis[],
    shadowed: FileAnalysis[],
    skipped: Map<string, { reason: string }>,
    other: Engine,
  ): Promise<void> {
    const mine = new Map(answered.map((f) => [f.path, f]));
    const theirs = new Map(shadowed.map((f) => [f.path, f]));
    for (const head of heads) {
      const a = mine.get(head.path);
      // A file written since the scan gives the other engine other bytes: not a disagreement.
      if (!a || !(await unchanged(job.options.root, head))) {
        this.counts.skipped++;
        continue;
      }
      const b = theirs.get(head.path);
      const importsOnly = job.options.importsOnly ?? false;
      const diff = b
        ? firstDifference(plain(a, importsOnly), plain(b, importsOnly))
        : { field: 'skipped', a: undefined, b: skipped.get(head.path)?.reason ?? 'missing' };
      if (!diff) {
        this.counts.match++;
        continue;
      }
      this.counts.mismatch++;
      this.options.log.warn(
        {
          file: head.path,
          field: diff.field,
          [job.engine.kind]: short(diff.a),
          [other.kind]: short(diff.b),
          importsOnly: job.options.importsOnly ?? false,
        },
        'shadow mismatch: the engines disagree',
      );
    }
  }
}

async function unchanged(root: string, head: FileHead): Promise<boolean> {
  try {
    const s = await stat(`${root}/${head.path}`);
    return s.size === head.stat.size && s.mtimeMs === head.stat.mtimeMs && s.ino === head.stat.ino;
  } catch {
    return false;
  }
}

/** Analyses whose fresh results are offered to the shadow runs (a page sliced from a snapshot analysed nothing). */
export class ShadowedAnalyses extends Analyses {
  readonly shadow: ShadowRuns;

  constructor(snapshots: SnapshotStore, files: FileResults, shadow: ShadowOptions, watches?: TreeWatches) {
    super(snapshots, files, watches);
    this.shadow = new ShadowRuns(files, shadow);
  }

  override async run(engine: Engine, options: AnalyzeOptions, from?: PagePosition): Promise<AnalysisOutcome> {
    const outcome = await super.run(engine, options, from);
    if (!outcome.reused) this.shadow.offer(engine, options, outcome.snapshot);
    return outcome;
  }
}
