import { availableParallelism } from 'node:os';
import { WorkerPool } from './pool.js';
import { InProcessRunner, type TaskRunner } from './task.js';
import { resolveWorkerEntry, type WorkerEntry } from './worker-entry.js';

export interface RunnerOptions {
  /** Worker threads; 0 parses in this thread. Default: available cores, at most 8; in this thread on one core. */
  threads?: number;
  /** Files sent to a worker at once (default 16): fewer messages, still fine-grained progress. */
  batchSize?: number;
  /** Overrides how workers start (tests). */
  workerEntry?: WorkerEntry;
}

export interface SizedRunner extends TaskRunner {
  /** How many tasks it can work on at once. */
  readonly capacity: number;
}

export const MAX_DEFAULT_THREADS = 8;

export function defaultThreads(): number {
  const cores = availableParallelism();
  return cores <= 1 ? 0 : Math.min(cores, MAX_DEFAULT_THREADS);
}

/** A worker pool when threads are wanted and a worker entry exists, else this thread. */
export function createRunner(options: RunnerOptions): SizedRunner {
  const threads = options.threads ?? defaultThreads();
  const entry = threads > 0 ? (options.workerEntry ?? resolveWorkerEntry()) : undefined;
  if (!entry) return Object.assign(new InProcessRunner(), { capacity: 1 });
  return new WorkerPool({ size: threads, batchSize: options.batchSize ?? 16, entry });
}
