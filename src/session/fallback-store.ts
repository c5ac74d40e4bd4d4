import { isToolError } from '../envelope/errors.js';
import type { ExecutionRecord } from '../envelope/execution-record.js';
import type { Session, SessionCreateInput, SessionLock, SessionPage, SessionPatch, SessionStore } from './types.js';

export interface FallbackStatus {
  /** true while calls are served by the local fallback (Redis unreachable). */
  degraded: boolean;
  since?: string;
  /** Sessions that exist only in this instance's memory (created during an outage). */
  localSessions: number;
  outages: number;
}

/**
 * `--store-fallback memory`: when the primary (Redis) is unreachable, serve from local memory
 * instead of failing with STORE_UNAVAILABLE. Loud by design: onDegraded fires (log a
 * warning) and status() goes to server_info. Sessions created during the outage stay local
 * to this instance; sessions that live in Redis are not reachable until it returns.
 */
export class FallbackSessionStore implements SessionStore {
  readonly kind: 'memory' | 'redis';
  private readonly local = new Set<string>();
  private degradedSince: number | undefined;
  private outages = 0;

  constructor(
    private readonly primary: SessionStore,
    private readonly fallback: SessionStore,
    private readonly onDegraded: (degraded: boolean, reason: string) => void = () => {},
  ) {
    this.kind = primary.kind;
  }

  status(): FallbackStatus {
    return {
      degraded: this.degradedSince !== undefined,
      ...(this.degradedSince !== undefined ? { since: new Date(this.degradedSince).toISOString() } : {}),
      localSessions: this.local.size,
      outages: this.outages,
    };
  }

  async create(input: SessionCreateInput): Promise<Session> {
    const fromPrimary = await this.tryPrimary(() => this.primary.create(input));
    if (fromPrimary.ok) return fromPrimary.value;
    const s = await this.fallback.create(input);
    this.local.add(s.id);
    return s;
  }

  get(id: string): Promise<Session | undefined> {
    return this.route(id, (store) => store.get(id));
  }
  update(id: string, expectedVersion: number, patch: SessionPatch): Promise<Session> {
    return this.route(id, (store) => store.update(id, expectedVersion, patch));
  }
  appendHistory(id: string, records: ExecutionRecord[]): Promise<void> {
    return this.route(id, (store) => store.appendHistory(id, records));
  }
  async delete(id: string): Promise<boolean> {
    const deleted = await this.route(id, (store) => store.delete(id));
    this.local.delete(id);
    return deleted;
  }
  list(options?: { cursor?: string; limit?: number }): Promise<SessionPage> {
    return this.route(undefined, (store) => store.list(options));
  }
  touch(id: string, ttlMs?: number): Promise<boolean> {
    return this.route(id, (store) => store.touch(id, ttlMs));
  }
  lock(id: string, options?: { ttlMs?: number; waitMs?: number }): Promise<SessionLock> {
    return this.route(id, (store) => store.lock(id, options));
  }
  async healthy(): Promise<boolean> {
    return (await this.primary.healthy()) || (await this.fallback.healthy());
  }
  /** The primary's sessions, plus those created locally during an outage. */
  async count(): Promise<number> {
    if (!this.primary.count) throw new Error(`the ${this.primary.kind} store does not count its sessions`);
    return (await this.primary.count()) + this.local.size;
  }
  async close(): Promise<void> {
    await this.primary.close();
    await this.fallback.close();
  }

  /** Local sessions stay local; the rest go to the primary, or to the fallback while it is down. */
  private async route<T>(id: string | undefined, fn: (store: SessionStore) => Promise<T>): Promise<T> {
    if (id !== undefined && this.local.has(id)) return fn(this.fallback);
    const result = await this.tryPrimary(() => fn(this.primary));
    return result.ok ? result.value : fn(this.fallback);
  }

  private async tryPrimary<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      const value = await fn();
      if (this.degradedSince !== undefined) {
        this.degradedSince = undefined;
        this.onDegraded(false, 'primary store reachable again');
      }
      return { ok: true, value };
    } catch (error) {
      if (!isToolError(error) || error.code !== 'STORE_UNAVAILABLE') throw error;
      if (this.degradedSince === undefined) {
        this.degradedSince = Date.now();
        this.outages++;
        this.onDegraded(true, error.message);
      }
      return { ok: false };
    }
  }
}
