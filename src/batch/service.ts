import { createHash, randomBytes } from 'node:crypto';
import type { ErrorCode } from '../envelope/catalog.js';
import { ToolError } from '../envelope/errors.js';
import { cancelledOutcome } from './outcomes.js';
import {
  MERGE_INDEX,
  type BatchCounts,
  type BatchJob,
  type BatchMeta,
  type BatchSplit,
  type BatchState,
  type BatchStore,
  type BatchView,
  type JobOutcome,
  type JobQueue,
  type JobResult,
  type QueuedJob,
} from './types.js';

export const MAX_BATCH_JOBS = 10_000;
export const DEFAULT_BATCH_TTL_MS = 60 * 60 * 1000;
export const MAX_BATCH_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const DEFAULT_PRIORITY = 5;
/** Bad jobs listed in a refusal's details (all are counted). */
const MAX_LISTED_INVALID = 20;
/** Split batches whose merge this instance queued, remembered (a bound: servers run for months). */
const MAX_REMEMBERED_MERGES = 10_000;
/** How often a waiting batch_status looks at its batch again. */
const WAIT_POLL_MS = 200;

/** How jobs are checked and run: the registry and the execution service, given by the composition root. */
export interface JobRunner {
  /** Why a job cannot run (unknown tool, not a batchable tool, invalid arguments), or undefined. */
  check(tool: string, args: unknown): ToolError | undefined;
  /** Runs one call through the execution machine; never throws (failures are outcomes). */
  run(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<JobOutcome>;
}

export interface SubmitRequest {
  jobs: readonly BatchJob[];
  split?: BatchSplit;
  owner: string;
  priority?: number;
  ttlMs?: number;
}

export interface BatchStatus extends BatchView {
  state: BatchState;
}

/** Who a batch belongs to: the tool session it was made in (hashed: ids never stored twice); '' when none. */
export function ownerOf(sessionId: string | undefined): string {
  return sessionId ? createHash('sha256').update(`session:${sessionId}`).digest('hex').slice(0, 32) : '';
}

function finishedOf(counts: BatchCounts): number {
  return counts.completed + counts.failed + counts.cancelled;
}

export function stateOf(view: BatchView): BatchState {
  const done = finishedOf(view.counts) === view.meta.total;
  if (view.meta.cancelledAt) return done ? 'cancelled' : 'working';
  if (!done) return 'working';
  if (!view.meta.split) return 'completed';
  if (!view.merged) return 'working';
  return view.merged.status.success ? 'completed' : 'failed';
}

/**
 * Batches: submit, status, cancel, and this instance's worker. Jobs run through the runner
 * (the execution machine: validation, deadline, retries of retryable codes, records); the
 * store keeps one result per job whatever the races, and a batch made by `split` gets its
 * merged result from one whole-tree run once every chunk is done — served from the per-file
 * results the chunks left in the shared cache, so it equals a single analysis by construction.
 */
export class BatchService {
  private readonly running = new Map<string, Set<AbortController>>();
  private readonly mergesAsked = new Set<string>();
  private closing = false;

  constructor(
    private readonly store: BatchStore,
    private readonly queue: JobQueue,
    private readonly runner: JobRunner,
    private readonly instanceId: string,
  ) {
    queue.onCancel((batchId) => this.abortLocal(batchId, 'The batch was cancelled.'));
  }

  /** Starts taking jobs on this instance (servers do; a command-line client does only with the memory store). */
  async startWorker(): Promise<void> {
    await this.queue.work((job) => this.handle(job));
  }

  /** Shutdown: no new jobs here; resolves when the running ones are done (they run on the execution service). */
  async stopWorker(): Promise<void> {
    this.closing = true;
    await this.queue.stopWorking();
  }

