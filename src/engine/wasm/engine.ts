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
} from '../types.js';
import { createRunner, type RunnerOptions, type SizedRunner } from './runner.js';
import { runFiles } from './run-files.js';
import { wasmEngineVersion } from './version.js';

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

  constructor(options: WasmEngineOptions = {}) {
    this.options = options;
    this.version = wasmEngineVersion();
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

  async close(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.close();
  }
}
