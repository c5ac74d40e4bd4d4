// Batches: many tool calls submitted at once, run by whichever instances have room, each
// job's result stored exactly once. The states follow the MCP tasks extension
// (io.modelcontextprotocol/tasks: working, input_required, completed, cancelled, failed) so a
// batch can be served as a task without changing the store; input_required never occurs here.

export type BatchState = 'working' | 'completed' | 'cancelled' | 'failed';

/** One job of a batch: a call of an analysis tool. */
export interface BatchJob {
  tool: string;
  args: Record<string, unknown>;
}

/** A directory analysis cut into per-chunk jobs; the merged result is the whole analysis. */
export interface BatchSplit {
  tool: string;
  args: Record<string, unknown>;
  /** Files under the path, in chunks of filesPerJob. */
  files: number;
}

/** What a job answered: its envelope's status and data, and where and how it ran. */
export interface JobOutcome {
  status: { success: boolean; code: string; message?: string; retryable?: boolean; details?: Record<string, unknown> };
  data: unknown;
  /** The instance that ran it; absent when it never ran (cancelled while queued). */
  instanceId?: string;
  durationMs: number;
  attempts: number;
  startedAt?: string;
}

export interface JobResult extends JobOutcome {
  index: number;
  tool: string;
  args: Record<string, unknown>;
}

export interface BatchCounts {
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/** How a batch was made; kept with its jobs and results until it expires. */
export interface BatchMeta {
  batchId: string;
  /** Who may see it: a hash of the tool session (and principal) it was created under; '' for the id alone. */
  owner: string;
  total: number;
  priority: number;
  createdAt: string;
  expiresAt: string;
  cancelledAt?: string;
  split?: BatchSplit;
}

export interface BatchView {
  meta: BatchMeta;
  counts: BatchCounts;
  /** The merged result of a split batch, once its chunks are done and it was made. */
  merged?: JobOutcome;
}

export interface FinishReport {
  stored: boolean;
  finished: number;
  total: number;
}

/** What starting a job found: run it, or it already has its result, or its batch was cancelled or expired. */
export type StartVerdict = 'start' | 'done' | 'cancelled' | 'gone';

/**
 * Where batches live: the memory of this process, or Redis for a fleet. Every operation is
 * atomic per batch, so a job stores one result whatever the races (retries, takeovers, cancel).
 */
export interface BatchStore {
  create(meta: BatchMeta, jobs: readonly BatchJob[]): Promise<void>;
  view(batchId: string): Promise<BatchView | undefined>;
  jobs(batchId: string, from: number, count: number): Promise<BatchJob[]>;
  results(batchId: string, from: number, count: number): Promise<(JobOutcome | undefined)[]>;
  /**
   * Marks the job running on this instance unless it has a result or its batch is cancelled.
   * `at` is the store's clock at that moment: a start and a cancel are ordered on one clock.
   */
  tryStart(batchId: string, index: number, instanceId: string): Promise<{ verdict: StartVerdict; at: string }>;
  /** Stores the job's result if it has none; `finished` = jobs with a result after this one, of `total`. */
  finish(batchId: string, index: number, outcome: JobOutcome): Promise<FinishReport>;
  /**
   * Marks the batch cancelled at the store's clock and stores a cancelled result for every job
   * not running. A batch already done (every job finished, a split batch merged) is left as it is.
   */
  cancel(batchId: string): Promise<void>;
  /** The merged result of a split batch (first writer wins). */
  setMerged(batchId: string, outcome: JobOutcome): Promise<boolean>;
  close(): Promise<void>;
}

/** A queued unit of work: one job of a batch, or the merge of a split batch (index -1). */
export interface QueuedJob {
  batchId: string;
  index: number;
}

export const MERGE_INDEX = -1;

/** Hands queued jobs to the workers of every instance (BullMQ with Redis, in process otherwise). */
export interface JobQueue {
  /** Durable before it resolves: the jobs survive this instance. */
  add(jobs: readonly QueuedJob[], priority: number): Promise<void>;
  /** Starts this instance's worker: `handle` runs one job. */
  work(handle: (job: QueuedJob) => Promise<void>): Promise<void>;
  /** Stops taking jobs (shutdown); resolves when the running ones are done. */
  stopWorking(): Promise<void>;
  /** Tells every instance that a batch was cancelled (its running jobs stop). */
  announceCancel(batchId: string): Promise<void>;
  onCancel(listener: (batchId: string) => void): void;
  close(): Promise<void>;
}
