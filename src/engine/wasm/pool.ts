import { Worker } from 'node:worker_threads';
import type { AnalysisTask, TaskOutcome } from './task.js';
import type { SizedRunner } from './runner.js';
import type { BatchMessage, ResultMessage } from './worker.js';
import type { WorkerEntry } from './worker-entry.js';

interface Pending {
  task: AnalysisTask;
  signal: AbortSignal | undefined;
  resolve: (outcome: TaskOutcome) => void;
  reject: (reason: unknown) => void;
}

interface Slot {
  worker: Worker;
  batch: number;
  /** The batch in flight; entries before `done` are answered. */
  busy: Pending[];
  done: number;
}

export interface PoolOptions {
  size: number;
  batchSize: number;
  entry: WorkerEntry;
}

/**
 * Worker threads, started lazily, each fed batches of files. A worker that dies takes
 * only the file it was on with it: that file comes back as a failed outcome, the rest of
 * its batch is queued again, and a fresh worker takes its place. Aborting a run stops
 * dispatching its files and terminates the workers busy with them.
 */
export class WorkerPool implements SizedRunner {
  readonly capacity: number;
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Pending[] = [];
  private readonly watched = new WeakSet<AbortSignal>();
  private batchCounter = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.size) }, () => undefined);
    this.capacity = this.slots.length * Math.max(1, options.batchSize);
  }

  run(task: AnalysisTask, signal?: AbortSignal): Promise<TaskOutcome> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const pending: Pending = { task, signal, resolve, reject };
      // One listener per signal, not per file: a run shares one signal across thousands of files.
      if (signal && !this.watched.has(signal)) {
        this.watched.add(signal);
        signal.addEventListener('abort', () => this.abort(signal), { once: true });
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    await Promise.all(
      this.slots.map((slot, i) => (slot ? this.retire(i, new Error('worker pool closed')) : undefined)),
    );
  }

  private pump(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      const slot = this.slots[i] ?? this.spawn(i);
      if (slot.busy.length > 0) continue;
      const batch = this.queue.splice(0, this.options.batchSize);
      slot.batch = ++this.batchCounter;
      slot.busy = batch;
      slot.done = 0;
      slot.worker.ref();
      slot.worker.postMessage({ batch: slot.batch, tasks: batch.map((p) => p.task) } satisfies BatchMessage);
    }
  }

  private spawn(index: number): Slot {
    const entry = this.options.entry;
    const worker = entry.kind === 'file' ? new Worker(entry.url) : new Worker(entry.code, { eval: true });
    const slot: Slot = { worker, batch: 0, busy: [], done: 0 };
    worker.on('message', (message: ResultMessage) => this.onResult(slot, message));
    worker.on('error', (error) => this.onCrash(index, slot, error));
    worker.on('exit', (code) => this.onCrash(index, slot, new Error(`worker exited with code ${code}`)));
    // Idle workers must not keep the process alive.
    worker.unref();
    this.slots[index] = slot;
    return slot;
  }

  private onResult(slot: Slot, message: ResultMessage): void {
    if (message.batch !== slot.batch) return;
    slot.busy[message.index]?.resolve(message.outcome);
    slot.done = message.index + 1;
    if (slot.done >= slot.busy.length) {
      slot.busy = [];
      slot.worker.unref();
      this.pump();
    }
  }

  private onCrash(index: number, slot: Slot, error: Error): void {
    if (this.slots[index] !== slot) return; // already replaced or retired
    this.slots[index] = undefined;
    const culprit = slot.busy[slot.done];
    culprit?.resolve({ ok: false, error: `worker crashed: ${error.message}` });
    this.queue.unshift(...slot.busy.slice(slot.done + 1));
    slot.busy = [];
    void slot.worker.terminate();
    if (!this.closed) this.pump();
  }

  private abort(signal: AbortSignal): void {
    const reason: unknown = signal.reason;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.signal === signal) this.queue.splice(i, 1)[0]!.reject(reason);
    }
    this.slots.forEach((slot, i) => {
      if (slot && slot.busy.slice(slot.done).some((p) => p.signal === signal)) void this.retire(i, reason);
    });
    this.pump();
  }

  /** Stops a worker; its unanswered files are rejected (aborted) or requeued (others' runs). */
  private async retire(index: number, reason: unknown): Promise<void> {
    const slot = this.slots[index];
    if (!slot) return;
    this.slots[index] = undefined;
    for (const p of slot.busy.slice(slot.done)) {
      if (this.closed || (p.signal?.aborted ?? false)) p.reject(p.signal?.reason ?? reason);
      else this.queue.push(p);
    }
    slot.busy = [];
    await slot.worker.terminate();
  }
}