  async submit(request: SubmitRequest): Promise<{ batchId: string; total: number; expiresAt: string }> {
    const { jobs } = request;
    if (jobs.length === 0) throw new ToolError('INVALID_ARGUMENT', 'A batch needs at least one job.');
    if (jobs.length > MAX_BATCH_JOBS)
      throw new ToolError('INVALID_ARGUMENT', `A batch holds at most ${MAX_BATCH_JOBS} jobs, not ${jobs.length}.`, {
        jobs: jobs.length,
        max: MAX_BATCH_JOBS,
      });
    this.checkJobs(jobs);
    const split = request.split && this.runner.check(request.split.tool, request.split.args);
    if (split) throw new ToolError(split.code, `split.args: ${split.message}`, split.details);
    const now = Date.now();
    const ttlMs = Math.min(request.ttlMs ?? DEFAULT_BATCH_TTL_MS, MAX_BATCH_TTL_MS);
    const meta: BatchMeta = {
      batchId: randomBytes(16).toString('base64url'),
      owner: request.owner,
      total: jobs.length,
      priority: request.priority ?? DEFAULT_PRIORITY,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + ttlMs).toISOString(),
      ...(request.split ? { split: request.split } : {}),
    };
    await this.store.create(meta, jobs);
    try {
      await this.queue.add(
        jobs.map((_, index) => ({ batchId: meta.batchId, index })),
        meta.priority,
      );
    } catch (error) {
      // Some jobs may be queued: the cancel makes sure none of them runs, so a retry cannot run work twice.
      await this.store.cancel(meta.batchId).catch(() => undefined);
      throw new ToolError(
        'STORE_UNAVAILABLE',
        `The batch could not be queued (${error instanceof Error ? error.message : String(error)}); nothing of it will run: submit it again.`,
        { batchId: meta.batchId },
        { cause: error },
      );
    }
    return { batchId: meta.batchId, total: meta.total, expiresAt: meta.expiresAt };
  }

  /** Every job checked before anything is stored: the first bad one names the error, all of them are listed. */
  private checkJobs(jobs: readonly BatchJob[]): void {
    const invalid: { index: number; tool: string; code: string; message: string }[] = [];
    jobs.forEach((job, index) => {
      const problem = this.runner.check(job.tool, job.args);
      if (problem) invalid.push({ index, tool: job.tool, code: problem.code, message: problem.message });
    });
    const first = invalid[0];
    if (!first) return;
    const more = invalid.length > 1 ? ` (${invalid.length - 1} more jobs are invalid: details.invalid)` : '';
    throw new ToolError(first.code as ErrorCode, `Job ${first.index} (${first.tool}): ${first.message}${more}`, {
      index: first.index,
      tool: first.tool,
      invalid: invalid.slice(0, MAX_LISTED_INVALID),
      invalidTotal: invalid.length,
    });
  }

  /** The batch as its owner sees it; another owner's (or an expired) batch is NOT_FOUND. */
  async status(batchId: string, owner: string): Promise<BatchStatus> {
    const view = await this.store.view(batchId);
    if (!view || view.meta.owner !== owner) throw notFound(batchId);
    const state = stateOf(view);
    if (state === 'working' && view.meta.split && !view.meta.cancelledAt && !view.merged) {
      // The merge is queued by the worker that stores the last chunk; asked again here in case that worker died.
      if (finishedOf(view.counts) === view.meta.total) await this.askMerge(batchId, view.meta.priority);
    }
    return { ...view, state };
  }

  /** Waits until the batch is no longer working, the wait is over, or the caller gives up. */
  async waitFor(
    batchId: string,
    owner: string,
    waitMs: number,
    options: { signal: AbortSignal; progress?: (done: number, total: number) => void },
  ): Promise<BatchStatus> {
    const deadline = Date.now() + waitMs;
    let status = await this.status(batchId, owner);
    let reported = -1;
    while (status.state === 'working' && Date.now() < deadline && !options.signal.aborted) {
      const done = finishedOf(status.counts);
      if (done !== reported) options.progress?.(done, status.meta.total);
      reported = done;
      await sleep(Math.min(WAIT_POLL_MS, deadline - Date.now()), options.signal);
      status = await this.status(batchId, owner);
    }
    return status;
  }

  /** Results from `from` on, with their jobs; entries without a result yet are left out of the count. */
  async results(batchId: string, from: number, count: number): Promise<(JobResult | undefined)[]> {
    const [jobs, outcomes] = await Promise.all([
      this.store.jobs(batchId, from, count),
      this.store.results(batchId, from, count),
    ]);
    return jobs.map((job, i) => {
      const outcome = outcomes[i];
      return outcome ? { index: from + i, tool: job.tool, args: job.args, ...outcome } : undefined;
    });
  }

