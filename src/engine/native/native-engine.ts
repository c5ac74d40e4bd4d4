import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ToolError } from '../../envelope/errors.js';
import { cancelled, notFound } from '../engine-errors.js';
import type {
  AnalyzeOptions,
  AnalyzeResult,
  DependencyGraph,
  DependencyOptions,
  Engine,
  EngineProgress,
  ImportFacts,
  TagFile,
} from '../types.js';
import { addonError, type NativeAddon, type RunControl } from './addon.js';
import { nativeDependencies } from './dependencies.js';
import { nativeTags } from './tags.js';
import type { FileTags } from '../tags.js';

export interface NativeEngineOptions {
  /** Rayon threads; default one per core. */
  threads?: number;
  /** How often progress is polled from the Rust walk while a run goes on. */
  progressIntervalMs?: number;
  /** Names the addon's build (its size and mtime): the queries and the tags code are compiled in. */
  build?: string;
}

/**
 * The native engine: the Rust crate through its napi binding. It computes exactly what the
 * WASM engine computes; no per-file cache (a native parse costs about what a cache lookup
 * of a hashed file does), so every file counts as a cache miss.
 */
export class NativeEngine implements Engine {
  readonly kind = 'native' as const;
  readonly version: string;
  readonly tagsBuild?: string;

  constructor(
    private readonly addon: NativeAddon,
    private readonly options: NativeEngineOptions = {},
  ) {
    this.version = addon.engineVersion();
    if (options.build) this.tagsBuild = `${this.version}:${options.build}`;
  }

  async analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
    const started = performance.now();
    const { signal } = options;
    if (signal?.aborted) throw cancelled(signal);
    await stat(options.path).catch((error: unknown) => {
      throw notFound(error, options.path);
    });
    const control = new this.addon.RunControl();
    const onAbort = (): void => control.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const stopProgress = options.onProgress
      ? pollProgress(control, options.onProgress, this.options.progressIntervalMs ?? 100)
      : undefined;
    try {
      const json = await this.addon.analyze(JSON.stringify(this.request(options)), control);
      const { tags, ...result } = JSON.parse(json) as AnalyzeResult & { tags?: FileTags[] };
      if (tags) for (const t of tags) options.onTags?.(t);
      result.stats.durationMs = performance.now() - started;
      return result;
    } catch (error) {
      if (signal?.aborted) throw cancelled(signal);
      throw fromAddon(error, options.path);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stopProgress?.();
    }
  }

  async dependencies(
    result: { files: readonly ImportFacts[] },
    root: string,
    options: DependencyOptions = {},
  ): Promise<DependencyGraph> {
    return nativeDependencies(this.addon, result, root, options);
  }

  async tags(
    files: readonly TagFile[],
    options: { maxFileSize?: number; signal?: AbortSignal } = {},
  ): Promise<FileTags[]> {
    return nativeTags(this.addon, files, { ...options, threads: this.options.threads });
  }

  async close(): Promise<void> {}

  private request(options: AnalyzeOptions): Record<string, unknown> {
    return {
      path: resolve(options.path),
      root: resolve(options.root),
      include: options.include,
      exclude: options.exclude,
      languages: options.languages,
      maxFileSize: options.maxFileSize,
      gitignore: options.gitignore,
      threads: this.options.threads,
      files: options.files,
      importsOnly: options.importsOnly,
      tags: options.onTags !== undefined,
      // The tags an analysis hands over feed the navigation index, which drops the references a
      // local scope binds (they name nothing it resolves) and which are close to half of all
      // references: left out in Rust, their JSON is neither made nor read here. `tags()` (the
      // tags pass, the goldens) keeps them.
      tagsWithoutLocal: options.onTags !== undefined,
    };
  }
}

/** Polls the Rust counters; reports only changes, and once more at the end. */
function pollProgress(control: RunControl, onProgress: (p: EngineProgress) => void, intervalMs: number): () => void {
  let last = '';
  const report = (): void => {
    const [filesDone = 0, filesTotal = 0] = control.progress();
    const key = `${filesDone}/${filesTotal}`;
    if (key === last || filesTotal === 0) return;
    last = key;
    try {
      onProgress({ filesDone, filesTotal });
    } catch {
      // a broken progress listener must not fail the analysis
    }
  };
  const timer = setInterval(report, intervalMs);
  return () => {
    clearInterval(timer);
    report();
  };
}

function fromAddon(error: unknown, path: string): Error {
  const e = addonError(error);
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR')
    return new ToolError('PATH_NOT_FOUND', `No such file or directory: ${path}`, { path });
  if (e.code === 'INVALID_ARGUMENT') return new ToolError('INVALID_ARGUMENT', e.message);
  return new ToolError('INTERNAL', `native engine: ${e.message}`, { code: e.code });
}
