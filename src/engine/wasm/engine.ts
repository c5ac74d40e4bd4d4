import { cancelled, notFound } from '../engine-errors.js';
import { buildDependencyGraph } from '../deps/index.js';
import { compare, DEFAULT_MAX_FILE_SIZE, discoverFiles } from '../discovery.js';
import type {
  AnalyzeOptions,
  AnalyzeResult,
  DependencyGraph,
  DependencyOptions,
  Engine,
  ImportFacts,
  TagFile,
} from '../types.js';
import { readSource } from '../read-source.js';
import type { FileTags } from '../tags.js';
import { forEachLimit } from '../concurrency.js';
import { createRunner, type RunnerOptions, type SizedRunner } from './runner.js';
import { runFiles } from './run-files.js';
import { wasmEngineVersion, wasmTagsBuild } from './version.js';

export interface WasmEngineOptions extends RunnerOptions {
  /** Files read ahead of the parsers; default enough to keep every worker busy. */
  readAhead?: number;
}

/** The portable engine: web-tree-sitter grammars, in this thread or on worker threads. */
export class WasmEngine implements Engine {
  readonly kind = 'wasm' as const;
  readonly version: string;
  private readonly options: WasmEngineOptions;
  private runner: SizedRunner | undefined;

  private build: string | undefined;

  constructor(options: WasmEngineOptions = {}) {
    this.options = options;
    this.version = wasmEngineVersion();
  }

  /** Read when first asked (a few small files hashed): an analysis alone never needs it. */
  get tagsBuild(): string {
    this.build ??= wasmTagsBuild(this.version);
    return this.build;
  }

  async analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
    const started = performance.now();
    const { signal } = options;
    try {
      signal?.throwIfAborted();
      const found = await discoverFiles(options).catch((error: unknown) => {
        throw notFound(error, options.path);
      });
      this.runner ??= createRunner(this.options);
      const run = await runFiles(found.files, {
        runner: this.runner,
        maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
        concurrency: this.options.readAhead ?? this.runner.capacity * 4,
        ...(options.importsOnly ? { importsOnly: true } : {}),
        ...(options.onTags ? { onTags: options.onTags } : {}),
        ...(signal ? { signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      return {
        files: run.files.sort((a, b) => compare(a.path, b.path)),
        skipped: [...found.skipped, ...run.skipped].sort((a, b) => compare(a.path, b.path)),
        stats: {
          filesAnalyzed: run.files.length,
          bytes: run.bytes,
          cacheHits: 0,
          cacheMisses: run.files.length,
          durationMs: performance.now() - started,
        },
      };
    } catch (error) {
      if (signal?.aborted) throw cancelled(signal);
      throw error;
    }
  }

  async dependencies(
    result: { files: readonly ImportFacts[] },
    root: string,
    options: DependencyOptions = {},
  ): Promise<DependencyGraph> {
    return buildDependencyGraph(result.files, root, options);
  }

  /**
   * Tags on the same threads as analyses (off the main thread unless `threads: 0`), in the
   * order of `files`; a file that cannot be read or tagged is left out, as the native engine
   * does. An index is built once per tree and kept by stat above the engine (src/navigation),
   * so this runs for the files that changed.
   */
  async tags(files: readonly TagFile[], options: { maxFileSize?: number; signal?: AbortSignal } = {}) {
    const { signal } = options;
    this.runner ??= createRunner(this.options);
    const runner = this.runner;
    const out: (FileTags | undefined)[] = new Array(files.length);
    const indexed = files.map((file, index) => ({ file, index }));
    try {
      await forEachLimit(
        indexed,
        this.options.readAhead ?? runner.capacity * 4,
        async ({ file, index }) => {
          const read = await readSource(file.abs, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
          if (!read.ok) return;
          const outcome = await runner.run(
            { path: file.rel, language: file.language, source: read.text, tagsOnly: true },
            signal,
          );
          if (outcome.ok && outcome.tags) out[index] = outcome.tags;
        },
        signal,
      );
    } catch (error) {
      if (signal?.aborted) throw cancelled(signal);
      throw error;
    }
    return out.filter((t): t is FileTags => t !== undefined);
  }

  async close(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.close();
  }
}
