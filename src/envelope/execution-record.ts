// The execution record: what happened to one tool call. Plain JSON, so it can be stored
// in a session's history, in Redis, or printed.

export type ExecutionState = 'validating' | 'running' | 'succeeded' | 'failed' | 'timedOut' | 'cancelled';

export interface StateTransition {
  state: ExecutionState | 'retrying';
  at: string; // ISO timestamp
}

export interface ExecutionRecord {
  executionId: string;
  tool: string;
  /** sha256 of the canonical JSON of the arguments (never the arguments themselves: they may be large). */
  argsHash: string;
  sessionId?: string;
  /** The caller's W3C traceparent (from the request's _meta, SEP-414), joining this record to its trace. */
  traceparent?: string;
  state: ExecutionState;
  transitions: StateTransition[];
  attempts: number;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  outcome?: { code: string; message?: string };
}
