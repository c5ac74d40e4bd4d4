import type { ExecutionRecord } from '../envelope/execution-record.js';

// Execution records outlive the call that made them, so any instance can answer for them.
// A running execution holds a lease its instance renews; when the instance dies the lease
// runs out and a sweeper (on any instance) closes the record as failed: never stuck running.

export const INSTANCE_LOST = 'instance lost';

export interface StartOptions {
  /** Which instance runs it (for diagnostics and for heartbeat ownership). */
  owner: string;
  leaseMs: number;
  /** The execution's persisted form (`Execution.persisted()`); plain JSON. */
  snapshot?: unknown;
}

export interface HeartbeatOptions {
  owner: string;
  leaseMs: number;
  snapshot?: unknown;
  record?: ExecutionRecord;
}

export interface ExecutionRecordStore {
  readonly kind: 'memory' | 'redis';
  /** Store a running record with its snapshot and take the lease. */
  start(record: ExecutionRecord, options: StartOptions): Promise<void>;
  /**
   * Renew the lease (and save a newer snapshot or record). False when the execution was
   * already closed (by a sweeper or another instance): the caller should stop working on it.
   */
  heartbeat(executionId: string, options: HeartbeatOptions): Promise<boolean>;
  /** Store the final record and drop snapshot and lease. False when it was already closed. */
  finish(record: ExecutionRecord): Promise<boolean>;
  get(executionId: string): Promise<ExecutionRecord | undefined>;
  /** The persisted snapshot of a running execution; undefined once finished. */
  getSnapshot(executionId: string): Promise<unknown>;
  /** Close running executions whose lease expired as failed ('instance lost'); returns them. */
  sweep(): Promise<ExecutionRecord[]>;
  close(): Promise<void>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'timedOut', 'cancelled']);

export function isTerminal(record: ExecutionRecord): boolean {
  return TERMINAL.has(record.state);
}

/** The record of an execution whose instance stopped renewing its lease. */
export function closeAsLost(record: ExecutionRecord, nowMs: number): ExecutionRecord {
  const at = new Date(nowMs).toISOString();
  return {
    ...record,
    state: 'failed',
    transitions: [...record.transitions, { state: 'failed', at }],
    endedAt: at,
    durationMs: Math.max(0, nowMs - Date.parse(record.startedAt)),
    outcome: {
      code: 'INTERNAL',
      message: `${INSTANCE_LOST}: the instance running this execution stopped renewing its lease`,
    },
  };
}

export interface Stoppable {
  stop(): void;
}

/** Renews the lease every leaseMs/3 until stopped; onLost when the store says it was closed. */
export function keepLeaseAlive(
  store: ExecutionRecordStore,
  executionId: string,
  options: HeartbeatOptions & { snapshot?: unknown; currentSnapshot?: () => unknown; onLost?: () => void },
): Stoppable {
  const beat = async () => {
    try {
      const snapshot = options.currentSnapshot?.();
      const alive = await store.heartbeat(executionId, { ...options, ...(snapshot !== undefined ? { snapshot } : {}) });
      if (!alive) {
        clearInterval(timer);
        options.onLost?.();
      }
    } catch {
      // The store is unreachable: keep trying; the lease may still outlive the outage.
    }
  };
  const timer = setInterval(() => void beat(), Math.max(10, Math.floor(options.leaseMs / 3)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Runs store.sweep() periodically on this instance; every instance may run one. */
export function startSweeper(
  store: ExecutionRecordStore,
  options: { intervalMs: number; onClosed?: (records: ExecutionRecord[]) => void; onError?: (error: unknown) => void },
): Stoppable {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const closed = await store.sweep();
      if (closed.length) options.onClosed?.(closed);
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
