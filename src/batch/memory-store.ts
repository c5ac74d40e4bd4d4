import type { BatchJob, BatchMeta, BatchStore, BatchView, FinishReport, JobOutcome, StartVerdict } from './types.js';
import { cancelledOutcome, countsOf } from './outcomes.js';

interface Entry {
  meta: BatchMeta;
  jobs: readonly BatchJob[];
  results: (JobOutcome | undefined)[];
  running: Map<number, string>;
  finished: number;
  merged?: JobOutcome;
}

/** Batches of this process (the memory store); expired ones are dropped when next touched or swept. */
export class MemoryBatchStore implements BatchStore {
  private readonly batches = new Map<string, Entry>();

  private entry(batchId: string): Entry | undefined {
    const entry = this.batches.get(batchId);
    if (entry && Date.parse(entry.meta.expiresAt) <= Date.now()) {
      this.batches.delete(batchId);
      return undefined;
    }
    return entry;
  }

  async create(meta: BatchMeta, jobs: readonly BatchJob[]): Promise<void> {
    for (const [id] of this.batches) this.entry(id);
    this.batches.set(meta.batchId, { meta, jobs, results: new Array(jobs.length), running: new Map(), finished: 0 });
  }

  async view(batchId: string): Promise<BatchView | undefined> {
    const e = this.entry(batchId);
    if (!e) return undefined;
    return {
      meta: e.meta,
      counts: countsOf(e.meta.total, e.running.size, e.results),
      ...(e.merged ? { merged: e.merged } : {}),
    };
  }

  async jobs(batchId: string, from: number, count: number): Promise<BatchJob[]> {
    return this.entry(batchId)?.jobs.slice(from, from + count) ?? [];
  }

  async results(batchId: string, from: number, count: number): Promise<(JobOutcome | undefined)[]> {
    const e = this.entry(batchId);
    if (!e) return [];
    return Array.from({ length: Math.max(0, Math.min(count, e.meta.total - from)) }, (_, i) => e.results[from + i]);
  }

  async tryStart(batchId: string, index: number, instanceId: string): Promise<{ verdict: StartVerdict; at: string }> {
    const at = new Date().toISOString();
    const e = this.entry(batchId);
    if (!e) return { verdict: 'gone', at };
    if (e.results[index]) return { verdict: 'done', at };
    if (e.meta.cancelledAt) return { verdict: 'cancelled', at };
    e.running.set(index, instanceId);
    return { verdict: 'start', at };
  }

  async finish(batchId: string, index: number, outcome: JobOutcome): Promise<FinishReport> {
    const e = this.entry(batchId);
    if (!e) return { stored: false, finished: 0, total: 0 };
    e.running.delete(index);
    if (e.results[index]) return { stored: false, finished: e.finished, total: e.meta.total };
    e.results[index] = outcome;
    e.finished += 1;
    return { stored: true, finished: e.finished, total: e.meta.total };
  }

  async cancel(batchId: string): Promise<void> {
    const e = this.entry(batchId);
    if (!e || e.meta.cancelledAt) return;
    if (e.finished === e.meta.total && (!e.meta.split || e.merged)) return;
    const at = new Date().toISOString();
    e.meta = { ...e.meta, cancelledAt: at };
    const cancelled = cancelledOutcome();
    for (let i = 0; i < e.meta.total; i++) {
      if (e.results[i] || e.running.has(i)) continue;
      e.results[i] = cancelled;
      e.finished += 1;
    }
  }

  async setMerged(batchId: string, outcome: JobOutcome): Promise<boolean> {
    const e = this.entry(batchId);
    if (!e || e.merged) return false;
    e.merged = outcome;
    return true;
  }

  async close(): Promise<void> {
    this.batches.clear();
  }
}
