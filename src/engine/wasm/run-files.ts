import type { ResultCache } from '../../cache/types.js';
import { contentHash, fileCacheKey, optionsHash } from '../../cache/keys.js';
import { forEachLimit } from '../concurrency.js';
import type { DiscoveredFile } from '../discovery.js';
import { readSource } from '../read-source.js';
import type { EngineProgress, FileAnalysis, SkippedFile } from '../types.js';
import type { TaskRunner } from './task.js';

export interface RunContext {
  engineVersion: string;
  cache: ResultCache<FileAnalysis> | undefined;
  runner: TaskRunner;
  maxFileSize: number;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (progress: EngineProgress) => void;
}

export interface RunOutput {
  files: FileAnalysis[];
  skipped: SkippedFile[];
  bytes: number;
  cacheHits: number;
  cacheMisses: number;
}

/**
 * Read → hash → cache → analyse, for every discovered file. A cache hit does no parsing.
 * A cache that fails (a Redis tier that is down) only costs speed: it reads as a miss.
 */
export async function runFiles(files: readonly DiscoveredFile[], ctx: RunContext): Promise<RunOutput> {
  const out: RunOutput = { files: [], skipped: [], bytes: 0, cacheHits: 0, cacheMisses: 0 };
  let done = 0;
  await forEachLimit(
    files,
    ctx.concurrency,
    async (file) => {
      await runOne(file, ctx, out);
      done++;
      try {
        ctx.onProgress?.({ filesDone: done, filesTotal: files.length, currentPath: file.rel });
      } catch {
        // a broken progress listener must not fail the analysis
      }
    },
    ctx.signal,
  );
  return out;
}

async function runOne(file: DiscoveredFile, ctx: RunContext, out: RunOutput): Promise<void> {
  const read = await readSource(file.abs, ctx.maxFileSize);
  if (!read.ok) {
    out.skipped.push(read.detail === undefined ? { path: file.rel, reason: read.reason } : { path: file.rel, reason: read.reason, detail: read.detail });
    return;
  }
  out.bytes += read.bytes.length;
  const key = fileCacheKey(contentHash(read.bytes), ctx.engineVersion, optionsHash({ language: file.language }));
  const cached = await ctx.cache?.get(key).catch(() => undefined);
  if (cached) {
    out.cacheHits++;
    // The same bytes may live at several paths: the cached value is shared, so copy it.
    out.files.push({ ...cached, path: file.rel });
    return;
  }
  out.cacheMisses++;
  const outcome = await ctx.runner.run({ path: file.rel, language: file.language, source: read.text }, ctx.signal);
  if (!outcome.ok) {
    out.skipped.push({ path: file.rel, reason: 'unreadable', detail: `analysis failed: ${outcome.error}` });
    return;
  }
  out.files.push(outcome.analysis);
  await ctx.cache?.set(key, outcome.analysis).catch(() => undefined);
}
