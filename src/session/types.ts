import type { ExecutionRecord } from '../envelope/execution-record.js';

// Sessions carry state between calls of stateful tools. The store is an interface with
// an in-memory implementation (default) and a Redis one; both pass one contract suite.

export interface Session {
  id: string;
  label?: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /** TTL in ms, refreshed on use. */
  ttlMs: number;
  /** Incremented by every successful update; used for optimistic concurrency. */
  version: number;
  /** Tool-owned state, keyed by tool name. */
  state: Record<string, unknown>;
  /** The latest execution records, oldest first, bounded by the store's history limit. */
  history: ExecutionRecord[];
}

export interface SessionCreateInput {
  label?: string;
  ttlMs?: number;
}

export interface SessionPatch {
  /** Merged shallowly into Session.state: each key given replaces that key (one key per tool). */
  state?: Record<string, unknown>;
  label?: string;
  /** Records to append to the history (the store trims to its limit). */
  appendHistory?: ExecutionRecord[];
  /** From SessionLock: refused (SESSION_CONFLICT) when older than the latest lock granted. */
  fencingToken?: number;
}

export interface SessionPage {
  sessions: Session[];
  nextCursor?: string;
}

export interface SessionLock {
  key: string;
  token: string;
  /** Monotonic per key: a write carrying an older token than the latest grant is refused. */
  fencingToken: number;
  release(): Promise<boolean>;
  /** Renews the lock for ttlMs from now; false when it is no longer held (expired and taken). */
  extend(ttlMs: number): Promise<boolean>;
}

export interface SessionStore {
  readonly kind: 'memory' | 'redis';
  create(input: SessionCreateInput): Promise<Session>;
  /** undefined when unknown or expired. */
  get(id: string): Promise<Session | undefined>;
  /**
   * Apply a patch if the stored version equals expectedVersion; otherwise throw
   * SESSION_CONFLICT. Unknown or expired: SESSION_NOT_FOUND. Returns the new session.
   */
  update(id: string, expectedVersion: number, patch: SessionPatch): Promise<Session>;
  /** Append history without a version check (records are independent facts). */
  appendHistory(id: string, records: ExecutionRecord[]): Promise<void>;
  delete(id: string): Promise<boolean>;
  list(options?: { cursor?: string; limit?: number }): Promise<SessionPage>;
  /** Refresh the TTL; false when the session is gone. */
  touch(id: string, ttlMs?: number): Promise<boolean>;
  /** Acquire an exclusive lock on a session (waits up to waitMs). Throws SESSION_CONFLICT on timeout. */
  lock(id: string, options?: { ttlMs?: number; waitMs?: number }): Promise<SessionLock>;
  healthy(): Promise<boolean>;
  /** Live sessions in the whole store (for metrics; in Redis a SCAN, so not for a hot path). */
  count?(): Promise<number>;
  close(): Promise<void>;
}

export const DEFAULT_SESSION_TTL_MS = 30 * 60 * 1000;
export const MAX_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const HISTORY_LIMIT = 200;
