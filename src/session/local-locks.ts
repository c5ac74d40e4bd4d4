import { randomUUID } from 'node:crypto';
import { ToolError } from '../envelope/errors.js';
import type { SessionLock } from './types.js';

interface Held {
  token: string;
  expiresAt: number;
}

/**
 * In-process exclusive locks with expiry and fencing tokens: the same semantics as the
 * Redis locks (SET NX PX + compare-and-delete), so the stores are interchangeable.
 */
export class LocalLocks {
  private readonly held = new Map<string, Held>();
  private readonly fencing = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(key: string, ttlMs: number, waitMs: number): Promise<SessionLock> {
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      const current = this.held.get(key);
      if (!current || current.expiresAt <= this.now()) return this.grant(key, ttlMs);
      if (Date.now() >= giveUpAt) {
        throw new ToolError('SESSION_CONFLICT', `Lock ${key} is held by another call.`, { key });
      }
      await new Promise((r) => setTimeout(r, Math.min(10, Math.max(1, giveUpAt - Date.now()))));
    }
  }

  /** The latest fencing token granted for a key: writes carrying an older one are stale. */
  latestFencingToken(key: string): number {
    return this.fencing.get(key) ?? 0;
  }

  private grant(key: string, ttlMs: number): SessionLock {
    const token = randomUUID();
    const fencingToken = (this.fencing.get(key) ?? 0) + 1;
    this.fencing.set(key, fencingToken);
    this.held.set(key, { token, expiresAt: this.now() + ttlMs });
    return {
      key,
      token,
      fencingToken,
      release: async () => {
        const current = this.held.get(key);
        if (current?.token !== token) return false;
        this.held.delete(key);
        return true;
      },
      extend: async (ms: number) => {
        const current = this.held.get(key);
        if (current?.token !== token || current.expiresAt <= this.now()) return false;
        current.expiresAt = this.now() + ms;
        return true;
      },
    };
  }
}
