import type { FileTags } from '../tags.js';
import type { FileAnalysis, Language } from '../types.js';
import { analyzeAndTagFile, analyzeFile } from './analyze-file.js';
import { tagsOfFile } from './tags.js';

/** One file to analyse: plain data, so it crosses into a worker thread unchanged. */
export interface AnalysisTask {
  path: string;
  language: Language;
  source: string;
  /** `AnalyzeOptions.importsOnly`: only what the dependency graph reads. */
  importsOnly?: boolean;
  /** Also the file's tags, from the same parse (`AnalyzeOptions.onTags`). */
  withTags?: boolean;
  /** Only the file's tags (`Engine.tags`), no analysis. */
  tagsOnly?: boolean;
}

/** A file's analysis, its tags or both, as the task asked. */
export type TaskOutcome = { ok: true; analysis?: FileAnalysis; tags?: FileTags } | { ok: false; error: string };

/** Runs one task in this thread; a thrown error becomes data so one bad file never ends a run. */
export async function runTask(task: AnalysisTask): Promise<TaskOutcome> {
  try {
    const { path, language, source } = task;
    const importsOnly = task.importsOnly === true;
    if (task.tagsOnly) return { ok: true, tags: await tagsOfFile(path, language, source) };
    if (task.withTags) return { ok: true, ...(await analyzeAndTagFile(path, language, source, importsOnly)) };
    return { ok: true, analysis: await analyzeFile(path, language, source, importsOnly) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Where tasks run: in this thread or on a pool of worker threads. */
export interface TaskRunner {
  /** Rejects only when the signal aborts; failures of the file itself come back as outcomes. */
  run(task: AnalysisTask, signal?: AbortSignal): Promise<TaskOutcome>;
  close(): Promise<void>;
}

export class InProcessRunner implements TaskRunner {
  async run(task: AnalysisTask, signal?: AbortSignal): Promise<TaskOutcome> {
    signal?.throwIfAborted();
    return runTask(task);
  }

  async close(): Promise<void> {}
}
