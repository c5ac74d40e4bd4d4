import type { FileTags } from '../tags.js';
import type { FileAnalysis, Language } from '../types.js';
import { analyzeFile } from './analyze-file.js';
import { tagsOfFile } from './tags.js';

/** One file to analyse: plain data, so it crosses into a worker thread unchanged. */
export interface AnalysisTask {
  path: string;
  language: Language;
  source: string;
  /** `AnalyzeOptions.importsOnly`: only what the dependency graph reads. */
  importsOnly?: boolean;
  /** The file's tags (Engine.tags) instead of its analysis. */
  tags?: boolean;
}

export type TaskOutcome =
  { ok: true; analysis: FileAnalysis } | { ok: true; tags: FileTags } | { ok: false; error: string };

/** Runs one task in this thread; a thrown error becomes data so one bad file never ends a run. */
export async function runTask(task: AnalysisTask): Promise<TaskOutcome> {
  try {
    if (task.tags) return { ok: true, tags: await tagsOfFile(task.path, task.language, task.source) };
    return { ok: true, analysis: await analyzeFile(task.path, task.language, task.source, task.importsOnly === true) };
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