  async cancel(batchId: string, owner: string): Promise<BatchStatus> {
    const view = await this.store.view(batchId);
    if (!view || view.meta.owner !== owner) throw notFound(batchId);
    await this.store.cancel(batchId);
    await this.queue.announceCancel(batchId);
    return this.status(batchId, owner);
  }

  /** Stops taking jobs; running ones finish (or are cancelled by the shutdown) and are not stored as cancelled. */
  async close(): Promise<void> {
    this.closing = true;
    await this.queue.close();
    await this.store.close();
  }

  /** One queued job on this instance: start it unless done or cancelled, run it, store its result once. */
  private async handle(job: QueuedJob): Promise<void> {
    if (job.index === MERGE_INDEX) return this.merge(job.batchId);
    // Tracked before it may start: a cancel announced while it starts still reaches it.
    const controller = this.track(job.batchId);
    try {
      const { verdict, at: startedAt } = await this.store.tryStart(job.batchId, job.index, this.instanceId);
      if (verdict === 'gone' || verdict === 'done') return;
      if (verdict === 'cancelled') return void (await this.store.finish(job.batchId, job.index, cancelledOutcome()));
      const [spec] = await this.store.jobs(job.batchId, job.index, 1);
      if (!spec) return;
      const outcome = await this.runner.run(spec.tool, spec.args, controller.signal).catch(internalOutcome);
      // Cancelled by this instance's shutdown, not by the client: leave it to be run again elsewhere.
      if (this.closing && outcome.status.code === 'CANCELLED' && !controller.signal.aborted)
        throw new Error('interrupted by shutdown');
      const { finished, total } = await this.store.finish(job.batchId, job.index, {
        ...outcome,
        instanceId: this.instanceId,
        startedAt,
      });
      if (finished === total) await this.afterLast(job.batchId);
    } finally {
      this.untrack(job.batchId, controller);
    }
  }

  private async afterLast(batchId: string): Promise<void> {
    const view = await this.store.view(batchId);
    if (view?.meta.split && !view.meta.cancelledAt && !view.merged) await this.askMerge(batchId, view.meta.priority);
  }

  private async askMerge(batchId: string, priority: number): Promise<void> {
    if (this.mergesAsked.has(batchId)) return;
    this.mergesAsked.add(batchId);
    // Only to spare the queue repeated adds (a second one is a no-op anyway): keep the newest.
    if (this.mergesAsked.size > MAX_REMEMBERED_MERGES)
      this.mergesAsked.delete(this.mergesAsked.values().next().value as string);
    await this.queue.add([{ batchId, index: MERGE_INDEX }], priority);
  }

  /** The whole analysis a split batch stands for, run once its chunks are done. */
  private async merge(batchId: string): Promise<void> {
    const view = await this.store.view(batchId);
    if (!view?.meta.split || view.merged || view.meta.cancelledAt) return;
    const controller = this.track(batchId);
    const startedAt = new Date().toISOString();
    try {
      const { tool, args } = view.meta.split;
      const outcome = await this.runner.run(tool, args, controller.signal).catch(internalOutcome);
      if (this.closing && outcome.status.code === 'CANCELLED' && !controller.signal.aborted)
        throw new Error('interrupted by shutdown');
      await this.store.setMerged(batchId, { ...outcome, instanceId: this.instanceId, startedAt });
    } finally {
      this.untrack(batchId, controller);
    }
  }

  private track(batchId: string): AbortController {
    const controller = new AbortController();
    let set = this.running.get(batchId);
    if (!set) this.running.set(batchId, (set = new Set()));
    set.add(controller);
    return controller;
  }

  private untrack(batchId: string, controller: AbortController): void {
    const set = this.running.get(batchId);
    set?.delete(controller);
    if (set?.size === 0) this.running.delete(batchId);
  }

  private abortLocal(batchId: string, reason: string): void {
    for (const controller of this.running.get(batchId) ?? []) controller.abort(reason);
  }
}

/** A runner that threw (it should answer every failure as an outcome): the job still gets its one result. */
function internalOutcome(error: unknown): JobOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: { success: false, code: 'INTERNAL', message, retryable: false },
    data: null,
    durationMs: 0,
    attempts: 1,
  };
}

function notFound(batchId: string): ToolError {
  return new ToolError(
    'NOT_FOUND',
    `No batch ${batchId} here: it never existed, expired, or was made by another client or session.`,
    {
      batchId,
    },
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
