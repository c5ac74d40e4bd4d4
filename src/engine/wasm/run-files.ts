import { forEachLimit } from '../concurrency.js';
import type { DiscoveredFile } from '../discovery.js';
import { readSource } from '../read-source.js';
import type { FileTags } from '../tags.js';
import type { EngineProgress, FileAnalysis, SkippedFile } from '../types.js';
import type { TaskRunner } from './task.js';

export interface RunContext {
  runner: TaskRunner;
  maxFileSize: number;
  concurrency: number;
  importsOnly?: boolean;
  onTags?: (tags: FileTags) => void;
  signal?: AbortSignal;
  onProgress?: (progress: EngineProgress) => void;
}

export interface RunOutput {
  files: FileAnalysis[];
  skipped: SkippedFile[];
  bytes: number;
}

/**
 * Read → analyse, for every discovered file, with `concurrency` reads ahead of the parsers.
 * No cache here: results are cached above the engines (src/analysis), the same for both.
 */
export async function runFiles(files: readonly DiscoveredFile[], ctx: RunContext): Promise<RunOutput> {
  const out: RunOutput = { files: [], skipped: [], bytes: 0 };
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
    out.skipped.push(
      read.detail === undefined
        ? { path: file.rel, reason: read.reason }
        : { path: file.rel, reason: read.reason, detail: read.detail },
    );
    return;
  }
  out.bytes += read.bytes.length;
  const outcome = await ctx.runner.run(
    {
      path: file.rel,
      language: file.language,
      source: read.text,
      ...(ctx.importsOnly ? { importsOnly: true } : {}),
      ...(ctx.onTags ? { withTags: true } : {}),
    },
    ctx.signal,
  );
  if (!outcome.ok) {
    out.skipped.push({ path: file.rel, reason: 'unreadable', detail: `analysis failed: ${outcome.error}` });
    return;
  }
  if (outcome.analysis) out.files.push(outcome.analysis);
  if (outcome.tags) ctx.onTags?.(outcome.tags);
}
