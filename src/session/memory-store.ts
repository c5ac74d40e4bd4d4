import { ToolError } from '../envelope/errors.js';
import type { ExecutionRecord } from '../envelope/execution-record.js';
import {
  DEFAULT_SESSION_TTL_MS,
  HISTORY_LIMIT,
  MAX_SESSION_TTL_MS,
  type Session,
  type SessionCreateInput,
  type SessionLock,
  type SessionPage,
  type SessionPatch,
  type SessionStore,
} from './types.js';
import { LocalLocks } from './local-locks.js';
import { newSession } from './new-session.js';

const lockKey = (id: string) => `session:${id}`;

export interface MemoryStoreOptions {
  maxSessions?: number;
  defaultTtlMs?: number;
  historyLimit?: number;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
}

/**
 * The embedded default store. Sessions live in a Map in insertion order, which also gives
 * list() a stable cursor (the id to continue after). Expiry is checked on access and swept
 * lazily, so no timer keeps the process alive.
 */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  private readonly sessions = new Map<string, Session>();
  private readonly locks: LocalLocks;
  private readonly maxSessions: number;
  private readonly defaultTtlMs: number;
  private readonly historyLimit: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxSessions = options.maxSessions ?? 10_000;
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_SESSION_TTL_MS;
    this.historyLimit = options.historyLimit ?? HISTORY_LIMIT;
    this.now = options.now ?? Date.now;
    this.locks = new LocalLocks(this.now);
  }

  async create(input: SessionCreateInput): Promise<Session> {
    if (this.sessions.size >= this.maxSessions) this.sweep();
    if (this.sessions.size >= this.maxSessions) {
      throw new ToolError('SESSION_LIMIT', `The session store is full (${this.maxSessions} live sessions).`, {
        maxSessions: this.maxSessions,
      });
    }
    const session = newSession(input, this.defaultTtlMs, this.now());
    this.sessions.set(session.id, session);
    return structuredClone(session);
  }

  async get(id: string): Promise<Session | undefined> {
    const live = this.live(id);
    if (!live) return undefined;
    this.refresh(live);
    return structuredClone(live);
  }

  async update(id: string, expectedVersion: number, patch: SessionPatch): Promise<Session> {
    const live = this.requireLive(id);
    if (live.version !== expectedVersion) {
      throw new ToolError('SESSION_CONFLICT', `Session ${id} is at version ${live.version}, not ${expectedVersion}.`, {
        expectedVersion,
        actualVersion: live.version,
      });
    }
    if (patch.fencingToken !== undefined && patch.fencingToken < this.locks.latestFencingToken(lockKey(id))) {
      throw new ToolError(
        'SESSION_CONFLICT',
        `A newer lock on session ${id} was granted; this writer's lock expired.`,
        {
          fencingToken: patch.fencingToken,
        },
      );
    }
    if (patch.state) live.state = { ...live.state, ...structuredClone(patch.state) };
    if (patch.label !== undefined) live.label = patch.label;
    if (patch.appendHistory) this.append(live, patch.appendHistory);
    live.version += 1;
    this.refresh(live);
    return structuredClone(live);
  }

  async appendHistory(id: string, records: ExecutionRecord[]): Promise<void> {
    const live = this.requireLive(id);
    this.append(live, records);
    this.refresh(live);
  }

  async delete(id: string): Promise<boolean> {
    const existed = this.live(id) !== undefined;
    this.sessions.delete(id);
    return existed;
  }

  async list(options: { cursor?: string; limit?: number } = {}): Promise<SessionPage> {
    this.sweep();
    const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
    const ids = [...this.sessions.keys()];
    let start = 0;
    if (options.cursor) {
      const at = ids.indexOf(options.cursor);
      // A cursor whose session has since gone: continue from the start of what is left after it in time.
      start = at >= 0 ? at + 1 : ids.length;
    }
    const page = ids.slice(start, start + limit).map((id) => structuredClone(this.sessions.get(id)!));
    const last = page.at(-1);
    return { sessions: page, ...(start + limit < ids.length && last ? { nextCursor: last.id } : {}) };
  }

  async touch(id: string, ttlMs?: number): Promise<boolean> {
    const live = this.live(id);
    if (!live) return false;
    if (ttlMs !== undefined) live.ttlMs = Math.min(ttlMs, MAX_SESSION_TTL_MS);
    this.refresh(live);
    return true;
  }

  async lock(id: string, options: { ttlMs?: number; waitMs?: number } = {}): Promise<SessionLock> {
    this.requireLive(id);
    return this.locks.acquire(lockKey(id), options.ttlMs ?? 30_000, options.waitMs ?? 5_000);
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async count(): Promise<number> {
    this.sweep();
    return this.sessions.size;
  }

  async close(): Promise<void> {
    this.sessions.clear();
  }

  /** Every live session, for the snapshot written on shutdown. */
  snapshot(): Session[] {
    this.sweep();
    return [...this.sessions.values()].map((s) => structuredClone(s));
  }

  /** Load sessions from a snapshot; expired ones are dropped. Returns how many were loaded. */
  restore(sessions: Session[]): number {
    let loaded = 0;
    for (const s of sessions) {
      if (Date.parse(s.expiresAt) <= this.now()) continue;
      this.sessions.set(s.id, structuredClone(s));
      loaded++;
    }
    return loaded;
  }

  private live(id: string): Session | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (Date.parse(s.expiresAt) <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  private requireLive(id: string): Session {
    const s = this.live(id);
    if (!s) throw new ToolError('SESSION_NOT_FOUND', `No live session with id ${id}.`, { sessionId: id });
    return s;
  }

  private refresh(s: Session): void {
    const at = this.now();
    s.updatedAt = new Date(at).toISOString();
    s.expiresAt = new Date(at + s.ttlMs).toISOString();
  }

  private append(s: Session, records: ExecutionRecord[]): void {
    s.history.push(...structuredClone(records));
    if (s.history.length > this.historyLimit) s.history.splice(0, s.history.length - this.historyLimit);
  }

  private sweep(): void {
    for (const id of [...this.sessions.keys()]) this.live(id);
  }
}
