import type { Histogram } from 'prom-client';
import type { ExecutionRecord } from '../envelope/execution-record.js';
import type {
  Session,
  SessionCreateInput,
  SessionLock,
  SessionPage,
  SessionPatch,
  SessionStore,
} from '../session/types.js';

type Observe = (seconds: number) => void;

/** Times one store operation into its histogram child, whether it resolves or throws. */
async function timed<T>(observe: Observe, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    observe((performance.now() - started) / 1000);
  }
}

/**
 * A session store whose every operation is timed into mca_store_operation_duration_seconds
 * {store, op}. Wrapped once at the composition root, so no store (memory, Redis, the
 * fallback, whatever comes next) carries metric code; healthy() and close() are not timed
 * (probes and shutdown, not traffic).
 */
export class TimedSessionStore implements SessionStore {
  readonly kind: 'memory' | 'redis';
  // Children bound once: a labelled observe hashes its labels on every call.
  private readonly ops: Record<string, Observe>;

  constructor(
    private readonly inner: SessionStore,
    histogram: Histogram<'store' | 'op'>,
  ) {
    this.kind = inner.kind;
    const names = ['create', 'get', 'update', 'appendHistory', 'delete', 'list', 'touch', 'lock', 'release', 'extend'];
    this.ops = Object.fromEntries(
      names.map((op) => {
        const child = histogram.labels({ store: inner.kind, op });
        return [op, (s: number) => child.observe(s)];
      }),
    );
  }

  create(input: SessionCreateInput): Promise<Session> {
    return timed(this.ops.create!, () => this.inner.create(input));
  }
  get(id: string): Promise<Session | undefined> {
    return timed(this.ops.get!, () => this.inner.get(id));
  }
  update(id: string, expectedVersion: number, patch: SessionPatch): Promise<Session> {
    return timed(this.ops.update!, () => this.inner.update(id, expectedVersion, patch));
  }
  appendHistory(id: string, records: ExecutionRecord[]): Promise<void> {
    return timed(this.ops.appendHistory!, () => this.inner.appendHistory(id, records));
  }
  delete(id: string): Promise<boolean> {
    return timed(this.ops.delete!, () => this.inner.delete(id));
  }
  list(options?: { cursor?: string; limit?: number }): Promise<SessionPage> {
    return timed(this.ops.list!, () => this.inner.list(options));
  }
  touch(id: string, ttlMs?: number): Promise<boolean> {
    return timed(this.ops.touch!, () => this.inner.touch(id, ttlMs));
  }
  /** The wait for the lock is part of `lock`; its release and renewals are ops of their own. */
  async lock(id: string, options?: { ttlMs?: number; waitMs?: number }): Promise<SessionLock> {
    const lock = await timed(this.ops.lock!, () => this.inner.lock(id, options));
    const { release, extend } = this.ops;
    return {
      key: lock.key,
      token: lock.token,
      fencingToken: lock.fencingToken,
      release: () => timed(release!, () => lock.release()),
      extend: (ttlMs) => timed(extend!, () => lock.extend(ttlMs)),
    };
  }
  /** Not timed: a metrics scrape, not traffic. Rejects when the store cannot count. */
  count(): Promise<number> {
    return this.inner.count
      ? this.inner.count()
      : Promise.reject(new Error(`the ${this.kind} store does not count its sessions`));
  }
  healthy(): Promise<boolean> {
    return this.inner.healthy();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
