import type { JobQueue, QueuedJob } from './types.js';

/**
 * The memory store's queue: jobs of this process, lowest priority number first, then in
 * order of arrival, run `concurrency` at a time. Nothing survives the process (the store's
 * batches do not either).
 */
export class LocalJobQueue implements JobQueue {
  private readonly pending: { job: QueuedJob; priority: number; seq: number }[] = [];
  private readonly cancelListeners: ((batchId: string) => void)[] = [];
  private handle: ((job: QueuedJob) => Promise<void>) | undefined;
  private running = 0;
  private seq = 0;
  private closed = false;
  private readonly idle = new Set<() => void>();

  constructor(private readonly concurrency: number) {}

  async add(jobs: readonly QueuedJob[], priority: number): Promise<void> {
    for (const job of jobs) this.pending.push({ job, priority, seq: this.seq++ });
    this.pending.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    this.pump();
  }

  async work(handle: (job: QueuedJob) => Promise<void>): Promise<void> {
    this.handle = handle;
    this.pump();
  }

  async stopWorking(): Promise<void> {
    await this.close();
  }

  async announceCancel(batchId: string): Promise<void> {
    for (const listener of this.cancelListeners) listener(batchId);
  }

  onCancel(listener: (batchId: string) => void): void {
    this.cancelListeners.push(listener);
  }

  /** Stops taking jobs and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  private pump(): void {
    const handle = this.handle;
    if (!handle) return;
    while (!this.closed && this.running < this.concurrency && this.pending.length > 0) {
      const { job } = this.pending.shift()!;
      this.running += 1;
      void handle(job)
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          if (this.running === 0) {
            for (const resolve of this.idle) resolve();
            this.idle.clear();
          }
          this.pump();
        });
    }
  }
}
