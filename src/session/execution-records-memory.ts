import type { ExecutionRecord } from '../envelope/execution-record.js';
import {
  closeAsLost,
  isTerminal,
  type ExecutionRecordStore,
  type HeartbeatOptions,
  type StartOptions,
} from './execution-record-store.js';

interface Entry {
  record: ExecutionRecord;
  snapshot?: unknown;
  owner?: string;
  leaseUntil?: number;
}

export interface MemoryExecutionRecordOptions {
  /** Oldest records are dropped beyond this many (insertion order). */
  maxRecords?: number;
  now?: () => number;
}

/** One instance's records in a Map: the embedded default, same semantics as Redis. */
export class MemoryExecutionRecordStore implements ExecutionRecordStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly maxRecords: number;
  private readonly now: () => number;

  constructor(options: MemoryExecutionRecordOptions = {}) {
    this.maxRecords = options.maxRecords ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async start(record: ExecutionRecord, options: StartOptions): Promise<void> {
    this.entries.delete(record.executionId);
    this.entries.set(record.executionId, {
      record: structuredClone(record),
      snapshot: structuredClone(options.snapshot),
      owner: options.owner,
      leaseUntil: this.now() + options.leaseMs,
    });
    while (this.entries.size > this.maxRecords) this.entries.delete(this.entries.keys().next().value!);
  }

  async heartbeat(executionId: string, options: HeartbeatOptions): Promise<boolean> {
    const entry = this.entries.get(executionId);
    if (!entry || isTerminal(entry.record)) return false;
    entry.leaseUntil = this.now() + options.leaseMs;
    entry.owner = options.owner;
    if (options.snapshot !== undefined) entry.snapshot = structuredClone(options.snapshot);
    if (options.record) entry.record = structuredClone(options.record);
    return true;
  }

  async finish(record: ExecutionRecord): Promise<boolean> {
    const entry = this.entries.get(record.executionId);
    if (entry && isTerminal(entry.record)) return false;
    this.entries.set(record.executionId, { record: structuredClone(record) });
    return true;
  }

  async get(executionId: string): Promise<ExecutionRecord | undefined> {
    const entry = this.entries.get(executionId);
    return entry ? structuredClone(entry.record) : undefined;
  }

  async getSnapshot(executionId: string): Promise<unknown> {
    return structuredClone(this.entries.get(executionId)?.snapshot);
  }

  async sweep(): Promise<ExecutionRecord[]> {
    const closed: ExecutionRecord[] = [];
    const now = this.now();
    for (const entry of this.entries.values()) {
      if (isTerminal(entry.record) || entry.leaseUntil === undefined || entry.leaseUntil > now) continue;
      entry.record = closeAsLost(entry.record, now);
      delete entry.snapshot;
      delete entry.leaseUntil;
      closed.push(structuredClone(entry.record));
    }
    return closed;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
