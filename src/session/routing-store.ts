import type { ExecutionRecord } from '../envelope/execution-record.js';
import { ToolError } from '../envelope/errors.js';
import type { MemorySessionStore } from './memory-store.js';
import type { Session, SessionCreateInput, SessionLock, SessionPage, SessionPatch, SessionStore } from './types.js';

// The gradual rollout of Redis sessions (flag sessions.redisPercent): a share of new sessions
// is created in the shared store, the rest in this instance's memory. The id says where a
// session lives, so a lookup never tries both stores: an id stays a UUID (the tools' schemas,
// clients and the export format take UUIDs), and its version field is the mark. randomUUID's
// version 4 keeps its meaning, the shared store (every id issued before this store existed is
// one); a session in memory gets version 8, RFC 9562's version for ids of an application's
// own layout: `xxxxxxxx-xxxx-8xxx-…`.

const VERSION_AT = 14;

/** Whether an id names a session kept in an instance's memory rather than the shared store. */
export function isMemorySessionId(id: string): boolean {
  return id.length === 36 && id[VERSION_AT] === '8';
}

function memoryId(id: string): string {
  return `${id.slice(0, VERSION_AT)}8${id.slice(VERSION_AT + 1)}`;
}

export interface RoutingCounts {
  /** New sessions created here in each store since start. */
  created: { redis: number; memory: number };
}

const SHARED_CURSOR = 'r:';
const MEMORY_CURSOR = 'm:';

export class RoutingSessionStore implements SessionStore {
  readonly kind: 'memory' | 'redis';
  private readonly created = { redis: 0, memory: 0 };

  /**
   * @param shared the fleet's store (Redis, possibly with its memory fallback)
   * @param memory this instance's sessions
   * @param inShared decides, for each new session, whether it goes to the shared store
   */
  constructor(
    private readonly shared: SessionStore,
    private readonly memory: MemorySessionStore,
    private readonly inShared: () => boolean,
  ) {
    this.kind = shared.kind;
  }

  counts(): RoutingCounts {
    return { created: { ...this.created } };
  }

  async create(input: SessionCreateInput): Promise<Session> {
    if (this.inShared()) {
      const session = await this.shared.create(input);
      this.created.redis++;
      return session;
    }
    // The memory store makes the session (its limit, its TTL rules); it is then filed under its marked id.
    const made = await this.memory.create(input);
    await this.memory.delete(made.id);
    const session = { ...made, id: memoryId(made.id) };
    this.memory.restore([session]);
    this.created.memory++;
    return session;
  }

  get(id: string): Promise<Session | undefined> {
    return this.storeOf(id).get(id);
  }
  update(id: string, expectedVersion: number, patch: SessionPatch): Promise<Session> {
    return this.storeOf(id).update(id, expectedVersion, patch);
  }
  appendHistory(id: string, records: ExecutionRecord[]): Promise<void> {
    return this.storeOf(id).appendHistory(id, records);
  }
  delete(id: string): Promise<boolean> {
    return this.storeOf(id).delete(id);
  }
  touch(id: string, ttlMs?: number): Promise<boolean> {
    return this.storeOf(id).touch(id, ttlMs);
  }
  lock(id: string, options?: { ttlMs?: number; waitMs?: number }): Promise<SessionLock> {
    return this.storeOf(id).lock(id, options);
  }

  /**
   * The shared store's sessions, then this instance's. The cursor says which store it
   * continues (`r:`/`m:`); a cursor without that mark is the shared store's (one issued before).
   */
  async list(options: { cursor?: string; limit?: number } = {}): Promise<SessionPage> {
    const limit = options.limit ?? 50;
    const cursor = options.cursor;
    if (cursor?.startsWith(MEMORY_CURSOR)) return this.listMemory(cursor.slice(MEMORY_CURSOR.length), limit);
    const inner = cursor?.startsWith(SHARED_CURSOR) ? cursor.slice(SHARED_CURSOR.length) : cursor;
    const page = await this.shared.list({ limit, ...(inner ? { cursor: inner } : {}) });
    if (page.nextCursor) return { sessions: page.sessions, nextCursor: SHARED_CURSOR + page.nextCursor };
    if (page.sessions.length >= limit) return { sessions: page.sessions, nextCursor: MEMORY_CURSOR };
    const rest = await this.listMemory('', limit - page.sessions.length);
    return {
      sessions: [...page.sessions, ...rest.sessions],
      ...(rest.nextCursor ? { nextCursor: rest.nextCursor } : {}),
    };
  }

  /** Live sessions in both stores (for metrics, as the stores' own count: a SCAN in Redis). */
  async count(): Promise<number> {
    const countOf = (store: SessionStore) =>
      (store as { count?: () => Promise<number> }).count?.() ?? Promise.resolve(0);
    const [shared, memory] = await Promise.all([countOf(this.shared), countOf(this.memory)]);
    return shared + memory;
  }

  async healthy(): Promise<boolean> {
    return this.shared.healthy();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.shared.close(), this.memory.close()]);
  }

  private storeOf(id: string): SessionStore {
    return isMemorySessionId(id) ? this.memory : this.shared;
  }

  private async listMemory(cursor: string, limit: number): Promise<SessionPage> {
    if (cursor && !isMemorySessionId(cursor))
      throw new ToolError('INVALID_ARGUMENT', 'The cursor is not one this store returned.');
    const page = await this.memory.list({ limit, ...(cursor ? { cursor } : {}) });
    return { sessions: page.sessions, ...(page.nextCursor ? { nextCursor: MEMORY_CURSOR + page.nextCursor } : {}) };
  }
}
